"""The bad-input corpus: every kind of broken input through the real CLI gives exit 1,
one line ``Error: ...`` naming the file (and place), no traceback, and an unchanged
project."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Cli, Write

SAMPLES = ROOT / "transcripts_sample"
KUBE = (ROOT / "codebooks" / "kube_wonogiri.yaml").read_text("utf-8")
MINI = """id: t
title: T
categories:
  - id: c
    label: C
    codes:
      - id: a
        label: A
        definition: D
        match:
          keywords: [latih]
"""
GOOD_TXT = "P: Ada pelatihan?\nI: Ada, pelatihan menjahit.\n"


def w(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def docx_bytes() -> bytes:
    return b"PK\x03\x04" + b"\x00" * 40 + b"broken"


def zipped(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


CSV_HEAD = "document,segment,code,status,coder,memo\n"
QDC_HEAD = "<?xml version='1.0'?>"

# (kind, case id, builder(tmp) -> CLI args, expected text in the one error line)
Case = tuple[str, str, Callable[[Path], list[str]], str]
CASES: list[Case] = [
    # -- codebooks ------------------------------------------------------------------------
    (
        "codebook",
        "yaml-syntax",
        lambda t: ["codebook", "check", str(w(t / "c.yaml", "id: [x\n"))],
        "c.yaml:2:1: YAML syntax",
    ),
    (
        "codebook",
        "tabs",
        lambda t: ["codebook", "check", str(w(t / "c.yaml", "id: x\n\ttitle: y\n"))],
        "c.yaml:2:1: YAML syntax: a tab character",
    ),
    (
        "codebook",
        "wrong-type",
        lambda t: [
            "codebook",
            "check",
            str(w(t / "c.yaml", MINI.replace("label: A", "label: [A]"))),
        ],
        "c.yaml:8:16: categories[0]",
    ),
    (
        "codebook",
        "duplicate-id",
        lambda t: [
            "codebook",
            "check",
            str(w(t / "c.yaml", MINI + "      - id: a\n        label: B\n        definition: D\n")),
        ],
        "duplicate code id 'c.a'",
    ),
    (
        "codebook",
        "unknown-key",
        lambda t: [
            "codebook",
            "check",
            str(
                w(
                    t / "c.yaml",
                    MINI.replace("definition: D", "defintion: D\n        definition: D"),
                )
            ),
        ],
        "unknown key 'defintion' (did you mean 'definition'?)",
    ),
    (
        "codebook",
        "regex-compile",
        lambda t: [
            "codebook",
            "check",
            str(w(t / "c.yaml", MINI.replace("keywords: [latih]", "regex: ['[a-']"))),
        ],
        "c.yaml:11:19: categories[0].codes[0].match.regex[0]: regex '[a-' does not compile",
    ),
    (
        "codebook",
        "catastrophic-regex",
        lambda t: [
            "suggest",
            str(w(t / "long.txt", "P: Ada?\nI: " + "a" * 10_000 + "b\n")),
            "-c",
            str(w(t / "c.yaml", MINI.replace("keywords: [latih]", "regex: ['(a+)+$']"))),
        ],
        "c.a: rule regex:(a+)+$ took longer than 1 s on long#1",
    ),
    (
        "codebook",
        "empty",
        lambda t: ["codebook", "check", str(w(t / "c.yaml", ""))],
        "c.yaml:1:1: the file is empty",
    ),
    (
        "codebook",
        "not-utf8",
        lambda t: ["codebook", "check", str(w(t / "c.yaml", b"id: x\ntitle: caf\xe9\n"))],
        "c.yaml:2:1: not UTF-8 text",
    ),
    (
        "codebook",
        "50mb",
        lambda t: ["codebook", "check", str(big(t / "c.yaml", 50))],
        "c.yaml:1:1: file is 50 MB; a codebook may be at most 5 MB",
    ),
    (
        "codebook",
        "missing",
        lambda t: ["codebook", "show", str(t / "none.yaml")],
        "none.yaml:1:1: no such file",
    ),
    (
        "codebook",
        "update-invalid",
        lambda t: ["codebook", "update", str(w(t / "c.yaml", "id: [x\n"))],
        "c.yaml:2:1: YAML syntax",
    ),
    (
        "codebook",
        "init-invalid",
        lambda t: [
            "init",
            "-p",
            str(t / "new.sqlite"),
            "-c",
            str(w(t / "c.yaml", MINI.replace("id: a", "id: A"))),
        ],
        "c.yaml:7:13",
    ),
    # -- transcripts ----------------------------------------------------------------------
    ("transcript", "empty", lambda t: ["add", str(w(t / "e.txt", ""))], "e.txt: the file is empty"),
    (
        "transcript",
        "binary",
        lambda t: ["add", str(w(t / "b.txt", b"\x89PNG\r\n\x1a\n\x00\x00"))],
        "b.txt: not a text transcript",
    ),
    (
        "transcript",
        "only-interviewer",
        lambda t: ["add", str(w(t / "q.txt", "P: Ada apa?\nP: Lalu?\n"))],
        "q.txt: only interviewer turns (P)",
    ),
    (
        "transcript",
        "bad-utf8-inside-utf8",
        lambda t: ["add", str(w(t / "u.txt", b"P: caf\xc3\xa9\nI: na\xefve \xc3\xa9\n"))],
        "u.txt:2: invalid UTF-8 byte",
    ),
    (
        "transcript",
        "corrupted-docx",
        lambda t: ["add", str(w(t / "d.docx", docx_bytes()))],
        "d.docx: not a readable .docx file",
    ),
    (
        "transcript",
        "vtt-broken-times",
        lambda t: ["add", str(w(t / "v.vtt", "WEBVTT\n\n00:01.000 --> later\nP: x\n"))],
        "v.vtt:3: broken cue time",
    ),
    (
        "transcript",
        "vtt-no-header",
        lambda t: ["add", str(w(t / "v.vtt", "00:01.000 --> 00:02.000\nx\n"))],
        "v.vtt:1: a WebVTT file must start with WEBVTT",
    ),
    (
        "transcript",
        "srt-broken-times",
        lambda t: ["add", str(w(t / "s.srt", "1\n00:00:01,000 --> soon\nP: x\n"))],
        "s.srt:2: broken cue time",
    ),
    (
        "transcript",
        "unknown-format",
        lambda t: ["add", str(w(t / "x.pdf", b"%PDF-1.4"))],
        "x.pdf: unknown transcript format '.pdf'",
    ),
    ("transcript", "missing", lambda t: ["add", str(t / "gone.txt")], "gone.txt: no such file"),
    (
        "transcript",
        "front-matter-open",
        lambda t: ["add", str(w(t / "f.md", "---\nid: x\nP: a\n"))],
        "f.md:1: front matter starts with --- but never ends",
    ),
    (
        "transcript",
        "front-matter-yaml",
        lambda t: ["add", str(w(t / "f.md", "---\nrole: [a\n---\nP: a\nI: b\n"))],
        "f.md:2: front matter is not valid YAML",
    ),
    (
        "transcript",
        "utf16-no-bom",
        lambda t: ["add", str(w(t / "u16.txt", GOOD_TXT.encode("utf-16-le")))],
        "u16.txt: not a text transcript",
    ),
    (
        "transcript",
        "changed-without-replace",
        lambda t: [
            "add",
            str(
                w(
                    t / "w01_pendamping_sri.md",
                    (SAMPLES / "w01_pendamping_sri.md")
                    .read_text("utf-8")
                    .replace("Pertama ya", "Pertama kali"),
                )
            ),
        ],
        "already in the project with different text",
    ),
    # -- CSV imports ----------------------------------------------------------------------
    (
        "csv",
        "wrong-header",
        lambda t: ["codings", "import", str(w(t / "c.csv", "doc,seg\nw01,1\n")), "--coder", "x"],
        "c.csv:1: missing columns document, segment, code",
    ),
    (
        "csv",
        "unknown-document",
        lambda t: [
            "codings",
            "import",
            str(w(t / "c.csv", CSV_HEAD + "w99,1,,,x,\n")),
            "--coder",
            "x",
        ],
        "c.csv:2: unknown document 'w99'",
    ),
    (
        "csv",
        "unknown-segment",
        lambda t: [
            "codings",
            "import",
            str(w(t / "c.csv", CSV_HEAD + "w01,999,,,x,\n")),
            "--coder",
            "x",
        ],
        "c.csv:2: document 'w01' has no segment 999",
    ),
    (
        "csv",
        "unknown-code",
        lambda t: [
            "codings",
            "import",
            str(w(t / "c.csv", CSV_HEAD + "w01,1,hasil.gaji,added,x,\n")),
            "--coder",
            "x",
        ],
        "c.csv:2: unknown code 'hasil.gaji'",
    ),
    (
        "csv",
        "duplicate-rows",
        lambda t: [
            "codings",
            "import",
            str(w(t / "c.csv", CSV_HEAD + "w01,1,,,x,\nw01,1,,,x,\n")),
            "--coder",
            "x",
        ],
        "c.csv:3: duplicate row",
    ),
    (
        "csv",
        "zero-bytes",
        lambda t: ["codings", "import", str(w(t / "c.csv", b"")), "--coder", "x"],
        "c.csv: the file is empty",
    ),
    (
        "csv",
        "bad-status",
        lambda t: [
            "codings",
            "import",
            str(w(t / "c.csv", CSV_HEAD + "w01,1,hasil.pendapatan,yes,x,\n")),
            "--coder",
            "x",
        ],
        "c.csv:2: status must be",
    ),
    (
        "csv",
        "attributes-header",
        lambda t: [
            "add",
            str(w(t / "n.txt", GOOD_TXT)),
            "--attributes",
            str(w(t / "a.csv", "doc,role\nn,x\n")),
        ],
        "a.csv:1: the first column must be 'document'",
    ),
    (
        "csv",
        "attributes-duplicate",
        lambda t: [
            "add",
            str(w(t / "n.txt", GOOD_TXT)),
            "--attributes",
            str(w(t / "a.csv", "document,role\nn,x\nn,y\n")),
        ],
        "a.csv:3: document 'n' appears twice",
    ),
    # -- REFI-QDA -------------------------------------------------------------------------
    (
        "refi",
        "malformed-xml",
        lambda t: [
            "codebook",
            "import",
            str(w(t / "x.qdc", "<CodeBook><Codes>")),
            "-o",
            str(t / "o.yaml"),
        ],
        "x.qdc: not well-formed XML",
    ),
    (
        "refi",
        "wrong-root",
        lambda t: ["codebook", "import", str(w(t / "x.qdc", "<Codes/>")), "-o", str(t / "o.yaml")],
        "x.qdc: the root element is <Codes>",
    ),
    (
        "refi",
        "external-entity",
        lambda t: [
            "codebook",
            "import",
            str(
                w(
                    t / "x.qdc",
                    QDC_HEAD + '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    "<CodeBook><Codes>&e;</Codes></CodeBook>",
                )
            ),
            "-o",
            str(t / "o.yaml"),
        ],
        "x.qdc: refused: the XML declares entities",
    ),
    (
        "refi",
        "entity-bomb",
        lambda t: [
            "codebook",
            "import",
            str(
                w(
                    t / "x.qdc",
                    QDC_HEAD
                    + '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                    + "".join(
                        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
                        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
                    )
                    + "]><CodeBook><Codes>&i;</Codes></CodeBook>",
                )
            ),
            "-o",
            str(t / "o.yaml"),
        ],
        "x.qdc: refused: the XML declares entities",
    ),
    (
        "refi",
        "zip-traversal",
        lambda t: [
            "init",
            "-p",
            str(t / "n.sqlite"),
            "--from-qdpx",
            str(zipped(t / "e.qdpx", {"project.qde": "<Project name='x'/>", "../../x": "boom"})),
        ],
        "e.qdpx: refused: unsafe member name '../../x'",
    ),
    (
        "refi",
        "not-a-zip",
        lambda t: [
            "init",
            "-p",
            str(t / "n.sqlite"),
            "--from-qdpx",
            str(w(t / "e.qdpx", b"not a zip")),
        ],
        "e.qdpx: not a .qdpx (zip) file",
    ),
    (
        "refi",
        "no-qde",
        lambda t: [
            "init",
            "-p",
            str(t / "n.sqlite"),
            "--from-qdpx",
            str(zipped(t / "e.qdpx", {"Sources/a.txt": "x"})),
        ],
        "e.qdpx: no project.qde inside",
    ),
    # -- projects -------------------------------------------------------------------------
    (
        "project",
        "not-a-database",
        lambda t: ["status", "-p", str(w(t / "x.sqlite", "hello" * 1000))],
        "x.sqlite: not a kube-qda project",
    ),
    (
        "project",
        "other-database",
        lambda t: ["status", "-p", str(other_db(t / "o.sqlite"))],
        "o.sqlite: not a kube-qda project",
    ),
    (
        "project",
        "newer-schema",
        lambda t: ["status", "-p", str(newer(t))],
        "made by a newer kube-qda",
    ),
    (
        "project",
        "missing",
        lambda t: ["status", "-p", str(t / "none.sqlite")],
        "none.sqlite: no such project",
    ),
    ("project", "locked-by-writer", lambda t: ["pretag"], "the project is busy"),
    # -- reading back and reshaping codes (a project's own kind of bad input) -------------
    ("project", "quotes-unknown-code", lambda t: ["quotes", "--code", "x.y"], "unknown code 'x.y'"),
    (
        "project",
        "quotes-unknown-attribute",
        lambda t: ["quotes", "--code", "kendala.pemasaran", "--where", "umur=40"],
        "no document has attribute 'umur'",
    ),
    (
        "project",
        "quotes-where-without-value",
        lambda t: ["quotes", "--code", "kendala.pemasaran", "--where", "role"],
        "write ATTRIBUTE=VALUE",
    ),
    ("project", "memos-unknown-code", lambda t: ["memos", "--code", "x.y"], "unknown code 'x.y'"),
    ("project", "search-malformed", lambda t: ["search", "harga+"], "give words"),
    ("project", "search-bad-reach", lambda t: ["search", "jual~3"], "write ~N after a + query"),
    ("project", "search-unknown-code", lambda t: ["search", "jual", "--code", "x.y"], "'x.y'"),
    ("project", "codes-rename-unknown", lambda t: ["codes", "rename", "x.y", "x.z"], "'x.y'"),
    (
        "project",
        "codes-delete-in-use",
        lambda t: ["codes", "delete", "hasil.pendapatan"],
        "codings use hasil.pendapatan",
    ),
    (
        "project",
        "codes-merge-into-unknown",
        lambda t: ["codes", "merge", "hasil.pendapatan", "--into", "x.y"],
        "unknown code 'x.y'",
    ),
]


def big(path: Path, megabytes: int) -> Path:
    with path.open("wb") as f:
        f.truncate(megabytes * 1024 * 1024)
    return path


def other_db(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    return path


def newer(tmp: Path) -> Path:
    path = tmp / "newer.sqlite"
    shutil.copy(tmp / "kube-qda.sqlite", path)
    db = sqlite3.connect(path)
    db.execute("INSERT INTO migrations VALUES ('m999_from_the_future', 'x')")
    db.commit()
    db.close()
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with two documents, suggestions and one coder's codings."""
    import os

    folder = tmp_path_factory.mktemp("template")
    old = Path.cwd()
    os.chdir(folder)
    try:
        cli = Cli()
        assert cli("init").exit_code == 0
        assert (
            cli(
                "add",
                str(SAMPLES / "w01_pendamping_sri.md"),
                str(SAMPLES / "w02_anggota_darmi.txt"),
            ).exit_code
            == 0
        )
        assert cli("pretag").exit_code == 0
        cli("review", "--coder", "rina", input="a\nr\n+hasil.pendapatan\nq\n")
    finally:
        os.chdir(old)
    return folder / "kube-qda.sqlite"


def digest(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        dump = "\n".join(db.iterdump())
    finally:
        db.close()
    return hashlib.sha256(dump.encode()).hexdigest()


@pytest.mark.parametrize(
    ("kind", "case", "build", "expected"), CASES, ids=[f"{k}-{c}" for k, c, _, _ in CASES]
)
def test_bad_input(
    kind: str,
    case: str,
    build: Callable[[Path], list[str]],
    expected: str,
    template: Path,
    tmp_path: Path,
) -> None:
    project = tmp_path / "kube-qda.sqlite"
    shutil.copy(template, project)
    before = digest(project)
    args = build(tmp_path)
    lock = None
    if case == "locked-by-writer":
        lock = sqlite3.connect(project, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
    try:
        result = Cli()(*args)
    finally:
        if lock is not None:
            lock.execute("ROLLBACK")
            lock.close()
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.output
    assert digest(project) == before


def test_corpus_size_and_kinds() -> None:
    kinds = {k for k, _, _, _ in CASES}
    assert len(CASES) >= 40
    assert kinds == {"codebook", "transcript", "csv", "refi", "project"}


def test_no_speaker_labels_is_a_warning_not_an_error(cli: Cli, write: Write) -> None:
    cli("init")
    result = cli("add", str(write("notes.txt", "Catatan lapangan.\n\nParagraf dua.\n")))
    assert result.exit_code == 0
    assert "no speaker labels found" in result.stderr


def test_same_coder_twice_gets_a_clear_message(cli: Cli, template: Path, tmp_path: Path) -> None:

    from kube_qda.project import Project

    project = tmp_path / "p.sqlite"
    shutil.copy(template, project)
    with Project.open(project) as p:
        p.db.execute(
            "INSERT INTO review_sessions VALUES ('rina', 1, ?, 'now')",
            (__import__("socket").gethostname(),),
        )
    result = cli("review", "-p", str(project), "--coder", "rina", input="q\n")
    assert result.exit_code == 1
    assert "rina is already reviewing this project (process 1" in result.stderr
    ok = cli("review", "-p", str(project), "--coder", "dewi", input="q\n")
    assert ok.exit_code == 0


def test_internal_errors_hide_the_traceback_unless_debugging(
    monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        secret = "kata-kata peserta"  # noqa: F841 - a local that must never be printed
        raise RuntimeError("bug")

    monkeypatch.setattr("kube_qda.codebook.render.codebook_tree", boom)
    result = cli("codebook", "show")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unexpected internal error (RuntimeError)")
    assert "peserta" not in result.output and "Traceback" not in result.output
    monkeypatch.setenv("KUBE_QDA_DEBUG", "1")
    debug = cli("codebook", "show")
    assert isinstance(debug.exception, RuntimeError)
