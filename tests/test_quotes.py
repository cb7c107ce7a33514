"""Coded retrieval: ``kube-qda quotes`` (analysis/quotes.py, export/quotes.py,
cli/quotes_cmd.py), checked against SQL queries written independently."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from kube_qda.project import Project
from tests.conftest import ROOT, Cli

SAMPLES = ROOT / "transcripts_sample"
DOCUMENTS = [
    "w01",
    "w02_anggota_darmi",
    "w03_ketua_parno",
    "w05_anggota_sumini",
    "w09_anggota_ratmi",
]
PEMASARAN = "kendala.pemasaran"
KELOMPOK = "kendala.manajemen_kelompok"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("quotes")
    path = folder / "p.sqlite"
    cli = Cli()
    stems = {d.split("_")[0] for d in DOCUMENTS}
    chosen = [p for p in sorted(SAMPLES.iterdir()) if p.suffix in (".md", ".txt", ".docx")]
    chosen = [p for p in chosen if p.stem.split("_")[0] in stems]
    assert cli("init", "-p", path).exit_code == 0
    added = cli("add", "-p", path, *chosen, "--attributes", SAMPLES / "attributes.csv")
    assert added.exit_code == 0, added.output
    with Project.open(path) as opened:
        names = set(opened.document_names())
    gold = folder / "gold.csv"
    with (
        (SAMPLES / "gold.csv").open(encoding="utf-8") as f,
        gold.open("w", encoding="utf-8") as out,
    ):
        rows = [r for r in csv.DictReader(f) if r["document"] in names]
        writer = csv.DictWriter(out, fieldnames=["document", "segment", "code"])
        writer.writeheader()
        writer.writerows(rows)
    assert cli("codings", "import", gold, "--coder", "gold", "-p", path).exit_code == 0
    assert cli("pretag", "-p", path, "--no-model").exit_code == 0
    with Project.open(path) as opened:
        segment = opened.segment_id("w02_anggota_darmi", 15)
        assert segment is not None
        opened.set_memo(segment, "gold", "=HARGA ditentukan blantik")
    return path


def quoted(cli: Cli, project: Path, *args: str) -> set[tuple[str, int]]:
    result = cli("quotes", "-p", project, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {(q["document"], q["segment"]) for q in json.loads(result.stdout)["quotes"]}


def sql(project: Path, query: str, *args: str) -> set[tuple[str, int]]:
    db = sqlite3.connect(project)
    try:
        return {(str(d), int(i)) for d, i in db.execute(query, args)}
    finally:
        db.close()


CONFIRMED = (
    "SELECT d.name, s.idx FROM codings c JOIN segments s ON s.id = c.segment_id "
    "JOIN documents d ON d.id = s.document_id "
    "WHERE s.interviewer = 0 AND c.status IN ('accepted', 'added') AND c.code = ?"
)


def test_a_code_from_members_is_what_sql_finds(cli: Cli, project: Path) -> None:
    expected = sql(
        project, CONFIRMED + " AND json_extract(d.attributes, '$.role') = 'anggota'", PEMASARAN
    )
    assert expected  # the samples have such segments
    assert quoted(cli, project, "--code", PEMASARAN, "--where", "role=anggota") == expected
    result = cli(
        "quotes", "-p", project, "--code", PEMASARAN, "--where", "role=anggota", "-f", "md"
    )
    assert f"_{len(expected)} segments in " in result.stdout


def test_and_and_not(cli: Cli, project: Path) -> None:
    both = sql(project, CONFIRMED, PEMASARAN) & sql(project, CONFIRMED, KELOMPOK)
    only = sql(project, CONFIRMED, PEMASARAN) - sql(project, CONFIRMED, KELOMPOK)
    assert quoted(cli, project, "--code", PEMASARAN, "--and", KELOMPOK) == both
    assert quoted(cli, project, "--code", PEMASARAN, "--not", KELOMPOK) == only
    assert only


def test_a_category_is_every_code_in_it(cli: Cli, project: Path) -> None:
    union = sql(project, CONFIRMED, PEMASARAN) | sql(project, CONFIRMED, KELOMPOK)
    assert quoted(cli, project, "--category", "kendala") == union


def test_suggestions_come_with_their_evidence(cli: Cli, project: Path) -> None:
    suggested = sql(
        project,
        "SELECT d.name, s.idx FROM suggestions g JOIN segments s ON s.id = g.segment_id "
        "JOIN documents d ON d.id = s.document_id WHERE g.negated = 0 AND g.code = ?",
        PEMASARAN,
    )
    result = cli(
        "quotes", "-p", project, "--code", PEMASARAN, "--status", "suggested", "-f", "json"
    )
    quotes = json.loads(result.stdout)["quotes"]
    assert {(q["document"], q["segment"]) for q in quotes} == suggested
    assert all(q["evidence"] and q["evidence"][0].startswith(PEMASARAN) for q in quotes)


def test_context_memos_and_csv_neutralised(cli: Cli, project: Path) -> None:
    result = cli("quotes", "-p", project, "--code", PEMASARAN, "--context", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    darmi = next(r for r in rows if r["document"] == "w02_anggota_darmi" and r["segment"] == "15")
    assert darmi["memos"] == "gold: =HARGA ditentukan blantik"  # not a formula: no leading =
    assert darmi["question before"]
    terminal = cli("quotes", "-p", project, "--code", PEMASARAN, "--context")
    assert "memo (gold): =HARGA ditentukan blantik" in terminal.stdout
    assert terminal.stdout.startswith(f"{len(rows)} segments in ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--code", "kendala.tidak_ada"], "unknown code 'kendala.tidak_ada'"),
        (["--category", "tidak_ada"], "unknown category 'tidak_ada'"),
        ([], "name the codes to quote"),
        (["--code", PEMASARAN, "--where", "role"], "--where 'role': write ATTRIBUTE=VALUE"),
        (["--code", PEMASARAN, "--where", "umur=40"], "no document has attribute 'umur'"),
        (["--code", PEMASARAN, "--not", "x.y"], "unknown code 'x.y'"),
    ],
)
def test_bad_input_is_one_line(cli: Cli, project: Path, args: list[str], message: str) -> None:
    result = cli("quotes", "-p", project, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_memos_with_their_segments_filtered_like_quotes(cli: Cli, project: Path) -> None:
    result = cli("memos", "-p", project, "-f", "json")
    assert result.exit_code == 0, result.output
    (memo,) = json.loads(result.stdout)["memos"]
    assert (memo["document"], memo["segment"], memo["coder"]) == ("w02_anggota_darmi", 15, "gold")
    assert memo["memo"] == "=HARGA ditentukan blantik" and PEMASARAN in memo["codes"]
    assert memo["attributes"]["role"] == "anggota" and memo["text"].startswith("Ke blantik")
    for args in (["--code", KELOMPOK], ["--where", "role=ketua"], ["--coder", "rina"]):
        assert json.loads(cli("memos", "-p", project, "-f", "json", *args).stdout)["memos"] == []
    assert cli("memos", "-p", project, "--where", "umur=1").exit_code == 1
    csv_out = cli("memos", "-p", project, "-f", "csv").stdout
    assert ",'=HARGA ditentukan blantik," in csv_out  # neutralised for spreadsheets
    assert "memo (gold): =HARGA" in cli("memos", "-p", project).stdout
