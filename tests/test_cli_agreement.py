"""``agreement`` and ``evaluate`` through the CLI, against independent computations."""

from __future__ import annotations

import csv
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Cli

#: A row of `codings export --format jsonl`.
Row = dict[str, Any]

SAMPLES = ROOT / "transcripts_sample"


def gold() -> list[dict[str, str]]:
    with (SAMPLES / "gold.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def second_coder(path: Path) -> list[dict[str, str]]:
    """A second coder: the gold coding with codes dropped and added at random, on 80% of
    the segments (the rest not reviewed)."""
    rng = random.Random(11)
    codes = sorted({r["code"] for r in gold() if r["code"]})
    units: dict[tuple[str, str], set[str]] = {}
    for r in gold():
        units.setdefault((r["document"], r["segment"]), set())
        if r["code"]:
            units[(r["document"], r["segment"])].add(r["code"])
    rows = []
    for (doc, seg), have in units.items():
        if rng.random() < 0.2:
            continue
        mine = {c for c in have if rng.random() > 0.25}
        if rng.random() < 0.2:
            mine.add(rng.choice(codes))
        rows += [{"document": doc, "segment": seg, "code": c} for c in sorted(mine)] or [
            {"document": doc, "segment": seg, "code": ""}
        ]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["document", "segment", "code"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return rows


@pytest.fixture
def two_coders(cli: Cli, tmp_path: Path) -> tuple[list[Row], list[Row]]:
    assert cli("init").exit_code == 0
    assert cli("add", str(SAMPLES)).exit_code == 0
    assert cli("pretag").exit_code == 0
    assert cli("codings", "import", str(SAMPLES / "gold.csv"), "--coder", "a").exit_code == 0
    other = tmp_path / "b.csv"
    rows_b = second_coder(other)
    result = cli("codings", "import", str(other), "--coder", "b")
    assert result.exit_code == 0, result.output
    return gold(), rows_b


def independent(
    rows_a: list[Row], rows_b: list[Row], code: str
) -> tuple[list[int | None], list[int | None]]:
    def table(rows: list[Row]) -> dict[tuple[str, int], set[str]]:
        out: dict[tuple[str, int], set[str]] = {}
        for r in rows:
            out.setdefault((r["document"], int(r["segment"])), set())
            if r["code"]:
                out[(r["document"], int(r["segment"]))].add(r["code"])
        return out

    ta, tb = table(rows_a), table(rows_b)
    units = sorted(set(ta) | set(tb))
    a = [int(code in ta[u]) if u in ta else None for u in units]
    b = [int(code in tb[u]) if u in tb else None for u in units]
    return a, b


def brute_kappa(a: list[int | None], b: list[int | None]) -> float | None:
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    n = len(pairs)
    po = sum(x == y for x, y in pairs) / n
    pa1 = sum(x for x, _ in pairs) / n
    pb1 = sum(y for _, y in pairs) / n
    pe = pa1 * pb1 + (1 - pa1) * (1 - pb1)
    return None if pe == 1 else (po - pe) / (1 - pe)


def test_agreement_equals_independent_computation(
    cli: Cli, two_coders: tuple[list[Row], list[Row]]
) -> None:
    krippendorff = pytest.importorskip("krippendorff")
    rows_a, rows_b = two_coders
    result = cli("agreement", "--coder", "a", "--coder", "b", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"coders", "units", "codes", "pooled", "mean"}
    assert data["coders"] == ["a", "b"]
    for entry in data["codes"]:
        assert set(entry) == {
            "code",
            "units",
            "percent",
            "cohen_kappa",
            "brennan_prediger",
            "krippendorff_alpha",
        }
        a, b = independent(rows_a, rows_b, entry["code"])
        both = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
        assert entry["units"] == len(both)
        expected = brute_kappa(a, b)
        if expected is None:
            assert entry["cohen_kappa"] is None
        else:
            assert entry["cohen_kappa"] == pytest.approx(expected, abs=1e-9)
        matrix = [[math.nan if v is None else v for v in row] for row in (a, b)]
        if len({v for v in a + b if v is not None}) > 1:
            alpha = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
            assert entry["krippendorff_alpha"] == pytest.approx(alpha, abs=1e-9)
        assert entry["percent"] == pytest.approx(sum(x == y for x, y in both) / len(both))


def test_disagreements_and_table(cli: Cli, two_coders: tuple[list[Row], list[Row]]) -> None:
    result = cli("agreement", "--coder", "a", "--coder", "b", "--disagreements", "-f", "json")
    data = json.loads(result.stdout)
    assert data["disagreements"]
    first = data["disagreements"][0]
    assert set(first) == {"document", "segment", "text", "codes"}
    assert first["codes"]["a"] != first["codes"]["b"]
    table = cli("agreement", "--coder", "a", "--coder", "b", "--code", "strategi.motivasi")
    assert table.exit_code == 0 and "Krippendorff" in table.stdout


def test_evaluate_reproduces_the_quality_bench(
    cli: Cli, two_coders: tuple[list[Row], list[Row]]
) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import quality  # type: ignore[import-not-found]  # bench/quality.py

    gold_codes = quality.gold_codes()
    predicted, _, _, _ = quality.predictions(None)
    tp = sum(len(gold_codes.get(u, set()) & p) for u, p in predicted.items())
    fp = sum(len(p - gold_codes.get(u, set())) for u, p in predicted.items())
    fn = sum(len(gold_codes.get(u, set()) - p) for u, p in predicted.items())
    data = json.loads(cli("evaluate", "--coder", "a", "-f", "json").stdout)
    assert set(data) >= {"codes", "micro", "macro", "rules"}
    assert (data["micro"]["tp"], data["micro"]["fp"], data["micro"]["fn"]) == (tp, fp, fn)
    assert data["micro"]["precision"] == pytest.approx(tp / (tp + fp))
    assert data["micro"]["recall"] == pytest.approx(tp / (tp + fn))
    rules = data["rules"]
    assert set(rules[0]) == {"code", "rule", "accepted", "rejected"}
    assert rules == sorted(
        rules, key=lambda r: (-r["rejected"], r["accepted"], r["code"], r["rule"])
    )
    assert any(r["rule"] == "(no rule fired)" for r in rules)


def test_undefined_kappa_is_shown_as_undefined(cli: Cli, tmp_path: Path) -> None:
    cli("init")
    cli("add", str(SAMPLES / "w01_pendamping_sri.md"))
    for coder in ("a", "b"):
        cli("review", "--coder", coder, input="r\nr\nr\nq\n")
    result = cli("agreement", "--coder", "a", "--coder", "b", "--code", "hasil.pendapatan")
    assert "undefined" in result.stdout
    data = json.loads(cli("agreement", "--coder", "a", "--coder", "b", "-f", "json").stdout)
    assert data["codes"][0]["cohen_kappa"] is None


def test_agreement_and_evaluate_errors(cli: Cli) -> None:
    cli("init")
    one = cli("agreement", "--coder", "a")
    assert one.exit_code == 1 and "two or more --coder" in one.stderr
    nobody = cli("agreement", "--coder", "a", "--coder", "b")
    assert nobody.exit_code == 1 and "no codings by a, b" in nobody.stderr
    assert "say --coder NAME" in cli("evaluate").stderr
