"""The robustness corpus (tests/robustness/): fictional transcripts in the conventions real
ones use, each parsed as expected.yaml says and taken through the whole path: segments,
suggest, add, pretag, a scripted review and the tables."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from kube_qda.transcripts import read_transcript, segments
from tests.conftest import Cli

CORPUS = Path(__file__).resolve().parent / "robustness"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))
INTERNAL = "unexpected internal error"


def _options(name: str) -> list[str]:
    return [arg for who in EXPECTED[name]["interviewer"] for arg in ("--interviewer", who)]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_file_parses_as_expected(name: str) -> None:
    want = EXPECTED[name]
    transcript = read_transcript(CORPUS / name, interviewer=want["interviewer"])
    got = [[s.speaker, s.interviewer, " ".join(s.text.split()[:4])] for s in segments(transcript)]
    assert got == want["segments"]
    assert (transcript.preamble_text.split("\n")[0] or None) == want["preamble"]
    assert (transcript.epilogue_text or None) == want["epilogue"]
    assert {k: str(v) for k, v in transcript.attributes.items()} == want["attributes"]
    first = transcript.warnings[0] if transcript.warnings else None
    assert (first or "")[:60] == (want["warning"] or "")


def test_corpus_covers_every_convention() -> None:
    text = "\n".join(
        (CORPUS / name).read_text("utf-8-sig") for name in EXPECTED if not name.endswith("docx")
    )
    for mark in [
        "\\***\\*",  # escaped Markdown labels
        "**:",  # colon outside the bold
        "\n+++\n",
        "\n***\n",
        "---\n",
        "Tanggal:",
        "[tertawa]",
        "(tidak jelas)",
        "[inaudible]",
        "[00:",
        "(00:",
        " - Pewawancara",
        "https://",
        "@keripik",
        "@contoh.id",
        "😄",
        "nge-push",
        "di-follow up",
        "di*-manage*",
        "\u200b",
        "\u00a0",
        "\u200f",
        "| bulan |",
        "\n- modal",
        "\n> ",
        "\n1. ",
    ]:
        assert mark in text, mark


def _whole_path(cli: Cli, tmp_path: Path, files: list[Path], options: list[str]) -> str:
    """segments, suggest, analyze, add, pretag, review and the tables; their joined
    output."""
    outputs = []

    def run(*args: str, input: str | None = None) -> None:
        result = cli(*args, input=input)
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result.output)

    for path in files:
        run("segments", str(path), *options)
        run("suggest", str(path), *options)
        run("analyze", str(path), *options)
        rows = [json.loads(line) for line in _stdout(cli, "suggest", str(path), *options)]
        text = read_transcript(path, interviewer=options[1::2]).text
        for row in rows:
            for suggestion in row["suggestions"]:
                for evidence in suggestion["evidence"]:
                    assert text[evidence["start"] : evidence["end"]] == evidence["match"]
    project = str(tmp_path / "p.sqlite")
    run("init", "-p", project)
    run("add", "-p", project, *map(str, files), *options)
    run("pretag", "-p", project)
    run("review", "-p", project, "--coder", "t", input="a\n" * 40 + "q\n")
    for table in (["freq"], ["cooc"], ["matrix"], ["summary", "--quotes", "2"], ["status"]):
        run(*table, "-p", project)
    return "\n".join(outputs)


def _stdout(cli: Cli, *args: str) -> list[str]:
    result = cli(*args, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return list(result.stdout.splitlines())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_file_goes_through_the_whole_path(cli: Cli, tmp_path: Path, name: str) -> None:
    output = _whole_path(cli, tmp_path, [CORPUS / name], _options(name))
    assert INTERNAL not in output


def test_a_word_file_with_bold_labels_goes_through_the_whole_path(cli: Cli, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Transkrip wawancara sekretaris KUBE", level=1)
    document.add_paragraph("Tanggal: 3 Juli 2024").runs[0].italic = True
    for label, words in [
        ("Peneliti", "Apa tugas sekretaris di kelompok?"),
        ("Bu Tini", "Nyatet notulen rapat, Mbak, terus di*-share* ke grup WA 📱."),
        ("Peneliti", "Ada kendala?"),
        ("Bu Tini", "Anggota kadang ora teka rapat, dadi keputusan molor."),
    ]:
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True  # the colon outside the bold run
        paragraph.add_run(": " + words)
    document.add_paragraph("— akhir transkrip —").runs[0].italic = True
    data = io.BytesIO()
    document.save(data)
    path = tmp_path / "sekretaris.docx"
    path.write_bytes(data.getvalue())
    transcript = read_transcript(path)
    assert [(s.speaker, s.interviewer) for s in segments(transcript)] == [
        ("Peneliti", True),
        ("Bu Tini", False),
        ("Peneliti", True),
        ("Bu Tini", False),
    ]
    assert transcript.attributes == {"tanggal": "3 Juli 2024"}
    assert INTERNAL not in _whole_path(cli, tmp_path, [path], [])


def test_preamble_is_never_suggested_reviewed_or_counted(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "judul.txt"
    path.write_text(
        "Wawancara pemasaran: jualan susah, nggak laku, pasar sepi\n"
        "Tanggal: 11 Maret 2023\n\n"
        "P: Gimana?\nI: Ya itu di*-handle* sama *nge-share* aja, jualan susah.\n",
        encoding="utf-8",
    )
    rows = [json.loads(line) for line in _stdout(cli, "suggest", str(path))]
    assert [r["segment"] for r in rows] == [1]  # the title mentions marketing too
    cli("init")
    cli("add", str(path))
    cli("pretag")
    review = cli("review", "--coder", "t", input="a\nq\n")
    assert "segment 1 of 1 · judul #1" in review.stdout
    freq = cli("freq", "--format", "json")
    counts = {row["code"]: row["segments"] for row in json.loads(freq.stdout)}
    assert counts.get("kendala.pemasaran") == 1


def test_two_hosts_without_role_words_are_named_in_the_warning(cli: Cli, tmp_path: Path) -> None:
    path = shutil.copy(CORPUS / "host_vtt.vtt", tmp_path / "siniar.vtt")
    result = cli("segments", str(path))
    assert result.exit_code == 0
    assert "3 speakers (Kiki, Bu Lastri, Galuh) and none is recognised" in result.stderr
    assert result.stderr.count("Warning:") == 1
    named = cli("segments", str(path), "--interviewer", "Kiki", "--interviewer", "Galuh")
    assert "Warning" not in named.stderr
    interviewers = [json.loads(line)["interviewer"] for line in _stdout(cli, "segments", str(path),
                    "--interviewer", "Kiki", "--interviewer", "Galuh")]  # fmt: skip
    assert interviewers == [True, False, True, False, True, False]


def test_guessed_interviewers_can_be_overridden(cli: Cli, tmp_path: Path) -> None:
    path = CORPUS / "podcast_dua_host.md"
    guessed = cli("segments", str(path))
    assert "guessed from their questions: Kiki (3 of 3 turns ask), Galuh" in guessed.stderr
    assert "Nadinda (1 of 6 turns ask) answer" in guessed.stderr
    rows = [
        json.loads(line) for line in _stdout(cli, "segments", str(path), "--interviewer", "Kiki")
    ]
    asking = {r["speaker"] for r in rows if r["interviewer"]}
    assert asking == {"Kiki"}


def test_interviewer_column_of_the_attributes_csv_names_each_documents_hosts(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "siniar"
    folder.mkdir()
    shutil.copy(CORPUS / "host_vtt.vtt", folder / "eps1.vtt")
    shutil.copy(CORPUS / "subtitle_podcast.srt", folder / "eps2.srt")
    attributes = tmp_path / "attributes.csv"
    attributes.write_text(  # as Excel writes it in an Indonesian locale: ";" between cells
        "document;interviewer;tema\neps1;Kiki; Galuh;anyaman\neps2;Galuh;lele\n".replace(
            "Kiki; Galuh", '"Kiki, Galuh"'
        ),
        encoding="utf-8",
    )
    assert cli("init").exit_code == 0
    result = cli("add", str(folder), "--attributes", str(attributes))
    assert result.exit_code == 0, result.output
    from kube_qda.project import Project

    with Project.open("kube-qda.sqlite") as project:
        rows = project.segments(informant_only=False)
        interviewers = {(r.document, r.speaker) for r in rows if r.interviewer}
        attrs = dict(project.db.execute("SELECT name, attributes FROM documents").fetchall())
    assert interviewers == {("eps1", "Kiki"), ("eps1", "Galuh"), ("eps2", "Galuh")}
    assert json.loads(attrs["eps1"]) == {"tema": "anyaman"}
