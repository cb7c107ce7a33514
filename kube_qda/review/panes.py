"""What the coding workspace shows, as Rich text: a segment of the interview, the
suggestions, a code's definition, the progress line. Pure functions of the session's
data, so the workspace (workspace.py) only lays them out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from kube_qda.codebook.model import Codebook
from kube_qda.project.records import SegmentRow


@dataclass(frozen=True)
class CodeEntry:
    """A code as the picker lists it."""

    id: str
    label: str
    category: str  # the category's label
    definition: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]

    def matches(self, query: str) -> bool:
        """Whether ``query`` is part of the id or the label (any case)."""
        query = query.strip().lower()
        return not query or query in self.id.lower() or query in self.label.lower()


def code_entries(codebook: Codebook) -> list[CodeEntry]:
    return [
        CodeEntry(
            f"{cat.id}.{code.id}",
            code.label,
            cat.label,
            code.definition,
            tuple(code.include),
            tuple(code.exclude),
        )  # fmt: skip
        for cat, code in codebook.codes()
    ]


def segment_text(
    row: SegmentRow,
    *,
    current: bool,
    codes: Iterable[str] = (),
    evidence: Sequence[dict[str, Any]] = (),
) -> Text:
    """One turn of the interview: the speaker, the words (the current one's evidence
    marked: negated hits in red), and the codes this coder gave it."""
    text = Text()
    speaker = row.speaker or "—"
    text.append(f"{speaker}: ", style="bold reverse" if current else "bold")
    body = Text(row.text, style="" if current or not row.interviewer else "dim")
    for suggestion in evidence:
        style = "bold red" if suggestion["negated"] else "bold yellow underline"
        for e in suggestion["evidence"]:
            body.stylize(style, e["start"] - row.start, e["end"] - row.start)
    text.append_text(body)
    given = sorted(codes)
    if given:
        text.append("\n  → " + ", ".join(given), style="green")
    return text


def suggestions_text(
    suggestions: Sequence[dict[str, Any]],
    labels: Mapping[str, str],
    selected: set[int],
    added: Sequence[str],
) -> Text:
    """The numbered suggestions with their evidence (rule or learned words) and
    negation mark; the ones selected for saving checked; the codes added below."""
    text = Text()
    if not suggestions:
        text.append("no suggestions: Enter saves 'reviewed, no code'\n", style="dim")
    for number, s in enumerate(suggestions, start=1):
        mark = "[x]" if number in selected else "[ ]"
        text.append(f"{mark} {number}. ", style="bold")
        text.append(s["code"], style="red" if s["negated"] else "green")
        text.append(f" {labels.get(s['code'], '')} {s['score']:.2f}")
        if s["negated"]:
            text.append(" negated", style="bold red")
        for e in s["evidence"][:3]:
            kind = "learned" if e["rule"] == "learned" else e["rule"]
            text.append(f"\n      {kind}: “{e['match']}”", style="dim")
        text.append("\n")
    for code in added:
        text.append("[+] ", style="bold")
        text.append(code, style="green")
        text.append(f" {labels.get(code, '')}\n")
    return text


def definition_text(entry: CodeEntry) -> Text:
    """The codebook's own words for a code: definition, include, exclude."""
    text = Text()
    text.append(f"{entry.label} ({entry.id})\n", style="bold")
    text.append(entry.definition + "\n")
    if entry.include:
        text.append("include: ", style="bold green")
        text.append("; ".join(entry.include) + "\n")
    if entry.exclude:
        text.append("exclude: ", style="bold red")
        text.append("; ".join(entry.exclude) + "\n")
    return text


def progress_text(
    decided: int, total: int, document: str, document_decided: int, document_total: int,
    seconds_per_decision: float | None,
) -> str:  # fmt: skip
    """The progress line: overall, in this document, and the pace."""
    pace = f"{seconds_per_decision:.0f}s each" if seconds_per_decision else "—"
    return f"{decided}/{total} · {document} {document_decided}/{document_total} · {pace}"
