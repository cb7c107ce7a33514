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
    chars: Span | None = None  # character offsets in the text, when known (regex: exact)
    negated: bool | None = None  # when known in advance (one-piece keyword hits)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def near_hits(
    rule: NearRule,
    groups: Sequence[list[Span]],
    ends: Sequence[int],
) -> list[Hit]:
    """Proximity hits: one span of every group within ``rule.within`` tokens, inside
    one sentence (``ends``: sentence-final and boundary token positions), in the
    order of the groups when ``rule.ordered``; pieces never overlap, hits never
    overlap each other.

    The caller passes only the spans in sentences where every group occurs. Each
    span of the first group is an anchor; the nearest fitting span of every other
    group is looked up by bisection. The anchor group is fixed (not the rarest in
    the batch) so that a segment's hits depend on its own words alone, never on
    the segments analysed with it.
    """
    spans = [sorted(set(group)) for group in groups]
    starts = [[s for s, _ in group] for group in spans]
    candidates: list[tuple[Span, ...]] = []
    for a in spans[0]:
        i = bisect_left(ends, a[0])  # the anchor's sentence: (ends[i - 1], ends[i])
        sentence = (ends[i - 1] + 1 if i else 0, ends[i] if i < len(ends) else 1 << 62)
        if rule.ordered:
            chosen = _ordered(a, spans, starts, rule.within, sentence)
        else:
            chosen = _nearest(a, spans, starts, rule.within, sentence)
        if chosen is not None and chosen[-1][1] - 1 - chosen[0][0] <= rule.within:
            candidates.append(chosen)
    hits: list[Hit] = []
    covered_until = -1
    for chosen in sorted(set(candidates)):
        if chosen[0][0] > covered_until:
            hits.append(Hit(rule.rule_id, "near", chosen))
            covered_until = chosen[-1][1] - 1
    return hits


def _ordered(
    a: Span, spans: list[list[Span]], starts: list[list[int]], within: int, sentence: Span
) -> tuple[Span, ...] | None:
    chosen = [a]
    for g in range(1, len(spans)):
        i = bisect_left(starts[g], chosen[-1][1])
        if i == len(starts[g]) or starts[g][i] - a[0] > within or spans[g][i][1] > sentence[1]:
            return None
        chosen.append(spans[g][i])
    return tuple(chosen)


def _nearest(
    a: Span, spans: list[list[Span]], starts: list[list[int]], within: int, sentence: Span
) -> tuple[Span, ...] | None:
    chosen = [a]
    for g in range(1, len(spans)):
        group = spans[g]
        lo = bisect_left(starts[g], max(a[0] - within, sentence[0]))
        hi = bisect_left(starts[g], min(a[1] + within, sentence[1]))
        best: Span | None = None
        for s, e in group[lo:hi]:
            if (
                e <= sentence[1]
                and all(s >= ce or e <= cs for cs, ce in chosen)
                and (best is None or abs(s - a[0]) < abs(best[0] - a[0]))
            ):
                best = (s, e)
        if best is None:
            return None
        chosen.append(best)
    return tuple(sorted(chosen))


def cancelled(hit: Hit, unless: list[Span], window: int) -> bool:
    """True when an ``unless`` term lies within ``window`` tokens of the hit."""
    return any(s <= hit.end - 1 + window and e - 1 >= hit.start - window for s, e in unless)


def evidence(hits: list[Hit], seg: Segment, batch: Batch) -> tuple[Evidence, ...]:
    """One Evidence per distinct (rule, character span), in text order; offsets are
    into the document text (segment start + offset in the segment)."""
    idx, length = batch.idx, batch.length
    found: set[tuple[int, str, int]] = set()
    for hit in hits:
        if hit.chars is not None:
            found.add((hit.chars[0], hit.rule, hit.chars[1]))
        else:
            last = hit.pieces[-1][1] - 1
            found.add((idx[hit.pieces[0][0]], hit.rule, idx[last] + length[last]))
    text, base = seg.text, seg.start
    return tuple(
        [
            Evidence(rule, text[start:end], base + start, base + end)
            for start, rule, end in (found if len(found) == 1 else sorted(found))
        ]
    )


def score(hits: Sequence[Hit]) -> float:
    """1 - prod(1 - w) over distinct hits; w by rule kind (compile.WEIGHTS)."""
    remaining = 1.0
    for hit in {(h.rule, h.pieces): h for h in hits}.values():
        remaining *= 1.0 - WEIGHTS[hit.kind]
    return round(1.0 - remaining, 2)
