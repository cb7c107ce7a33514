"""Hits: where a rule matched, proximity combination, exclusion, evidence and score."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from kube_qda.matching.arrays import BoolArray, IntArray
from kube_qda.matching.compile import WEIGHTS, NearRule
from kube_qda.matching.suggestion import EvidenceRow
from kube_qda.transcripts.model import Segment

if TYPE_CHECKING:
    from kube_qda.matching.tokens import Batch

Span = tuple[int, int]  # token positions, end exclusive
#: A proximity hit's matched token spans, one per group, sorted.
Pieces = tuple[Span, ...]
#: A proximity hit of a batch: (code index, near-rule number, pieces). A plain tuple
#: of numbers, which Python's cycle collector stops tracking (see suggestion.py).
NearHit = tuple[int, int, Pieces]


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
) -> list[Pieces]:
    """Proximity hits (their pieces): one span of every group within ``rule.within`` tokens, inside
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
    candidates: list[Pieces] = []
    for a in spans[0]:
        i = bisect_left(ends, a[0])  # the anchor's sentence: (ends[i - 1], ends[i])
        sentence = (ends[i - 1] + 1 if i else 0, ends[i] if i < len(ends) else 1 << 62)
        if rule.ordered:
            chosen = _ordered(a, spans, starts, rule.within, sentence)
        else:
            chosen = _nearest(a, spans, starts, rule.within, sentence)
        if chosen is not None and chosen[-1][1] - 1 - chosen[0][0] <= rule.within:
            candidates.append(chosen)
    return _disjoint(candidates)


def near_pair_hits(
    rules: Sequence[NearRule],
    first: tuple[IntArray, IntArray, IntArray],
    second: tuple[IntArray, IntArray, IntArray],
    ends: IntArray,
    n: int,
) -> dict[int, list[Pieces]]:
    """``near_hits`` of many two-group rules at once, with array operations: rule
    number -> the same hits (rules without hits left out).

    ``first`` and ``second``: the occurrences of the rules' first and second groups
    as arrays (rule number, token start, token end), any order, repeats allowed;
    ``ends``: the sentence-final and boundary token positions; ``n``: the number of
    tokens. Every span of a first group is an anchor; its nearest fitting span of the
    rule's second group is found by binary search (``_pick``); the rare anchors whose
    nearest span on the left overlaps them, or whose span runs past the sentence end,
    are left to the one-by-one search (``_searched_one_by_one``)."""
    size = n + 1
    a_start, a_end = stacked_spans(first, size)
    b_start, b_end = stacked_spans(second, size)
    if not len(a_start) or not len(b_start):
        return {}
    anchors = _Anchors.of(a_start, a_end, rules, ends, n, size)
    pick, on_left, ok, slow = _pick(anchors, b_start, b_end)
    candidates: dict[int, set[Pieces]] = {}
    rows = zip(
        anchors.rule[ok].tolist(),
        anchors.start[ok].tolist(),
        (a_end - anchors.base)[ok].tolist(),
        (b_start[pick] - anchors.base)[ok].tolist(),
        (b_end[pick] - anchors.base)[ok].tolist(),
        on_left[ok].tolist(),
        strict=True,
    )
    for k, a0, a1, b0, b1, left in rows:
        pieces = ((b0, b1), (a0, a1)) if left else ((a0, a1), (b0, b1))
        candidates.setdefault(k, set()).add(pieces)
    for k in np.flatnonzero(slow).tolist():
        rule = int(anchors.rule[k])
        chosen = _searched_one_by_one(anchors, k, rules[rule], b_start, b_end, size)
        if chosen is not None:
            candidates.setdefault(rule, set()).add(chosen)
    return {q: _disjoint(found) for q, found in candidates.items()}


def stacked_spans(
    group: tuple[IntArray, IntArray, IntArray], size: int
) -> tuple[IntArray, IntArray]:
    """The spans of every rule in one sorted array, each once: rule ``q``'s token
    position ``p`` becomes ``q * size + p``. ``size`` exceeds every position, so spans
    of different rules never come within reach of each other, and one binary search
    serves all rules; subtract ``q * size`` to get the position back."""
    rule_of, starts, stops = (np.asarray(a, dtype=np.int64) for a in group)
    return _unique_spans(starts + rule_of * size, stops + rule_of * size)


class _Anchors(NamedTuple):
    """Per anchor (a span of a rule's first group, stacked as in ``stacked_spans``):
    its rule, the rule's offset ``base`` (rule * size), its own start in the stacked
    array and as a token position, the rule's window and order, and its sentence (first
    token, and last token stacked)."""

    rule: IntArray
    base: IntArray
    stacked: IntArray
    stacked_end: IntArray
    start: IntArray
    within: IntArray
    ordered: BoolArray
    sentence_start: IntArray
    sentence_end: IntArray

    @staticmethod
    def of(
        a_start: IntArray,
        a_end: IntArray,
        rules: Sequence[NearRule],
        ends: IntArray,
        n: int,
        size: int,
    ) -> _Anchors:
        rule = a_start // size
        base = rule * size
        start = a_start - base
        i = np.searchsorted(ends, start, "left")  # the sentence: (ends[i - 1], ends[i]]
        return _Anchors(
            rule=rule,
            base=base,
            stacked=a_start,
            stacked_end=a_end,
            start=start,
            within=np.array([r.within for r in rules], dtype=np.int64)[rule],
            ordered=np.array([r.ordered for r in rules], dtype=bool)[rule],
            sentence_start=np.concatenate([[-1], ends])[i] + 1,
            sentence_end=base + np.concatenate([ends, [n]])[i],
        )


def _pick(
    anchors: _Anchors, b_start: IntArray, b_end: IntArray
) -> tuple[IntArray, BoolArray, BoolArray, BoolArray]:
    """Per anchor: the index of its chosen second span, whether that span lies on its
    left, whether the pair is a hit, and whether the anchor needs the slow search.

    Ordered rules take the first span starting after the anchor. Unordered rules take
    the nearer of that span and the last span starting before the anchor (the left
    one on a tie); both must lie in the sentence and within the window."""
    a0, a1, within = anchors.stacked, anchors.stacked_end, anchors.within
    last = len(b_start) - 1
    right = np.searchsorted(b_start, a1, "left")  # the first span starting after the anchor
    r = np.minimum(right, last)
    right_ok = (right <= last) & (b_end[r] <= anchors.sentence_end)
    ok_ordered = right_ok & (b_start[r] - a0 <= within) & (b_end[r] - 1 - a0 <= within)
    reach = np.searchsorted(b_start, np.minimum(a1 + within, anchors.sentence_end), "left")
    right_near = right_ok & (right < reach)
    crossing = (right <= last) & (right < reach) & (b_end[r] > anchors.sentence_end)
    below = np.searchsorted(b_start, a0, "left") - 1  # the last span starting before it
    first_of = np.searchsorted(b_start, b_start[np.maximum(below, 0)], "left")
    lowest = anchors.base + np.maximum(anchors.start - within, anchors.sentence_start)
    exists = (below >= 0) & (b_start[first_of] >= lowest)
    overlaps = b_end[first_of] > a0
    slow = ~anchors.ordered & ((exists & overlaps) | crossing)
    left = (
        ~anchors.ordered
        & exists
        & ~overlaps
        & (~right_near | (a0 - b_start[first_of] <= b_start[r] - a0))
    )
    pick = np.where(left, first_of, r)
    span_start = np.where(left, b_start[pick], a0)
    span_end = np.where(left, a1, b_end[pick])
    ok_nearest = (left | right_near) & (span_end - 1 - span_start <= within)
    ok = np.where(anchors.ordered, ok_ordered, ok_nearest) & ~slow
    return pick, left, ok, slow


def _searched_one_by_one(
    anchors: _Anchors, k: int, rule: NearRule, b_start: IntArray, b_end: IntArray, size: int
) -> tuple[Span, ...] | None:
    """Anchor ``k``'s hit by the one-by-one search over its rule's second spans."""
    offset = int(anchors.base[k])
    lo, up = np.searchsorted(b_start, [offset, offset + size])
    others = list(zip((b_start[lo:up] - offset).tolist(), (b_end[lo:up] - offset).tolist(),
                      strict=True))  # fmt: skip
    spans: list[list[Span]] = [[], others]
    starts: list[list[int]] = [[], [s for s, _ in others]]
    anchor = (int(anchors.start[k]), int(anchors.stacked_end[k]) - offset)
    sentence = (int(anchors.sentence_start[k]), int(anchors.sentence_end[k]) - offset)
    chosen = _nearest(anchor, spans, starts, rule.within, sentence)
    if chosen is not None and chosen[-1][1] - 1 - chosen[0][0] <= rule.within:
        return chosen
    return None


def _disjoint(candidates: Collection[Pieces]) -> list[Pieces]:
    """A rule's hits: its candidates in text order, each kept unless it starts inside
    the one kept before it."""
    hits: list[Pieces] = []
    covered_until = -1
    for chosen in sorted(set(candidates)):
        if chosen[0][0] > covered_until:
            hits.append(chosen)
            covered_until = chosen[-1][1] - 1
    return hits


def _unique_spans(starts: IntArray, ends: IntArray) -> tuple[IntArray, IntArray]:
    """Spans sorted by (start, end), each once."""
    order = np.lexsort((ends, starts))
    starts, ends = starts[order], ends[order]
    if len(starts) > 1:
        keep = np.concatenate([[True], (np.diff(starts) != 0) | (np.diff(ends) != 0)])
        starts, ends = starts[keep], ends[keep]
    return starts, ends


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
    """True when an ``unless`` term lies within ``window`` tokens of one of the hit's
    pieces (a proximity hit's words, not everything between them)."""
    return any(
        s <= end - 1 + window and e - 1 >= start - window
        for start, end in hit.pieces
        for s, e in unless
    )


def evidence(hits: list[Hit], seg: Segment, batch: Batch) -> tuple[EvidenceRow, ...]:
    """One evidence row (rule, match, start, end) per distinct (rule, character
    span), in text order; offsets are into the document text (segment start +
    offset in the segment)."""
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
            (rule, text[start:end], base + start, base + end)
            for start, rule, end in (found if len(found) == 1 else sorted(found))
        ]
    )


def score(hits: Sequence[Hit]) -> float:
    """1 - prod(1 - w) over distinct hits; w by rule kind (compile.WEIGHTS)."""
    remaining = 1.0
    for hit in {(h.rule, h.pieces): h for h in hits}.values():
        remaining *= 1.0 - WEIGHTS[hit.kind]
    return round(1.0 - remaining, 2)
