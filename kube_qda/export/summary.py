"""The thematic summary as thesis-ready Markdown, a one-row-per-quote table, JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kube_qda.analysis.summary import CodeSummary, Quote
from kube_qda.codebook.model import Codebook
from kube_qda.export.tables import TableData


def summary_markdown(summaries: Sequence[CodeSummary], codebook: Codebook, scope: str) -> str:
    """Per category a heading and a counts table, then per code its quotes."""
    categories = {c.id: c for c in codebook.categories}
    lines = [f"# Thematic summary — {codebook.title}", "", f"_{scope}_", ""]
    for cat_id in dict.fromkeys(s.category for s in summaries):
        category = categories[cat_id]
        gloss = f" ({category.gloss})" if category.gloss else ""
        lines += [f"## {category.label}{gloss}", ""]
        lines += ["| code | label | segments | documents | informants |", "|---|---|--:|--:|--:|"]
        members = [s for s in summaries if s.category == cat_id]
        lines += [
            f"| `{s.code}` | {s.label} | {s.segments} | {s.documents} | {s.informants} |"
            for s in members
        ]
        lines.append("")
        for s in members:
            lines += [f"### {s.label} (`{s.code}`)", "", " ".join(s.definition.split()), ""]
            if not s.quotes:
                lines += ["_No coded segments._", ""]
            for quote in s.quotes:
                lines.append(f"> “{quote.text}” — {quote.source}")
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def summary_table(summaries: Sequence[CodeSummary]) -> TableData:
    """One row per quote (codes without quotes get one row with an empty quote)."""
    rows: list[list[Any]] = []
    for s in summaries:
        quotes: list[Quote | None] = list(s.quotes) or [None]
        for quote in quotes:
            rows.append(
                [
                    s.category,
                    s.code,
                    s.label,
                    s.segments,
                    s.documents,
                    s.informants,
                    quote.source if quote else "",
                    quote.text if quote else "",
                ]
            )
    return TableData(
        "summary",
        "Thematic summary",
        ["category", "code", "label", "segments", "documents", "informants", "source", "quote"],
        rows,
        {3, 4, 5},
    )


def summary_payload(summaries: Sequence[CodeSummary]) -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            "category": s.category,
            "label": s.label,
            "definition": s.definition,
            "segments": s.segments,
            "documents": s.documents,
            "informants": s.informants,
            "quotes": [
                {"document": q.document, "segment": q.segment, "speaker": q.speaker, "text": q.text}
                for q in s.quotes
            ],
        }
        for s in summaries
    ]
