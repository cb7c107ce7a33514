"""Coded retrieval (``kube-qda quotes``): the segments that have some codes, and
perhaps others too or not, from the documents and attribute values asked for.

Pure: it takes the code applications the project gives (analysis/records.py) and
returns the chosen segments in document order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kube_qda.analysis.records import CodeApplication


@dataclass(frozen=True)
class QuoteQuery:
    """``any_of``: a segment needs one of these codes; ``all_of``: and every one of
    these; ``none_of``: and none of these; ``where``: document attributes it must have
    (attribute -> accepted values: any of them)."""

    any_of: frozenset[str]
    all_of: frozenset[str] = frozenset()
    none_of: frozenset[str] = frozenset()
    where: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Quote:
    """One chosen segment with every code it has (in the status asked for)."""

    document: str
    segment: int
    speaker: str | None
    attributes: Mapping[str, str]
    text: str
    codes: tuple[str, ...]  # all its codes, codebook order
    matched: tuple[str, ...]  # those among ``any_of``


def select(
    applications: Iterable[CodeApplication], query: QuoteQuery, code_order: Sequence[str]
) -> list[Quote]:
    """The segments ``query`` asks for, in document and segment order as given."""
    rank = {code: i for i, code in enumerate(code_order)}
    grouped: dict[tuple[str, int], list[CodeApplication]] = {}
    for app in applications:
        grouped.setdefault((app.document, app.segment), []).append(app)
    out = []
    for (document, index), apps in grouped.items():
        codes = {app.code for app in apps}
        first = apps[0]
        attributes = dict(first.attributes or {})
        if not _wanted(codes, attributes, query):
            continue
        ordered = tuple(sorted(codes, key=lambda c: rank.get(c, len(rank))))
        matched = tuple(c for c in ordered if c in query.any_of)
        out.append(Quote(document, index, first.speaker, attributes, first.text, ordered, matched))
    return out


def _wanted(codes: set[str], attributes: Mapping[str, str], query: QuoteQuery) -> bool:
    return (
        not codes.isdisjoint(query.any_of)
        and query.all_of <= codes
        and codes.isdisjoint(query.none_of)
        and all(attributes.get(key) in values for key, values in query.where.items())
    )


def parse_where(conditions: Iterable[str], known: set[str]) -> dict[str, frozenset[str]]:
    """``role=anggota`` conditions (repeatable; the same attribute twice means either
    value) as attribute -> values; ValueError naming a malformed one or an attribute no
    document has."""
    out: dict[str, set[str]] = {}
    for condition in conditions:
        key, sep, value = condition.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise ValueError(f"--where '{condition}': write ATTRIBUTE=VALUE, e.g. role=anggota")
        if key not in known:
            have = ", ".join(sorted(known)) or "none"
            raise ValueError(f"--where '{condition}': no document has attribute '{key}' ({have})")
        out.setdefault(key, set()).add(value)
    return {key: frozenset(values) for key, values in out.items()}
