"""Project commands through the CLI, as a researcher would type them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, Cli, Write

SAMPLES = ROOT / "transcripts_sample"


def setup(cli: Cli, *files: str) -> None:
    assert cli("init").exit_code == 0
    paths = [str(SAMPLES / f) for f in files] or [str(SAMPLES)]
    result = cli("add", *paths, "--attributes", str(SAMPLES / "attributes.csv"))
    assert result.exit_code == 0, result.output
    assert cli("pretag").exit_code == 0


def test_acceptance_scripted_review_and_resume(cli: Cli) -> None:
    setup(cli)
    result = cli("review", "--coder", "x", input="a\na\nr\n+hasil.pendapatan\nq\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == "saved 4 decisions"
    exported = cli("codings", "export").stdout.splitlines()
    assert exported[0] == "document,segment,code,status,coder,memo"
    assert {line.split(",")[1] for line in exported[1:]} == {"1", "3", "5", "7"}
    assert "w01,7,hasil.pendapatan,added,x," in exported
    again = cli("review", "--coder", "x", input="q\n")
    assert "segment 5 of 2052 · w01 #9" in again.stdout


def test_status_reports_coders(cli: Cli) -> None:
    setup(cli, "w01_pendamping_sri.md")
    cli("review", "--coder", "rina", input="a\na\nq\n")
    out = cli("status").stdout
    assert "documents 1" in out
    assert "coder     rina: 2 of 16 reviewed (12%)" in out


def test_status_says_what_made_the_suggestions(cli: Cli, tmp_path: Path) -> None:
    """A project records which model its stored suggestions came from."""
    assert cli("init").exit_code == 0
    assert cli("add", str(SAMPLES / "w01_pendamping_sri.md")).exit_code == 0
    assert "pretag never" in " ".join(cli("status").stdout.split())
    assert cli("pretag", "--no-model").exit_code == 0
    out = " ".join(cli("status").stdout.split())
    assert "UTC with rules alone (no learned model)" in out
    assert cli("pretag").exit_code == 0
    out = " ".join(cli("status").stdout.split())
    assert "with rules and the bundled learned model for kube_wonogiri, trained on source" in out
    assert "(threshold 50%, veto 2%)" in out
    model = tmp_path / "m.json"
    learned = cli(
        "learn",
        str(SAMPLES / "gold.csv"),
        str(SAMPLES / "w01_pendamping_sri.md"),
        str(SAMPLES / "w02_anggota_darmi.txt"),
        "-o",
        str(model),
    )
    assert learned.exit_code == 0, learned.output
    assert cli("pretag", "-m", str(model)).exit_code == 0
    out = " ".join(cli("status").stdout.split())
    assert "with rules and a learned model for kube_wonogiri" in out
    assert "trained on source gold.csv, documents 2, segments 31" in out


def test_coder_from_environment(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    setup(cli, "w01_pendamping_sri.md")
    monkeypatch.setenv("KUBE_QDA_CODER", "dewi")
    cli("review", input="a\nq\n")
    assert ",dewi," in cli("codings", "export").stdout


def test_project_option_and_environment(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "study.sqlite"
    assert cli("init", "-p", str(target)).exit_code == 0
    monkeypatch.setenv("KUBE_QDA_PROJECT", str(target))
    assert cli("add", str(SAMPLES / "w02_anggota_darmi.txt")).exit_code == 0
    assert "documents 1" in cli("status").stdout
    assert not Path("kube-qda.sqlite").exists()


def test_export_import_round_trip_through_cli(cli: Cli, tmp_path: Path) -> None:
    setup(cli, "w01_pendamping_sri.md")
    cli("review", "--coder", "x", input="a\nm catatan\n1\nr\n+hasil.pendapatan\nq\n")
    out = tmp_path / "c.csv"
    assert cli("codings", "export", "-o", str(out)).exit_code == 0
    fresh = tmp_path / "fresh.sqlite"
    cli("init", "-p", str(fresh))
    cli("add", "-p", str(fresh), str(SAMPLES / "w01_pendamping_sri.md"))
    result = cli("codings", "import", str(out), "--coder", "x", "-p", str(fresh))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "imported 4 segments decided by x"
    again = cli("codings", "export", "-p", str(fresh)).stdout
    assert again == out.read_text("utf-8")


def test_codebook_update_then_pretag(cli: Cli, write: Write) -> None:
    setup(cli, "w01_pendamping_sri.md")
    cli("review", "--coder", "x", input="a\na\nq\n")
    text = (ROOT / "codebooks" / "kube_wonogiri.yaml").read_text("utf-8")
    newer = write("v2.yaml", text.replace('version: "1.0"', 'version: "2.0"'))
    result = cli("codebook", "update", str(newer))
    assert result.exit_code == 0, result.output
    assert cli("pretag").exit_code == 0
    assert "kube_wonogiri v2.0" in cli("status").stdout
    assert len(cli("codings", "export").stdout.splitlines()) > 1


def test_replace_reports_orphans(cli: Cli, tmp_path: Path) -> None:
    source = (SAMPLES / "w02_anggota_darmi.txt").read_text("utf-8")
    doc = tmp_path / "w02_anggota_darmi.txt"
    doc.write_text(source, encoding="utf-8")
    cli("init")
    cli("add", str(doc))
    cli("review", "--coder", "x", input="+hasil.pendapatan\nq\n")  # decides segment 1
    doc.write_text(source.replace("Tapi saya nggak pinter", "Saya nggak pinter"), "utf-8")
    refused = cli("add", str(doc))
    assert refused.exit_code == 1
    assert "use --replace" in refused.stderr
    result = cli("add", str(doc), "--replace")
    assert result.exit_code == 0
    assert "orphaned: w02_anggota_darmi#1 hasil.pendapatan by x" in result.stderr


def test_errors_are_one_line(cli: Cli, tmp_path: Path) -> None:
    missing = cli("status")
    assert missing.exit_code == 1
    assert missing.stderr == (
        "Error: kube-qda.sqlite: no such project; create one with `kube-qda init`\n"
    )
    cli("init")
    twice = cli("init")
    assert twice.exit_code == 1 and "already exists" in twice.stderr
    bad_code = cli("review", "--code", "hasil.gaji", input="q\n")
    assert bad_code.exit_code == 1
    assert bad_code.stderr.startswith("Error: unknown code 'hasil.gaji'")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00" * 4096)
    result = cli("status", "-p", str(junk))
    assert result.exit_code == 1 and "not a kube-qda project" in result.stderr
