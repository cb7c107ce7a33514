"""``kube-qda segments`` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT, Cli, Write

SAMPLES = ROOT / "transcripts_sample"


def test_jsonl_fields_and_offsets(cli: Cli) -> None:
    path = SAMPLES / "w01_pendamping_sri.md"
    result = cli("segments", path, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    preamble = rows.pop(0)  # the title before the first turn: shown, flagged, not a segment
    assert preamble["preamble"] is True and preamble["segment"] is None
    assert preamble["text"] == "# Wawancara 1 — pendamping KUBE Ngudi Rejeki"
    assert list(rows[0]) == [
        "document",
        "segment",
        "start",
        "end",
        "speaker",
        "interviewer",
        "text",
    ]
    from kube_qda import read_transcript

    text = read_transcript(path).text
    assert [r["segment"] for r in rows] == list(range(len(rows)))
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert rows[0]["interviewer"] is True and rows[1]["interviewer"] is False


def test_folder_expands_to_all_samples(cli: Cli) -> None:
    result = cli("segments", SAMPLES, "-f", "jsonl", "--unit", "sentence")
    assert result.exit_code == 0, result.output
    docs = {json.loads(line)["document"] for line in result.stdout.splitlines()}
    samples = [p for p in SAMPLES.iterdir() if p.stem.startswith("w")]
    assert len(docs) == len(samples) >= 150


def test_interviewer_override(cli: Cli, write: Write) -> None:
    path = write("t.txt", "Rina: a\nDodo: b\nRina: c\n")
    result = cli("segments", path, "-f", "jsonl", "--interviewer", "Dodo")
    flags = [json.loads(line)["interviewer"] for line in result.stdout.splitlines()]
    assert flags == [False, True, False]


def test_table_shows_text_literally(cli: Cli, write: Write) -> None:
    result = cli("segments", write("t.txt", "P: [bold]tanya[/bold]?\nI: jawab\n"))
    assert result.exit_code == 0
    assert "[bold]tanya[/bold]?" in result.stdout


def test_binary_file_is_one_line_error(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    result = cli("segments", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: not a text transcript")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_no_labels_warns(cli: Cli, write: Write) -> None:
    result = cli("segments", write("n.txt", "Catatan saja.\n"))
    assert result.exit_code == 0
    assert "Warning:" in result.stderr and "no speaker labels found" in result.stderr
