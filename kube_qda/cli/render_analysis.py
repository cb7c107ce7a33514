"""Rendering of analysis tables for the terminal, Markdown and JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import NamedTuple

from rich.console import Console
from rich.table import Table

from kube_qda.analysis import CodeApplication, CoocRow, FreqRow, code_frequency, cooccurrence
from kube_qda.codebook.model import Codebook

UNCONFIRMED = "Unconfirmed suggestions (pre-tagger, not yet reviewed)"


def render_first_look(
    console: Console,
    fmt: str,
    codebook: Codebook,
    applications: Sequence[CodeApplication],
    documents: int,
    segments: int,
) -> None:
    """``analyze`` output: frequency and co-occurrence of unconfirmed suggestions."""
    codes = codebook.code_ids()
    labels = {
        code_id: code.label for code_id, (_, code) in zip(codes, codebook.codes(), strict=True)
    }
    freq = code_frequency(applications, codes=codes)
    cooc = cooccurrence(applications, codes=codes)
    look = _FirstLook(freq, cooc, labels, documents, segments)
    if fmt == "json":
        print(_first_look_json(look))
    elif fmt == "md":
        print(_first_look_md(look))
    else:
        scope = f"{documents} documents, {segments} informant segments"
        console.print(_frequency_table(freq, labels, scope))
        console.print(_pairs_table(cooc))


class _FirstLook(NamedTuple):
    """What ``analyze`` shows: the tables and their scope."""

    freq: Sequence[FreqRow]
    cooc: Sequence[CoocRow]
    labels: dict[str, str]
    documents: int
    segments: int


def _first_look_json(look: _FirstLook) -> str:
    data = {
        "status": "unconfirmed suggestions",
        "documents": look.documents,
        "segments": look.segments,
        "frequency": [asdict(r) | {"label": look.labels[r.code]} for r in look.freq],
        "cooccurrence": [asdict(r) for r in look.cooc],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _first_look_md(look: _FirstLook) -> str:
    labels = look.labels
    lines = [
        f"## Code frequency — {UNCONFIRMED}",
        "",
        f"_{look.documents} documents, {look.segments} informant segments_",
        "",
        "| code | label | segments | documents | informants |",
        "|---|---|--:|--:|--:|",
    ]
    lines += [
        f"| `{r.code}` | {labels[r.code]} | {r.segments} | {r.documents} | {r.informants} |"
        for r in look.freq
    ]
    lines += [
        "",
        f"## Code co-occurrence (same segment) — {UNCONFIRMED}",
        "",
        "| code A | code B | count | Jaccard | P(B given A) | P(A given B) |",
        "|---|---|--:|--:|--:|--:|",
    ]
    lines += [
        f"| `{r.code_a}` | `{r.code_b}` | {r.count} | {r.jaccard:.2f} | "
        f"{r.conditional_a_b:.2f} | {r.conditional_b_a:.2f} |"
        for r in look.cooc
    ]
    return "\n".join(lines)


def _frequency_table(freq: Sequence[FreqRow], labels: dict[str, str], scope: str) -> Table:
    table = Table(title=f"Code frequency — {UNCONFIRMED}", caption=scope)
    for name in ("code", "label", "segments", "documents", "informants"):
        table.add_column(
            name, justify="right" if name in ("segments", "documents", "informants") else "left"
        )
    for r in freq:
        table.add_row(
            r.code,
            labels[r.code],
            str(r.segments),
            str(r.documents),
            str(r.informants),
            style="dim" if not r.segments else "",
        )
    return table


def _pairs_table(cooc: Sequence[CoocRow]) -> Table:
    pairs = Table(
        title=f"Code co-occurrence, same segment — {UNCONFIRMED}",
        caption="Jaccard = n12/(n1+n2-n12); P(B|A) = n12/nA",
    )
    for name in ("code A", "code B", "count", "Jaccard", "P(B|A)", "P(A|B)"):
        pairs.add_column(name, justify="left" if name.startswith("code") else "right")
    for c in sorted(cooc, key=lambda r: -r.count)[:30]:
        pairs.add_row(
            c.code_a,
            c.code_b,
            str(c.count),
            f"{c.jaccard:.2f}",
            f"{c.conditional_a_b:.2f}",
            f"{c.conditional_b_a:.2f}",
        )
    return pairs
