"""Thematic summary: per code its counts and exemplar quotes with their sources."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kube_qda.analysis.frequency import code_frequency
from kube_qda.analysis.records import CodeApplication


@dataclass(frozen=True)
class Quote:
    document: str
    segment: int
    speaker: str | None
    text: str

    @property
    def source(self) -> str:
        return f"{self.document}#{self.segment} ({self.speaker or '—'})"


@dataclass(frozen=True)
class CodeSummary:
    code: str
    category: str
    label: str
    definition: str
    segments: int
    documents: int
    informants: int
    quotes: list[Quote] = field(default_factory=list)


@dataclass(frozen=True)
class CodeInfo:
    """What the summary needs to know about a code from the codebook."""

    code: str
    category: str
    label: str
    definition: str


def pick_quotes(
    applications: Sequence[CodeApplication], n: int, *, max_chars: int = 400
) -> list[Quote]:
    """Up to ``n`` quotes, one per document first (in order of appearance), then more
    from the same documents; long segments are shortened with an ellipsis."""
    by_document: dict[str, list[CodeApplication]] = defaultdict(list)
    for app in applications:
        if app.text and app not in by_document[app.document]:
            by_document[app.document].append(app)
    picked: list[CodeApplication] = []
    depth = 0
    while len(picked) < n and any(len(apps) > depth for apps in by_document.values()):
        for apps in by_document.values():
            if depth < len(apps) and len(picked) < n:
                picked.append(apps[depth])
        depth += 1
    return [Quote(a.document, a.segment, a.speaker, _shorten(a.text, max_chars)) for a in picked]


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def thematic_summary(
    applications: Iterable[CodeApplication], codes: Sequence[CodeInfo], *, quotes: int = 3
) -> list[CodeSummary]:
    """One entry per code (codebook order) with counts and exemplar quotes."""
    apps = list(applications)
    per_code: dict[str, list[CodeApplication]] = defaultdict(list)
    for app in apps:
        per_code[app.code].append(app)
    freq = {r.code: r for r in code_frequency(apps, codes=[c.code for c in codes])}
    return [
        CodeSummary(
            info.code,
            info.category,
            info.label,
            info.definition,
            freq[info.code].segments,
            freq[info.code].documents,
            freq[info.code].informants,
            pick_quotes(per_code[info.code], quotes),
        )
        for info in codes
    ]
