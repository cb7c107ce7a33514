"""Code frequency: in how many segments, documents and informants a code occurs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kube_qda.analysis.records import CodeApplication


@dataclass(frozen=True)
class FreqRow:
    """``segments``: distinct (document, segment) units with the code;
    ``documents``: distinct documents; ``informants``: distinct (document, speaker)
    pairs, since the same label in two files is two people."""

    code: str
    segments: int
    documents: int
    informants: int


def code_frequency(
    applications: Iterable[CodeApplication], *, codes: Sequence[str] | None = None
) -> list[FreqRow]:
    """Frequency of each code; rows follow ``codes`` (zeros included) or first use."""
    segments: dict[str, set[tuple[str, int]]] = defaultdict(set)
    documents: dict[str, set[str]] = defaultdict(set)
    informants: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for app in applications:
        segments[app.code].add((app.document, app.segment))
        documents[app.code].add(app.document)
        if app.speaker:
            informants[app.code].add((app.document, app.speaker))
    order = list(codes) if codes is not None else list(segments)
    return [
        FreqRow(code, len(segments[code]), len(documents[code]), len(informants[code]))
        for code in order
    ]
