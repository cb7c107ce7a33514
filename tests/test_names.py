"""Participants' names: detection (names/detect.py), the names file (names/mapping.py),
and pseudonymised exports: no mapped name survives in any format a command writes."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from kube_qda.names.detect import DocumentText, detect
from kube_qda.names.mapping import (
    NameEntry,
    NamesFileError,
    Pseudonymiser,
    moved,
    read_names,
    scrub,
)
from kube_qda.project import Project
from tests.conftest import Cli

# -- replacing names -------------------------------------------------------------------

NAMES = Pseudonymiser(
    [
        NameEntry("Sri", "A"),
        NameEntry("Sri Wahyuni", "B"),
        NameEntry("Joko", "C"),
        NameEntry("Untung", "D", case="capitalised"),
        NameEntry("Gesing", "Tempat A", kind="place"),
    ]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bu Sri bilang", "Bu A bilang"),
        ("Bu Sri-nya, Srinya, srine", "Bu A-nya, Anya, ane"),
        ("Pak Joko's warung, PAK JOKO", "Pak C's warung, PAK C"),
        ("Bu Sri Wahyuni dan Bu Sri", "Bu B dan Bu A"),
        ("Bu Sri\n  Wahyuni", "Bu B"),
        ("Srikandi, Asri, Sritex", "Srikandi, Asri, Sritex"),
        ("w01_anggota_sri 2sri sri_2", "w01_anggota_a 2a a_2"),
        ("untungnya Pak Untung, Untung-nya", "untungnya Pak D, D-nya"),
        ("w07_untung", "w07_d"),
        ("Dusun Gesing, ke gesing", "Dusun Tempat A, ke tempat a"),
        ("", ""),
    ],
)
def test_every_mapped_name_is_replaced_as_a_whole_word(text: str, expected: str) -> None:
    assert NAMES(text) == expected


def test_offsets_move_with_the_replacements() -> None:
    text = "Bu Sri-nya bilang ke Pak Joko: Sri Wahyuni dan Joko's anak di Gesing."
    new, edits = NAMES.with_edits(text)
    assert new == "Bu A-nya bilang ke Pak C: B dan C's anak di Tempat A."
    kept = [i for i in range(len(text)) if not any(a <= i < b for a, b, _, _ in edits)]
    assert all(new[moved(i, edits)] == text[i] for i in kept)
    start = text.index("bilang")
    assert new[moved(start, edits) : moved(start + 6, edits)] == "bilang"
    assert moved(len(text), edits) == len(new)


def test_scrub_reaches_every_string_of_a_structure() -> None:
    from kube_qda.analysis.summary import Quote

    value = {
        "Sri": [Quote("w01_sri", 3, "Bu Sri", "kata Pak Joko")],
        "n": (1, 2.5, None, frozenset({"Joko"})),
    }
    assert scrub(value, NAMES) == {
        "A": [Quote("w01_a", 3, "Bu A", "kata Pak C")],
        "n": (1, 2.5, None, frozenset({"C"})),
    }


# -- the names file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,kind\nSri,person\n", "names.csv:1: the names file needs the columns"),
        ("name,pseudonym\nSri,A\nsri,B\n", "names.csv:3: 'sri' is already on line 2"),
        ("name,pseudonym\nSri,\n", "names.csv:2: 'Sri' has no pseudonym"),
        ("name,pseudonym,kind\nSri,A,orang\n", "names.csv:2: kind 'orang' is not one of"),
        ("name,pseudonym,case\nSri,A,upper\n", "names.csv:2: case 'upper' is not one of"),
        ("name,pseudonym\nSri,Joko\nJoko,B\n", "names.csv:2: the pseudonym 'Joko' contains"),
        ("name,pseudonym\n,A\n", "names.csv:2: a pseudonym without a name"),
        ("name,pseudonym\n\n", "names.csv: no names in the file"),
    ],
)
def test_a_bad_names_file_is_refused_with_its_line(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "names.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NamesFileError, match=re.escape(message)):
        read_names(path)


def test_a_names_file_reads_back_with_blank_rows_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text(
        "\ufeffname,pseudonym,kind,case,count,example\nSri ,A,,,4,Bu Sri\n,,,,,\n"
        "Untung,D,person,capitalised,1,\n",
        encoding="utf-8",
    )
    assert read_names(path) == [
        NameEntry("Sri", "A"),
        NameEntry("Untung", "D", "person", "capitalised"),
    ]


# -- detection ---------------------------------------------------------------------------

TRANSCRIPT = """\
Pewawancara: Selamat pagi Bu Sri. Sudah berapa lama ikut KUBE?

Bu Sri: Sejak 2015, Mas. Waktu itu Pak Kadus Gesing yang ngajak, terus Mbak Ratna \
pendampingnya datang tiap bulan. Bu Sri-nya ini dulu susah jualan, pasarnya jauh, \
harga murah. Ibu-ibu KUBE sering rapat.

Pewawancara: Siapa ketuanya?

Bu Sri: Pak Joko. Kalau warung Pak Joko's rame, kami nitip dagangan. Mbah Karto juga \
bantu modal, untungnya lumayan. Pak Untung yang jual ke pasar, Bpk. Harjo yang nyetir.

Pewawancara: Baik, Bu. Matur nuwun sanget.

Bu Sri: Sami-sami, Mas. Salam buat Dik Tono.
"""
ATTRIBUTES = "document,informant,role,desa\nw01_anggota_sri,Bu Sri Wahyuni,anggota,Gesing\n"
EXPECTED = {
    "Sri": "person",
    "Gesing": "place",
    "Ratna": "person",
    "Joko": "person",
    "Karto": "person",
    "Untung": "person",
    "Harjo": "person",
    "Tono": "person",
    "Sri Wahyuni": "person",
    "Kismantoro": "place",
}


def test_detection_finds_labels_honorific_names_attributes_and_listed_places() -> None:
    document = DocumentText(
        "w01_anggota_sri",
        TRANSCRIPT,
        {"informant": "Bu Sri Wahyuni", "role": "anggota", "desa": "Gesing"},
        ["Pewawancara", "Bu Sri", "Pewawancara", "Bu Sri"],
    )
    found = detect([document], places=["Kismantoro"])
    assert {c.name: c.kind for c in found} == EXPECTED
    counts = {c.name: c.count for c in found}
    assert counts["Sri"] == 5 and counts["Joko"] == 2 and counts["Kismantoro"] == 0
    sources = {c.name: c.sources for c in found}
    assert sources["Sri"] == {"honorific", "speaker label"}
    assert sources["Gesing"] == {"honorific", "attribute desa"}


# -- every export of a project, pseudonymised ---------------------------------------------

ORIGINAL = ["Sri", "Wahyuni", "Ratna", "Joko", "Karto", "Untung", "Harjo", "Tono", "Gesing"]


def leaked(text: str) -> list[str]:
    """The original names in ``text`` (whole words; ``Untung`` only capitalised)."""
    found = []
    for name in ORIGINAL:
        flags = 0 if name == "Untung" else re.IGNORECASE
        if re.search(rf"(?<![^\W\d_]){name}(?![^\W\d_])", text, flags):
            found.append(name)
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("names")
    (folder / "w01_anggota_sri.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (folder / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    path = folder / "p.sqlite"
    cli = Cli()
    assert cli("init", "-p", path).exit_code == 0
    added = cli("add", "-p", path, folder / "w01_anggota_sri.txt",
                "--attributes", folder / "attributes.csv")  # fmt: skip
    assert added.exit_code == 0, added.output
    codings = folder / "codings.csv"
    codings.write_text(
        "document,segment,code\nw01_anggota_sri,1,kendala.pemasaran\n"
        "w01_anggota_sri,3,hasil.pendapatan\nw01_anggota_sri,3,strategi.mobilisasi_sumber\n",
        encoding="utf-8",
    )
    assert cli("codings", "import", codings, "--coder", "gold", "-p", path).exit_code == 0
    assert cli("pretag", "-p", path, "--no-model").exit_code == 0
    with Project.open(path) as opened:
        segment = opened.segment_id("w01_anggota_sri", 3)
        assert segment is not None
        opened.set_memo(segment, "gold", "Pak Joko ketua, Bu Sri anggota")
    names = folder / "names.csv"
    detected = cli("names", "detect", "-p", path, "-o", names)
    assert detected.exit_code == 0, detected.output
    applied = cli("names", "apply", names, "-p", path)
    assert applied.exit_code == 0, applied.output
    return path


def _xlsx_text(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    return "\n".join(
        str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
        for value in row if value is not None
    )  # fmt: skip


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _qdpx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())


COMMANDS = [
    ("quotes", "--category", "kendala", "--category", "hasil"),
    ("quotes", "--category", "kendala", "--status", "suggested", "--context"),
    ("memos",),
    ("search", "jual"),
    ("search", "sri"),
    ("summary", "--quotes", "5"),
    ("freq", "--by", "informant"),
    ("matrix",),
    ("matrix", "--by", "desa"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json", "xlsx"])
def test_no_mapped_name_leaves_in_any_format(
    project: Path, tmp_path: Path, command: tuple[str, ...], fmt: str
) -> None:
    cli = Cli()
    out = tmp_path / f"out.{fmt}"
    result = cli(*command, "-p", project, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    text = _xlsx_text(out) if fmt == "xlsx" else out.read_text("utf-8")
    assert text.strip()
    assert leaked(text) == [] and leaked(result.output) == []
    shown = cli(*command, "-p", project, "--format", fmt if fmt != "xlsx" else "table")
    assert leaked(shown.stdout) == []


def test_codings_export_qdpx_and_report_are_pseudonymised(project: Path, tmp_path: Path) -> None:
    cli = Cli()
    codings = cli("codings", "export", "-p", project)
    assert codings.exit_code == 0 and "w01_anggota_" in codings.stdout
    assert leaked(codings.stdout) == []
    assert cli("export", "-p", project, "-o", tmp_path / "p.qdpx").exit_code == 0
    assert leaked(_qdpx_text(tmp_path / "p.qdpx")) == []
    for suffix in (".docx", ".html", ".md"):
        out = tmp_path / f"bab4{suffix}"
        result = cli("report", "-p", project, "-o", out)
        assert result.exit_code == 0, result.output
        text = _docx_text(out) if suffix == ".docx" else out.read_text("utf-8")
        text = re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,", text)  # the figure's bytes
        assert "murah" in text and leaked(text) == []


def test_agreement_lists_disagreements_without_names(project: Path, tmp_path: Path) -> None:
    cli = Cli()
    other = tmp_path / "other.csv"
    other.write_text("document,segment,code\nw01_anggota_sri,3,hasil.pendapatan\n", "utf-8")
    assert cli("codings", "import", other, "--coder", "ani", "-p", project).exit_code == 0
    for fmt in ("table", "csv", "json", "md"):
        result = cli("agreement", "-p", project, "--coder", "gold", "--coder", "ani",
                     "--disagreements", "--format", fmt)  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "w01_anggota_" in result.stdout and leaked(result.stdout) == []


def test_the_qdpx_selections_cover_the_same_words_after_pseudonymising(
    project: Path, tmp_path: Path
) -> None:
    from defusedxml import ElementTree

    assert Cli()("export", "-p", project, "-o", tmp_path / "p.qdpx").exit_code == 0
    names = Pseudonymiser(Project.open(project).pseudonyms())
    with Project.open(project) as opened:
        segments = {(r.document, r.index): r.text for r in opened.segments(informant_only=False)}
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))
        ns = {"q": "urn:QDA-XML:project:1.0"}
        source = root.find(".//q:TextSource", ns)
        assert source is not None
        text = archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
        selections = source.findall("q:PlainTextSelection", ns)
        assert selections
        for selection in selections:
            document, index = selection.get("name", "").split(" ")[1].rsplit("#", 1)
            original = segments[("w01_anggota_sri", int(index))]
            start, end = (
                int(selection.get("startPosition", 0)),
                int(selection.get("endPosition", 0)),
            )
            assert document == names("w01_anggota_sri")
            assert text[start:end] == names(original)


def test_the_stored_transcript_keeps_its_names_and_the_switch_turns_them_back(
    project: Path,
) -> None:
    with Project.open(project) as opened:
        ((_, text, attributes),) = opened.document_rows()
    assert "Bu Sri" in text and attributes["informant"] == "Bu Sri Wahyuni"
    shown = Cli()("quotes", "-p", project, "--category", "kendala", "--no-pseudonymise",
                  "--format", "json")  # fmt: skip
    assert shown.exit_code == 0 and "Sri" in leaked(shown.stdout)


def test_pseudonymise_without_a_mapping_is_an_error(tmp_path: Path) -> None:
    cli = Cli()
    path = tmp_path / "p.sqlite"
    assert cli("init", "-p", path).exit_code == 0
    result = cli("summary", "-p", path, "--pseudonymise")
    assert result.exit_code == 1
    assert "no names mapping yet; run kube-qda names detect" in result.output
    assert "Traceback" not in result.output


def test_detect_keeps_the_researchers_pseudonyms(project: Path, tmp_path: Path) -> None:
    cli = Cli()
    names = tmp_path / "names.csv"
    names.write_text("name,pseudonym,kind\nSri,Bu Melati,person\n", encoding="utf-8")
    result = cli("names", "detect", "-p", project, "-o", names)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(names.read_text("utf-8-sig"))))
    assert rows[0]["name"] == "Sri" and rows[0]["pseudonym"] == "Bu Melati"
    assert {r["name"] for r in rows} >= set(EXPECTED) - {"Kismantoro"}
    assert len({r["pseudonym"] for r in rows}) == len(rows)
    shown = cli("names", "show", "-p", project)
    assert shown.exit_code == 0 and "pseudonymised by default: on" in shown.output
    assert json.loads(cli("quotes", "-p", project, "--category", "kendala", "--format",
                          "json").stdout)["quotes"]  # fmt: skip
