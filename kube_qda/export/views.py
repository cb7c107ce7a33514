"""The tables of the table commands (freq, cooc, agreement, evaluate), built from the
analysis results as ``TableData`` plus the JSON payload that ``--format json`` prints.
The CLI parses, calls these and emits; no table is laid out there."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kube_qda.analysis import CodeApplication, CoocRow, FreqRow, code_frequency, cooccurrence
from kube_qda.codebook.model import Codebook
from kube_qda.export.tables import TableData

#: How a statistic that is undefined (no variation) shows: a word in tables, null in JSON.
UNDEFINED = "undefined"


def number(value: float | None) -> Any:
    """A statistic for a table: rounded to four decimals, or ``undefined``."""
    return UNDEFINED if value is None else round(value, 4)


def frequency_view(
    rows: Sequence[FreqRow],
    labels: dict[str, tuple[str, str]],
    by: str | None,
    scope: str,
    title: str = "Code frequency",
) -> tuple[TableData, list[dict[str, Any]]]:
    """Per code (and category roll-up): segments, documents, informants, and per value
    of the ``by`` attribute; ``labels``: code -> (category id, label)."""
    values = sorted({v for r in rows for v in (r.by or {})})
    payload = []
    table_rows = []
    for r in rows:
        category, label = labels[r.code]
        entry: dict[str, Any] = {
            "code": r.code,
            "category": category,
            "label": label,
            "segments": r.segments,
            "documents": r.documents,
            "informants": r.informants,
        }
        if by is not None:
            entry["by"] = r.by
        payload.append(entry)
        by_values = [(r.by or {}).get(v, 0) for v in values]
        table_rows.append([r.code, label, r.segments, r.documents, r.informants, *by_values])
    columns = ["code", "label", "segments", "documents", "informants"]
    columns += [f"{by}={v}" for v in values]
    table = TableData("frequency", title, columns, table_rows, set(range(2, len(columns))), scope)
    return table, payload


def cooccurrence_view(
    rows: Sequence[CoocRow],
    ordered: Sequence[CoocRow],
    level: str,
    scope: str,
    title: str | None = None,
) -> tuple[TableData, list[dict[str, Any]]]:
    """Code pairs with count, Jaccard and both conditional proportions; the table in
    the order ``ordered`` gives, the payload in ``rows``' order."""
    table = TableData(
        "cooccurrence",
        title or f"Code co-occurrence ({level})",
        ["code A", "code B", "count", "Jaccard", "P(B|A)", "P(A|B)"],
        [
            [r.code_a, r.code_b, r.count, r.jaccard, r.conditional_a_b, r.conditional_b_a]
            for r in ordered
        ],
        {2, 3, 4, 5},
        f"{scope}; Jaccard = n12/(n1+n2-n12), P(B|A) = n12/nA",
    )
    payload = [
        {
            "code_a": r.code_a,
            "code_b": r.code_b,
            "count": r.count,
            "jaccard": r.jaccard,
            "conditional_a_b": r.conditional_a_b,
            "conditional_b_a": r.conditional_b_a,
        }
        for r in rows
    ]
    return table, payload


#: What ``analyze`` counts, in its table titles.
UNCONFIRMED = "Unconfirmed suggestions (pre-tagger, not yet reviewed)"


def first_look_views(
    applications: Sequence[CodeApplication], codebook: Codebook, documents: int, segments: int
) -> tuple[list[TableData], dict[str, Any]]:
    """``analyze``: frequency and co-occurrence of the unconfirmed suggestions, as the
    table commands show confirmed codes (the same two views)."""
    codes = codebook.code_ids()
    labels = {
        cid: (cat.id, code.label) for cid, (cat, code) in zip(codes, codebook.codes(), strict=True)
    }
    scope = f"{documents} documents, {segments} informant segments"
    freq, freq_payload = frequency_view(
        code_frequency(applications, codes=codes), labels, None, scope,
        title=f"Code frequency — {UNCONFIRMED}",
    )  # fmt: skip
    pairs = cooccurrence(applications, codes=codes)
    cooc, cooc_payload = cooccurrence_view(
        pairs, sorted(pairs, key=lambda r: -r.count), "segment", scope,
        title=f"Code co-occurrence, same segment — {UNCONFIRMED}",
    )  # fmt: skip
    payload = {
        "status": "unconfirmed suggestions",
        "documents": documents,
        "segments": segments,
        "frequency": freq_payload,
        "cooccurrence": cooc_payload,
    }
    return [freq, cooc], payload


def agreement_view(report: dict[str, Any], coders: Sequence[str]) -> TableData:
    """Per code, pooled and the mean of codes: units, percent agreement, Cohen's kappa,
    Brennan-Prediger and Krippendorff's alpha."""
    keys = ("units", "percent", "cohen_kappa", "brennan_prediger", "krippendorff_alpha")

    def cells(row: dict[str, Any]) -> list[Any]:
        return [number(row[k]) if k != "units" else row[k] for k in keys]

    rows = [[row["code"], *cells(row)] for row in report["codes"]]
    rows.append(["(pooled)", *cells(report["pooled"])])
    rows.append(["(mean of codes)", "", *(number(report["mean"][k]) for k in keys[1:])])
    columns = ["code", "units", "percent", "Cohen's kappa", "Brennan-Prediger"]
    return TableData(
        "agreement",
        f"Agreement: {', '.join(coders)}",
        [*columns, "Krippendorff's alpha"],
        rows,
        {1, 2, 3, 4, 5},
        f"{report['units']} segments reviewed by two or more of them; "
        "per code a present/absent decision per segment",
    )


def disagreements_view(
    differing: Sequence[tuple[tuple[str, int], dict[str, list[str]]]],
    coders: Sequence[str],
    texts: dict[tuple[str, int], str],
) -> TableData:
    """The segments where the coders differ, with each coder's codes."""

    def codes_of(per: dict[str, list[str]], coder: str) -> str:
        return ", ".join(per.get(coder, ["(not reviewed)"])) or "(no code)"

    return TableData(
        "disagreements",
        "Segments where the coders differ",
        ["segment", "text", *coders],
        [
            [f"{d}#{s}", texts.get((d, s), ""), *[codes_of(per, c) for c in coders]]
            for (d, s), per in differing
        ],
        set(),
    )


def evaluation_views(report: dict[str, Any], coder: str) -> list[TableData]:
    """The pre-tagger against a coder: per code (and micro, macro) and per rule."""
    metrics = ("tp", "fp", "fn", "precision", "recall", "f1")

    def cells(row: dict[str, Any]) -> list[Any]:
        return [number(row[k]) if k in metrics[3:] else row[k] for k in metrics]

    rows = [[row["code"], *cells(row)] for row in report["codes"]]
    rows.append(["(micro)", *cells(report["micro"])])
    rows.append(["(macro)", "", "", "", *(number(report["macro"][k]) for k in metrics[3:])])
    return [
        TableData(
            "codes",
            f"Suggestions against {coder}'s codings",
            ["code", *metrics],
            rows,
            {1, 2, 3, 4, 5, 6},
            f"{report['units']} segments reviewed by {coder}",
        ),
        TableData(
            "rules",
            "Rules, worst misfires first",
            ["code", "rule", "accepted", "rejected"],
            [[r["code"], r["rule"], r["accepted"], r["rejected"]] for r in report["rules"]],
            {2, 3},
        ),
    ]
