"""Tables against brute-force recounts; exports pinned inline and read back."""

from __future__ import annotations

import csv
import io
import json
import struct
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest

from kube_qda.analysis import (
    CodeApplication,
    code_frequency,
    code_matrix,
    cooccurrence,
    units,
)
from kube_qda.export.tables import TableData, neutralise, write_csv, write_md
from tests.conftest import ROOT, Cli

SAMPLES = ROOT / "transcripts_sample"
A = CodeApplication


def brute_cooc(unit_codes: dict[object, set[str]]) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(a, b) -> (n12, n_a, n_b), counted pair by pair without the library."""
    out = {}
    codes = sorted({c for cs in unit_codes.values() for c in cs})
    for a, b in combinations(codes, 2):
        n12 = sum(1 for cs in unit_codes.values() if a in cs and b in cs)
        if n12:
            out[(a, b)] = (
                n12,
                sum(a in cs for cs in unit_codes.values()),
                sum(b in cs for cs in unit_codes.values()),
            )
    return out


APPS = [
    A("d1", 0, "a"),
    A("d1", 0, "b"),
    A("d1", 1, "b"),
    A("d1", 3, "c"),
    A("d1", 4, "a"),
    A("d2", 0, "a"),
    A("d2", 0, "c"),
    A("d2", 7, "b"),
]


@pytest.mark.parametrize("level", ["segment", "document", "window:1", "window:3"])
def test_cooccurrence_measures_match_brute_force(level: str) -> None:
    manual: dict[object, set[str]] = defaultdict(set)
    for app in APPS:
        if level == "segment":
            manual[(app.document, app.segment)].add(app.code)
        elif level == "document":
            manual[app.document].add(app.code)
    if level.startswith("window"):
        size = int(level.split(":")[1])
        for anchor in {(a.document, a.segment) for a in APPS}:
            manual[anchor] = {
                a.code
                for a in APPS
                if a.document == anchor[0] and anchor[1] <= a.segment <= anchor[1] + size
            }
    assert units(APPS, level) == manual
    expected = brute_cooc(manual)
    rows = cooccurrence(APPS, codes=["a", "b", "c"], level=level)
    assert {(r.code_a, r.code_b) for r in rows} == set(expected)
    for r in rows:
        n12, na, nb = expected[(r.code_a, r.code_b)]
        assert r.count == n12
        assert r.jaccard == round(n12 / (na + nb - n12), 4)
        assert (r.conditional_a_b, r.conditional_b_a) == (round(n12 / na, 4), round(n12 / nb, 4))


def test_unknown_level() -> None:
    with pytest.raises(ValueError, match="unknown level"):
        cooccurrence(APPS, level="paragraph")


def test_frequency_by_attribute_and_informants_across_documents() -> None:
    apps = [
        A("d1", 0, "a", "I", "Bu Sri", {"role": "pendamping"}),
        A("d2", 0, "a", "I", "Bu Sri", {"role": "pendamping"}),  # same person, two files
        A("d3", 0, "a", "I", None, {"role": "anggota"}),
        A("d4", 0, "a", "I", None, {"role": "anggota"}),  # `I` in two files: two people
    ]
    (row,) = code_frequency(apps, codes=["a"], by="role")
    assert (row.segments, row.documents, row.informants) == (4, 4, 3)
    assert row.by == {"anggota": 2, "pendamping": 2}


def test_matrix_by_document_and_attribute() -> None:
    apps = [
        A("d1", 0, "a", attributes={"role": "x"}),
        A("d1", 1, "a", attributes={"role": "x"}),
        A("d2", 0, "b", attributes={"role": "y"}),
    ]
    by_doc = code_matrix(apps, codes=["a", "b"])
    assert (by_doc.columns, by_doc.cells) == (["d1", "d2"], [[2, 0], [0, 1]])
    by_role = code_matrix(apps, codes=["a", "b"], by="role")
    assert (by_role.columns, by_role.cells) == (["x", "y"], [[2, 0], [0, 1]])


def test_csv_and_markdown_pinned() -> None:
    table = TableData(
        "t",
        "Title",
        ["code", "n", "quote"],
        [["a", 2, '=HYPERLINK("http://x")'], ["b|c", 0.5, "-1 + 2"]],
        {1},
    )
    out = io.StringIO()
    write_csv(table, out)
    assert out.getvalue() == ('code,n,quote\na,2,"\'=HYPERLINK(""http://x"")"\nb|c,0.5,\'-1 + 2\n')
    md = io.StringIO()
    write_md([table], md)
    assert md.getvalue() == (
        "## Title\n\n| code | n | quote |\n|---|--:|---|\n"
        '| a | 2 | =HYPERLINK("http://x") |\n| b\\|c | 0.50 | -1 + 2 |\n'
    )
    assert neutralise("@SUM(1)") == "'@SUM(1)" and neutralise(-3) == -3


# -- through the CLI, on a project with an imported gold coding ---------------------------


@pytest.fixture
def gold_project(cli: Cli) -> Path:
    assert cli("init").exit_code == 0
    assert cli("add", str(SAMPLES), "--attributes", str(SAMPLES / "attributes.csv")).exit_code == 0
    result = cli("codings", "import", str(SAMPLES / "gold.csv"), "--coder", "gold")
    assert result.exit_code == 0, result.output
    return Path("kube-qda.sqlite")


def gold_rows() -> list[dict[str, str]]:
    with (SAMPLES / "gold.csv").open(encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if row["code"]]


def test_freq_json_equals_independent_count_of_the_csv(cli: Cli, gold_project: Path) -> None:
    data = json.loads(cli("freq", "--format", "json").stdout)
    segments: dict[str, set[tuple[str, str]]] = defaultdict(set)
    documents: dict[str, set[str]] = defaultdict(set)
    for row in gold_rows():
        segments[row["code"]].add((row["document"], row["segment"]))
        documents[row["code"]].add(row["document"])
    assert len(data) == 16
    for entry in data:
        assert set(entry) == {"code", "category", "label", "segments", "documents", "informants"}
        assert entry["segments"] == len(segments[entry["code"]])
        assert entry["documents"] == len(documents[entry["code"]])
        assert entry["category"] == entry["code"].split(".")[0]


def test_cooc_json_equals_independent_count_of_the_csv(cli: Cli, gold_project: Path) -> None:
    data = json.loads(cli("cooc", "--format", "json").stdout)
    per_segment: dict[object, set[str]] = defaultdict(set)
    for row in gold_rows():
        per_segment[(row["document"], row["segment"])].add(row["code"])
    expected = brute_cooc(per_segment)
    got = {tuple(sorted((e["code_a"], e["code_b"]))): e for e in data}
    assert set(got) == set(expected)
    for pair, (n12, na, nb) in expected.items():
        entry = got[pair]
        assert entry["count"] == n12
        assert entry["jaccard"] == round(n12 / (na + nb - n12), 4)
        n_a = na if entry["code_a"] == pair[0] else nb
        assert entry["conditional_a_b"] == round(n12 / n_a, 4)


def test_freq_by_role_and_category(cli: Cli, gold_project: Path) -> None:
    data = json.loads(cli("freq", "--by", "role", "--category", "-f", "json").stdout)
    kendala = next(e for e in data if e["code"] == "kendala")
    codes = {"kendala.manajemen_kelompok", "kendala.pemasaran"}
    units_ = {(r["document"], r["segment"]) for r in gold_rows() if r["code"] in codes}
    assert kendala["segments"] == len(units_)
    assert sum(kendala["by"].values()) == kendala["segments"]


def test_matrix_json_shape(cli: Cli, gold_project: Path) -> None:
    data = json.loads(cli("matrix", "--by", "desa", "-f", "json").stdout)
    assert set(data) == {"rows", "columns", "cells"}
    assert len(data["cells"]) == len(data["rows"]) == 16
    assert sum(map(sum, data["cells"])) == len(gold_rows())


def test_summary_markdown_reads_like_a_thesis_table(cli: Cli, gold_project: Path) -> None:
    md = cli("summary", "--quotes", "2").stdout
    assert md.startswith("# Thematic summary — Strategi Pendampingan KUBE")
    for code in ("strategi.motivasi", "hasil.belum_signifikan", "modal_sosial.jaringan"):
        assert f"| `{code}` |" in md
    assert "> “" in md and "— w01#5 (I)" in md
    data = json.loads(cli("summary", "--quotes", "2", "-f", "json").stdout)
    for entry in data:
        sources = [q["document"] for q in entry["quotes"]]
        assert len(sources) == len(set(sources)) or entry["documents"] < 2


def test_xlsx_read_back_and_neutralised(cli: Cli, gold_project: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from kube_qda.project import Project

    with Project.open(gold_project) as p:
        row = p.segments(document="w01")[2]
        p.db.execute(
            "UPDATE documents SET text = substr(text, 1, ?) || '=HYPERLINK(\"x\")'"
            " || substr(text, ?) WHERE name = 'w01'",
            (row.start, row.start + 1),
        )
    out = tmp_path / "s.xlsx"
    assert cli("summary", "--quotes", "5", "-f", "xlsx", "-o", str(out)).exit_code == 0
    sheet = load_workbook(out)["summary"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "category",
        "code",
        "label",
        "segments",
        "documents",
        "informants",
        "source",
        "quote",
    ]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    quotes = [r[7].value for r in sheet.iter_rows(min_row=2)]
    assert any(q and q.startswith("'=HYPERLINK(") for q in quotes)
    csv_out = cli("summary", "--quotes", "5", "-f", "csv").stdout
    assert "'=HYPERLINK(" in csv_out
    assert ",=HYPERLINK(" not in csv_out


def test_heatmap_is_a_png_of_the_right_size(cli: Cli, gold_project: Path, tmp_path: Path) -> None:
    png = tmp_path / "h.png"
    result = cli("cooc", "--heatmap", str(png), "--measure", "jaccard", "-f", "json")
    assert result.exit_code == 0, result.output
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1180, 1003)


def test_suggested_status_and_filters(cli: Cli, gold_project: Path) -> None:
    assert cli("pretag").exit_code == 0
    suggested = json.loads(cli("freq", "--status", "suggested", "-f", "json").stdout)
    assert sum(e["segments"] for e in suggested) > 0
    one_doc = json.loads(cli("freq", "--doc", "w01", "-f", "json").stdout)
    assert all(e["documents"] <= 1 for e in one_doc)
    nobody = json.loads(cli("freq", "--coder", "nobody", "-f", "json").stdout)
    assert all(e["segments"] == 0 for e in nobody)
    at_least = json.loads(cli("freq", "--min", "10", "-f", "json").stdout)
    assert at_least and all(e["segments"] >= 10 for e in at_least)


def test_table_errors(cli: Cli, gold_project: Path) -> None:
    assert cli("freq", "-f", "xlsx").stderr == "Error: --format xlsx needs -o FILE.xlsx\n"
    assert cli("cooc", "--level", "chapter").exit_code == 2
    bad = cli("summary", "--category", "nope")
    assert bad.exit_code == 1 and "unknown category 'nope'" in bad.stderr
