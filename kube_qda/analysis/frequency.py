"""Code frequency: in how many segments, documents and informants a code occurs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kube_qda.analysis.records import CodeApplication


@dataclass(frozen=True)
class FreqRow:
    """``segments``: distinct (document, segment) units with the code; ``documents``:
    distinct documents; ``informants``: distinct informants (a named person, else a
    speaker per document, since ``I:`` in two files is two people); ``by``: segments
    per value of a document attribute (with ``by=``)."""

    code: str
    segments: int
    documents: int
    informants: int
    by: dict[str, int] | None = field(default=None, compare=False)


def code_frequency(
    applications: Iterable[CodeApplication],
    *,
    codes: Sequence[str] | None = None,
    by: str | None = None,
) -> list[FreqRow]:
    """Frequency of each code; rows follow ``codes`` (zeros included) or first use."""
    segments: dict[str, set[tuple[str, int]]] = defaultdict(set)
    documents: dict[str, set[str]] = defaultdict(set)
    informants: dict[str, set[tuple[str, str]]] = defaultdict(set)
    split: dict[str, dict[str, set[tuple[str, int]]]] = defaultdict(lambda: defaultdict(set))
    for document, segment, code, speaker, person, attributes, _ in applications:
        unit = (document, segment)
        segments[code].add(unit)
        documents[code].add(document)
        if person:
            informants[code].add(("", person))
        elif speaker:
            informants[code].add((document, speaker))
        if by is not None:
            value = document if by == "document" else str((attributes or {}).get(by, ""))
            split[code][value].add(unit)
    order = list(codes) if codes is not None else list(segments)
    return [
        FreqRow(
            code,
            len(segments[code]),
            len(documents[code]),
            len(informants[code]),
            {value: len(units) for value, units in sorted(split[code].items())}
            if by is not None
            else None,
        )
        for code in order
    ]


def by_category(
    applications: Iterable[CodeApplication], categories: Mapping[str, str]
) -> list[CodeApplication]:
    """The same applications with each code replaced by its category (for roll-ups:
    a segment counts once for a category however many of its codes it has)."""
    return [app._replace(code=categories[app.code]) for app in applications]
