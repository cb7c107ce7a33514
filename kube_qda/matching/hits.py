"""Hits: where a rule matched, proximity combination, exclusion, evidence and score."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from kube_qda.matching.compile import WEIGHTS, NearRule
from kube_qda.matching.suggestion import Evidence
from kube_qda.transcripts.model import Segment

if TYPE_CHECKING:
    from kube_qda.matching.tokens import Batch

Span = tuple[int, int]  # token positions, end exclusive


class Hit(NamedTuple):
    """One rule hit inside a segment: its matched token spans (``pieces``, sorted)."""

    rule: str
    kind: str
    pieces: tuple[Span, ...]
    chars: Span | None = None  # exact character offsets (regex hits)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def near_hits(rule: NearRule, groups: Sequence[list[Span]], ends: list[int]) -> list[Hit]:
    """Smallest spans holding one hit of every group within ``rule.within`` tokens,
    inside one sentence (``ends``: sentence-final token positions), and in the order
    of the groups when ``rule.ordered``. Pieces never overlap each other."""
    pieces = sorted({(s, e, g) for g, spans in enumerate(groups) for s, e in spans})
    wanted = len(groups)
    hits: list[Hit] = []
    covered_until = -1
    for index, (start, _, first_group) in enumerate(pieces):
        if start <= covered_until or (rule.ordered and first_group != 0):
            continue
        chosen: dict[int, Span] = {}
        for s, e, g in pieces[index:]:
            if s - start > rule.within:
                break
            if rule.ordered and g != len(chosen):
                continue
            if g not in chosen and all(s >= ce or e <= cs for cs, ce in chosen.values()):
                chosen[g] = (s, e)
                if len(chosen) == wanted:
                    break
        if len(chosen) < wanted:
            continue
        spans = tuple(sorted(chosen.values()))
        first, last = spans[0][0], spans[-1][1] - 1
        after_first = bisect_left(ends, first)
        crosses = after_first < len(ends) and ends[after_first] < last
        if last - first <= rule.within and not crosses:
            hits.append(Hit(rule.rule_id, "near", spans))
            covered_until = last
    return hits


def cancelled(hit: Hit, unless: list[Span], window: int) -> bool:
    """True when an ``unless`` term lies within ``window`` tokens of the hit."""
    return any(s <= hit.end - 1 + window and e - 1 >= hit.start - window for s, e in unless)


def evidence(hits: list[Hit], seg: Segment, batch: Batch) -> tuple[Evidence, ...]:
    """One Evidence per distinct (rule, character span), in text order; offsets are
    into the document text (segment start + offset in the segment)."""
    seen: dict[tuple[str, int, int], Evidence] = {}
    for hit in sorted(hits, key=lambda h: (h.start, h.rule)):
        start, end = hit.chars if hit.chars is not None else batch.chars(hit.start, hit.end)
        key = (hit.rule, start, end)
        if key not in seen:
            seen[key] = Evidence(hit.rule, seg.text[start:end], seg.start + start, seg.start + end)
    return tuple(seen.values())


def score(hits: Sequence[Hit]) -> float:
    """1 - prod(1 - w) over distinct hits; w by rule kind (compile.WEIGHTS)."""
    remaining = 1.0
    for hit in {(h.rule, h.pieces): h for h in hits}.values():
        remaining *= 1.0 - WEIGHTS[hit.kind]
    return round(1.0 - remaining, 2)
