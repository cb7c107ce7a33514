"""Pre-tagging quality against transcripts_sample/gold.csv.

Prints per-code and micro precision, recall and F1 of the non-negated suggestions
on informant turns, separately for the *dev* samples (which rule writing looked at)
and the *unseen* ones (written and coded before a round of rule work and never
looked at through the matcher while rules changed; rules must not be tuned on
them). transcripts_sample/README.md tells the rounds. A round's unseen interviews
are written, coded and committed, and listed in UNSEEN, before it is measured.

    python bench/quality.py [--codebook FILE] [--no-model] [--show-errors] [--dev-only] [--rules]

By default the learned model is used as ``suggest`` uses it (the bundled one with the
bundled codebook); it is trained on the dev part's gold, so its dev numbers say
little: judge it on the unseen part. ``--no-model`` measures the rules alone.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "transcripts_sample"
#: The unseen part of the current round (round 31).
UNSEEN: set[str] = {
    "w145_anggota_sulastri",
    "w146_fgd_tlogo",
    "w147_pendamping_agung",
    "w148_ketua_marni",
    "w149_bendahara_joko",
    "w150_anggota_sarjo",
}

Unit = tuple[str, int]


def gold_codes() -> dict[Unit, set[str]]:
    gold: dict[Unit, set[str]] = defaultdict(set)
    with (SAMPLES / "gold.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["code"]:  # an empty code: reviewed, no code
                gold[(row["document"], int(row["segment"]))].add(row["code"])
    return gold


def predictions(
    codebook: str | None,
    model: bool = True,
) -> tuple[
    dict[Unit, set[str]],
    dict[Unit, str],
    dict[Unit, dict[str, str]],
    dict[Unit, dict[str, set[str]]],
]:
    sys.path.insert(0, str(ROOT))
    from kube_qda.codebook.loader import load_codebook
    from kube_qda.matching import Matcher
    from kube_qda.transcripts.readers import FORMATS

    matcher = Matcher(load_codebook(codebook), model="default" if model else None)
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in FORMATS and p.stem != "README")
    predicted: dict[Unit, set[str]] = {}
    texts: dict[Unit, str] = {}
    why: dict[Unit, dict[str, str]] = {}  # the evidence of each suggestion, for --show-errors
    rules: dict[Unit, dict[str, set[str]]] = {}  # rule ids behind each suggestion, for --rules
    for _, results in matcher.suggest_files(files):
        for r in results:
            if r.segment.interviewer:
                continue
            unit = (r.segment.document, r.segment.index)
            predicted[unit] = {s.code for s in r.suggestions if not s.negated}
            texts[unit] = r.segment.text
            why[unit] = {
                s.code: "; ".join(f"{e.rule} '{e.match}'" for e in s.evidence)
                for s in r.suggestions
            }
            rules[unit] = {
                s.code: {e.rule for e in s.evidence} for s in r.suggestions if not s.negated
            }
    return predicted, texts, why, rules


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def report(
    name: str,
    units: list[Unit],
    gold: dict[Unit, set[str]],
    predicted: dict[Unit, set[str]],
    codes: list[str],
) -> None:
    counts = {c: [0, 0, 0] for c in codes}
    for unit in units:
        g, p = gold.get(unit, set()), predicted[unit]
        for c in codes:
            counts[c][0] += c in g and c in p
            counts[c][1] += c in p and c not in g
            counts[c][2] += c in g and c not in p
    print(
        f"\n## {name}: {len(units)} informant turns, "
        f"{sum(len(gold.get(u, ())) for u in units)} gold codes\n"
    )
    print(f"{'code':32} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}")
    for c in codes:
        tp, fp, fn = counts[c]
        if tp + fp + fn:
            p, r, f = prf(tp, fp, fn)
            print(f"{c:32} {tp:4} {fp:4} {fn:4} {p:6.2f} {r:6.2f} {f:6.2f}")
    tp, fp, fn = (sum(v[i] for v in counts.values()) for i in range(3))
    p, r, f = prf(tp, fp, fn)
    print(f"{'MICRO':32} {tp:4} {fp:4} {fn:4} {p:6.2f} {r:6.2f} {f:6.2f}")


def rule_report(
    units: list[Unit],
    gold: dict[Unit, set[str]],
    predicted: dict[Unit, set[str]],
    rules: dict[Unit, dict[str, set[str]]],
) -> None:
    """Per rule: suggestions it backs that gold has (right) and has not (wrong), and
    how many of each it backs alone (the suggestion stands or falls with it)."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for unit in units:
        g = gold.get(unit, set())
        for code in predicted[unit]:
            backing = rules[unit].get(code, set())
            for rule in backing:
                row = counts[(code, rule)]
                row[0 if code in g else 1] += 1
                if len(backing) == 1:
                    row[2 if code in g else 3] += 1
    print("\n## RULES on the dev part (right / wrong, and alone: right / wrong)\n")
    print(f"{'code':28} {'rule':42} {'right':>5} {'wrong':>5} {'alone':>11}")
    for (code, rule), (right, wrong, solo_right, solo_wrong) in sorted(
        counts.items(), key=lambda kv: (kv[1][3] - kv[1][2], kv[1][1]), reverse=True
    ):
        print(f"{code:28} {rule[:42]:42} {right:5} {wrong:5} {solo_right:5} / {solo_wrong:<5}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", default=None)
    parser.add_argument("--no-model", action="store_true", help="the rules alone")
    parser.add_argument(
        "--show-errors",
        action="store_true",
        help="list misses and false alarms on the SEEN part only",
    )
    parser.add_argument(
        "--dev-only",
        action="store_true",
        help="report the dev part only (use while revising rules: unseen stays unseen)",
    )
    parser.add_argument(
        "--rules",
        action="store_true",
        help="on the dev part, how often each rule backs a right and a wrong suggestion",
    )
    args = parser.parse_args()
    from kube_qda.codebook.loader import load_codebook

    sys.path.insert(0, str(ROOT))
    codes = load_codebook(args.codebook).code_ids()
    gold = gold_codes()
    predicted, texts, why, rules = predictions(args.codebook, not args.no_model)
    seen = sorted(u for u in predicted if u[0] not in UNSEEN)
    unseen = sorted(u for u in predicted if u[0] in UNSEEN)
    report("DEV (rules written from these)", seen, gold, predicted, codes)
    if not args.dev_only:
        if unseen:
            report("UNSEEN (never used for rules)", unseen, gold, predicted, codes)
            report("ALL", seen + unseen, gold, predicted, codes)
        else:
            print("\n## UNSEEN: none in this round yet (see the module docstring)")
    if args.rules:
        rule_report(seen, gold, predicted, rules)
    if args.show_errors:
        for unit in seen:
            g, p = gold.get(unit, set()), predicted[unit]
            if g != p:
                print(f"\n{unit} miss={sorted(g - p)} extra={sorted(p - g)}\n  {texts[unit]}")
                for code in sorted(p - g):
                    print(f"    {code}: {why[unit][code]}")


if __name__ == "__main__":
    main()
