"""``kube-qda suggest`` and ``kube-qda analyze`` through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, Cli, Write

SAMPLES = ROOT / "transcripts_sample"


def jsonl(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli("suggest", *args, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_jsonl_shape_and_evidence_offsets(cli: Cli) -> None:
    from kube_qda import read_transcript

    rows = jsonl(cli, str(SAMPLES))
    assert list(rows[0]) == [
        "document",
        "segment",
        "start",
        "end",
        "speaker",
        "interviewer",
        "text",
        "suggestions",
    ]
    texts = {}
    for path in SAMPLES.iterdir():
        if path.suffix in {".txt", ".md", ".docx", ".vtt", ".srt"} and path.stem != "README":
            t = read_transcript(path)
            texts[t.id] = t.text
    evidence = 0
    for row in rows:
        text = texts[row["document"]]
        assert text[row["start"] : row["end"]] == row["text"]
        assert row["interviewer"] is False
        for s in row["suggestions"]:
            assert set(s) == {"code", "score", "negated", "evidence"}
            assert 0 < s["score"] <= 1
            for e in s["evidence"]:
                assert text[e["start"] : e["end"]] == e["match"]
                evidence += 1
    assert evidence > 200


def test_interviewer_segments_only_with_flag(cli: Cli) -> None:
    path = str(SAMPLES / "w01_pendamping_sri.md")
    without = jsonl(cli, path)
    with_all = jsonl(cli, path, "--include-interviewer")
    assert len(with_all) > len(without)
    assert [r["segment"] for r in with_all] == list(range(len(with_all)))
    assert all(not r["suggestions"] for r in with_all if r["interviewer"])


def test_custom_codebook(cli: Cli, write: Write) -> None:
    from tests.test_codebook_loader import MINIMAL

    cb = write("cb.yaml", MINIMAL)
    t = write("t.txt", "P: Ada apa?\nI: Ada pelatihan menjahit.\n")
    rows = jsonl(cli, str(t), "-c", str(cb))
    assert [s["code"] for s in rows[0]["suggestions"]] == ["cat.one"]


def test_table_highlights_and_lists_codes(cli: Cli, write: Write) -> None:
    t = write("t.txt", "P: Bagaimana?\nI: Jualannya susah laku, nggak ada kendala lain.\n")
    result = cli("suggest", str(t))
    assert result.exit_code == 0
    assert "kendala.pemasaran" in result.stdout
    assert "keyword:susah laku" in result.stdout


def test_bad_codebook_and_bad_transcript_are_one_line_errors(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    good = write("t.txt", "P: a\nI: b\n")
    result = cli("suggest", str(good), "-c", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    empty = write("e.txt", "")
    result = cli("suggest", str(empty))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {empty}: the file is empty\n"


def test_analyze_counts_match_suggest_output(cli: Cli) -> None:
    rows = jsonl(cli, str(SAMPLES))
    segments: dict[str, set[tuple[str, int]]] = defaultdict(set)
    documents: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for s in row["suggestions"]:
            if not s["negated"]:
                segments[s["code"]].add((row["document"], row["segment"]))
                documents[s["code"]].add(row["document"])
    result = cli("analyze", str(SAMPLES), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "unconfirmed suggestions"
    assert data["documents"] == len({row["document"] for row in rows}) >= 150
    assert data["segments"] == len(rows)
    for row in data["frequency"]:
        assert row["segments"] == len(segments[row["code"]])
        assert row["documents"] == len(documents[row["code"]])


def test_analyze_table_and_markdown_say_unconfirmed(cli: Cli) -> None:
    table = cli("analyze", str(SAMPLES / "w02_anggota_darmi.txt"))
    assert table.exit_code == 0
    assert "Unconfirmed suggestions" in table.stdout
    md = cli("analyze", str(SAMPLES / "w02_anggota_darmi.txt"), "--format", "md")
    assert md.stdout.startswith("## Code frequency — Unconfirmed suggestions")
    assert "| hasil.pendapatan |" in md.stdout


def test_help_does_not_import_spacy() -> None:
    code = (
        "import sys\nfrom kube_qda.cli import main\nsys.argv = ['kube-qda', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('SPACY' if 'spacy' in sys.modules else 'NO-SPACY', file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip().endswith("NO-SPACY")
    assert "suggest" in out.stdout


def test_italicised_loanwords_with_affixes_do_not_stop_suggestions(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "t.txt"
    path.write_text(
        "P: Gimana?\nI: Ya itu di*-handle* sama *nge-share* aja, jualan susah.\n", "utf-8"
    )
    result = cli("suggest", str(path))
    assert result.exit_code == 0, result.output
    assert "kendala.pemasaran" in result.stdout
    (row,) = jsonl(cli, str(path))
    (suggestion,) = [s for s in row["suggestions"] if s["code"] == "kendala.pemasaran"]
    assert {e["match"] for e in suggestion["evidence"]} == {"jualan susah"}
