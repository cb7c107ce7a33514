"""``kube-qda quotes`` output: the chosen segments with their sources, as a terminal
view, Markdown, a table (CSV, XLSX) or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kube_qda.analysis.quotes import Quote
from kube_qda.export.tables import TableData

COLUMNS = [
    "document", "segment", "speaker", "attributes", "codes", "other codes",
    "text", "question before", "memos", "evidence",
]  # fmt: skip


@dataclass(frozen=True)
class QuoteRow:
    """A chosen segment with what the project knows around it."""

    quote: Quote
    context: str | None  # the turn before it, when asked for
    memos: tuple[tuple[str, str], ...]  # (coder, text)
    evidence: tuple[str, ...]  # of the suggested codes: "rule: “match”"


def header(rows: Sequence[QuoteRow], asked: str, scope: str) -> str:
    """The count line: how many segments in how many documents, for what."""
    documents = len({row.quote.document for row in rows})
    return f"{len(rows)} segments in {documents} documents: {asked} ({scope})"


def attributes_text(attributes: dict[str, str] | Any) -> str:
    return ", ".join(f"{key}={value}" for key, value in sorted(dict(attributes).items()))


def quotes_table(rows: Sequence[QuoteRow]) -> TableData:
    """One row per segment (CSV, XLSX)."""
    body = [
        [
            row.quote.document,
            row.quote.segment,
            row.quote.speaker or "",
            attributes_text(row.quote.attributes),
            "; ".join(row.quote.matched),
            "; ".join(c for c in row.quote.codes if c not in row.quote.matched),
            row.quote.text,
            row.context or "",
            " | ".join(f"{coder}: {text}" for coder, text in row.memos),
            "; ".join(row.evidence),
        ]
        for row in rows
    ]
    return TableData("quotes", "Quotes", list(COLUMNS), body, numeric={1})


def quotes_payload(rows: Sequence[QuoteRow], count_line: str) -> dict[str, Any]:
    """JSON: the count line and one object per segment."""
    return {
        "header": count_line,
        "quotes": [
            {
                "document": row.quote.document,
                "segment": row.quote.segment,
                "speaker": row.quote.speaker,
                "attributes": dict(row.quote.attributes),
                "codes": list(row.quote.matched),
                "other_codes": [c for c in row.quote.codes if c not in row.quote.matched],
                "text": row.quote.text,
                "question_before": row.context,
                "memos": [{"coder": coder, "text": text} for coder, text in row.memos],
                "evidence": list(row.evidence),
            }
            for row in rows
        ],
    }


def quotes_markdown(rows: Sequence[QuoteRow], count_line: str) -> str:
    """Each segment as a block quote under its source line."""
    lines = ["## Quotes", "", f"_{count_line}_", ""]
    for row in rows:
        q = row.quote
        source = f"**{q.document} #{q.segment}**" + (f" · {q.speaker}" if q.speaker else "")
        if q.attributes:
            source += f" · {attributes_text(q.attributes)}"
        lines += [f"{source} · `{'`, `'.join(q.matched)}`", ""]
        if row.context:
            lines += [f"> _{_one_line(row.context)}_", ">"]
        lines += [f"> {_one_line(q.text)}", ""]
        lines += [f"- memo ({coder}): {_one_line(text)}" for coder, text in row.memos]
        lines += [f"- evidence: {e}" for e in row.evidence]
        if row.memos or row.evidence:
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class MemoRow:
    """A memo with its segment."""

    document: str
    segment: int
    speaker: str | None
    attributes: dict[str, str]
    coder: str
    memo: str
    text: str
    codes: tuple[str, ...]  # the segment's confirmed codes


MEMO_COLUMNS = ["document", "segment", "speaker", "attributes", "coder", "memo", "codes", "text"]


def memos_table(rows: Sequence[MemoRow]) -> TableData:
    body = [
        [r.document, r.segment, r.speaker or "", attributes_text(r.attributes), r.coder,
         r.memo, "; ".join(r.codes), r.text]
        for r in rows
    ]  # fmt: skip
    return TableData("memos", "Memos", list(MEMO_COLUMNS), body, numeric={1})


def memos_payload(rows: Sequence[MemoRow], count_line: str) -> dict[str, Any]:
    return {
        "header": count_line,
        "memos": [
            {
                "document": r.document,
                "segment": r.segment,
                "speaker": r.speaker,
                "attributes": r.attributes,
                "coder": r.coder,
                "memo": r.memo,
                "codes": list(r.codes),
                "text": r.text,
            }
            for r in rows
        ],
    }


def memos_markdown(rows: Sequence[MemoRow], count_line: str) -> str:
    lines = ["## Memos", "", f"_{count_line}_", ""]
    for r in rows:
        codes = f" · `{'`, `'.join(r.codes)}`" if r.codes else ""
        lines += [
            f"**{r.document} #{r.segment}** · {r.speaker or '—'} · memo by {r.coder}{codes}",
            "",
            _one_line(r.memo),
            "",
            f"> {_one_line(r.text)}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
