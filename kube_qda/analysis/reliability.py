"""Agreement between coders and evaluation of the pre-tagger, over plain mappings.

``decisions`` maps a unit (document, segment) to each coder's set of codes on it;
a coder absent from a unit's mapping did not review it (missing), a coder with an
empty set reviewed it and gave no code (every code "absent").
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from statistics import mean
from typing import Any

from kube_qda.analysis.agreement import (
    brennan_prediger,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)

Unit = tuple[str, int]
Decisions = Mapping[Unit, Mapping[str, frozenset[str]]]


def code_ratings(decisions: Decisions, coders: Sequence[str], code: str) -> list[list[int | None]]:
    """One row per unit rated by at least two of ``coders``: 1/0 presence, None missing."""
    rows = []
    for per_coder in decisions.values():
        row = [None if c not in per_coder else int(code in per_coder[c]) for c in coders]
        if sum(v is not None for v in row) >= 2:
            rows.append(row)
    return rows


def statistics(rows: Sequence[Sequence[Hashable | None]], coders: int) -> dict[str, Any]:
    """units, percent, cohen_kappa (two coders only), brennan_prediger, krippendorff_alpha."""
    return {
        "units": len(rows),
        "percent": percent_agreement(rows),
        "cohen_kappa": cohen_kappa([r[0] for r in rows], [r[1] for r in rows])
        if coders == 2
        else None,
        "brennan_prediger": brennan_prediger(rows),
        "krippendorff_alpha": krippendorff_alpha(rows),
    }


def agreement_report(
    decisions: Decisions, coders: Sequence[str], codes: Sequence[str]
) -> dict[str, Any]:
    """Per code and overall: pooled (all code decisions as units) and the mean of the
    per-code values (undefined values left out of the mean)."""
    if len(coders) < 2:
        raise ValueError("agreement needs at least two coders")
    per_code = []
    pooled: list[list[int | None]] = []
    for code in codes:
        rows = code_ratings(decisions, coders, code)
        pooled += rows
        per_code.append({"code": code, **statistics(rows, len(coders))})
    keys = ("percent", "cohen_kappa", "brennan_prediger", "krippendorff_alpha")
    means = {}
    for key in keys:
        values = [row[key] for row in per_code if row[key] is not None]
        means[key] = mean(values) if values else None
    units = len([u for u in decisions.values() if sum(c in u for c in coders) >= 2])
    return {
        "coders": list(coders),
        "units": units,
        "codes": per_code,
        "pooled": statistics(pooled, len(coders)),
        "mean": means,
    }


def disagreements(
    decisions: Decisions, coders: Sequence[str]
) -> list[tuple[Unit, dict[str, list[str]]]]:
    """Units reviewed by two or more of ``coders`` whose code sets differ."""
    out = []
    for unit, per_coder in decisions.items():
        present = [c for c in coders if c in per_coder]
        if len(present) >= 2 and len({per_coder[c] for c in present}) > 1:
            out.append((unit, {c: sorted(per_coder[c]) for c in present}))
    return out


@dataclass
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0


def _prf(c: _Counts) -> dict[str, Any]:
    precision = c.tp / (c.tp + c.fp) if c.tp + c.fp else None
    recall = c.tp / (c.tp + c.fn) if c.tp + c.fn else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision and recall
        else (0.0 if precision is not None and recall is not None else None)
    )
    return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": precision, "recall": recall, "f1": f1}


def evaluate(
    suggested: Mapping[Unit, Mapping[str, Sequence[str]]],
    confirmed: Mapping[Unit, frozenset[str]],
    codes: Sequence[str],
) -> dict[str, Any]:
    """Suggestions (unit -> code -> rule ids that fired) against a coder's confirmed
    codes on the units that coder reviewed (the keys of ``confirmed``).

    Per code TP/FP/FN, precision, recall, F1; micro (pooled counts) and macro (mean
    of per-code values that are defined) averages; per rule how many suggestions it
    produced that were confirmed (accepted) or not (rejected), plus, per code, the
    confirmed codes where no rule fired. Rules are sorted worst misfire first."""
    counts = {code: _Counts() for code in codes}
    rules: dict[tuple[str, str], list[int]] = {}
    for unit, truth in confirmed.items():
        fired = suggested.get(unit, {})
        for code in codes:
            hit, true = code in fired, code in truth
            c = counts[code]
            c.tp += hit and true
            c.fp += hit and not true
            c.fn += true and not hit
            for rule in fired.get(code, ()):
                rules.setdefault((code, rule), [0, 0])[0 if true else 1] += 1
            if true and not hit:
                rules.setdefault((code, "(no rule fired)"), [0, 0])[0] += 1
    per_code = [{"code": code, **_prf(counts[code])} for code in codes]
    total = _Counts(*(sum(getattr(c, k) for c in counts.values()) for k in ("tp", "fp", "fn")))
    macro = {}
    for key in ("precision", "recall", "f1"):
        values = [row[key] for row in per_code if row[key] is not None]
        macro[key] = mean(values) if values else None
    ordered = sorted(rules.items(), key=lambda item: (-item[1][1], item[1][0], item[0]))
    rule_rows = [
        {"code": code, "rule": rule, "accepted": a, "rejected": r}
        for (code, rule), (a, r) in ordered
    ]
    return {
        "units": len(confirmed),
        "codes": per_code,
        "micro": _prf(total),
        "macro": macro,
        "rules": rule_rows,
    }
