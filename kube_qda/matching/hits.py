"""Hits: where a rule matched, proximity combination, exclusion, evidence and score."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

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
    return _disjoint(rule, candidates)


def near_pair_hits(
    rules: Sequence[NearRule],
    first: tuple[Any, Any, Any],
    second: tuple[Any, Any, Any],
    ends: Any,
    n: int,
) -> dict[int, list[Hit]]:
    """``near_hits`` of many two-group rules at once, with array operations: rule
    number -> the same hits (rules without hits left out).

    ``first`` and ``second``: the occurrences of the rules' first and second groups
    as numpy arrays (rule number, token start, token end), any order, repeats
    allowed; ``ends``: the sentence-final and boundary token positions (numpy);
    ``n``: the number of tokens. Positions are encoded as ``q * (n + 1) + position``,
    so one sorted array holds every rule's spans and a neighbour of another rule is
    always out of reach. An anchor whose nearest span on the left overlaps it is
    left to the one-by-one search."""
    size = n + 1

    def encoded(group: tuple[Any, Any, Any]) -> tuple[Any, Any]:
        rule_of, starts, stops = (np.asarray(a, dtype="int64") for a in group)
        return _unique_spans(starts + rule_of * size, stops + rule_of * size)

    s0, e0 = encoded(first)
    s1, e1 = encoded(second)
    if not len(s0) or not len(s1):
        return {}
    q = s0 // size
    base = q * size
    raw = s0 - base
    within = np.array([rule.within for rule in rules], dtype="int64")[q]
    ordered = np.array([rule.ordered for rule in rules], dtype=bool)[q]
    i = np.searchsorted(ends, raw, "left")  # the anchor's sentence: (ends[i - 1], ends[i])
    sent_start = np.concatenate([[-1], ends])[i] + 1
    sent_end = base + np.concatenate([ends, [n]])[i]
    last = len(s1) - 1
    right = np.searchsorted(s1, e0, "left")  # the first span starting after the anchor
    r = np.minimum(right, last)
    right_ok = (right <= last) & (e1[r] <= sent_end)
    ok_ordered = right_ok & (s1[r] - s0 <= within) & (e1[r] - 1 - s0 <= within)
    hi = np.searchsorted(s1, np.minimum(e0 + within, sent_end), "left")
    # a span that runs past the sentence end (not made by words) is searched slowly
    crossing = (right <= last) & (right < hi) & (e1[r] > sent_end)
    right_near = right_ok & (right < hi)
    below = np.searchsorted(s1, s0, "left") - 1  # the last span starting before it
    b = np.maximum(below, 0)
    lf = np.searchsorted(s1, s1[b], "left")  # the first span with that start
    exists = (below >= 0) & (s1[b] >= base + np.maximum(raw - within, sent_start))
    overlaps = e1[lf] > s0
    slow = ~ordered & ((exists & overlaps) | crossing)
    left_ok = exists & ~overlaps
    left = ~ordered & left_ok & (~right_near | (s0 - s1[lf] <= s1[r] - s0))
    pick = np.where(left, lf, r)
    span_start = np.where(left, s1[pick], s0)
    span_end = np.where(left, e0, e1[pick])
    ok_nearest = (left | right_near) & (span_end - 1 - span_start <= within)
    ok = np.where(ordered, ok_ordered, ok_nearest) & ~slow
    candidates: dict[int, set[tuple[Span, ...]]] = {}
    rows = zip(
        q[ok].tolist(),
        (s0 - base)[ok].tolist(),
        (e0 - base)[ok].tolist(),
        (s1[pick] - base)[ok].tolist(),
        (e1[pick] - base)[ok].tolist(),
        left[ok].tolist(),
        strict=True,
    )
    for k, a0, a1, b0, b1, on_left in rows:
        pieces = ((b0, b1), (a0, a1)) if on_left else ((a0, a1), (b0, b1))
        candidates.setdefault(k, set()).add(pieces)
    for k in np.flatnonzero(slow).tolist():  # rare: the one-by-one search
        rule_q = int(q[k])
        offset = rule_q * size
        lo, up = np.searchsorted(s1, [offset, offset + size])
        others = list(
            zip((s1[lo:up] - offset).tolist(), (e1[lo:up] - offset).tolist(), strict=True)
        )
        spans: list[list[Span]] = [[], others]
        starts: list[list[int]] = [[], [s for s, _ in others]]
        anchor = (int(raw[k]), int(e0[k] - base[k]))
        sentence = (int(sent_start[k]), int(sent_end[k] - base[k]))
        chosen = _nearest(anchor, spans, starts, rules[rule_q].within, sentence)
        if chosen is not None and chosen[-1][1] - 1 - chosen[0][0] <= rules[rule_q].within:
            candidates.setdefault(rule_q, set()).add(chosen)
    return {q: _disjoint(rules[q], found) for q, found in candidates.items()}


def _disjoint(rule: NearRule, candidates: Collection[tuple[Span, ...]]) -> list[Hit]:
    """The rule's hits: candidates in text order, each kept unless it starts inside
    the one kept before it."""
    hits: list[Hit] = []
    covered_until = -1
    for chosen in sorted(set(candidates)):
        if chosen[0][0] > covered_until:
            hits.append(Hit(rule.rule_id, "near", chosen))
            covered_until = chosen[-1][1] - 1
    return hits


def _unique_spans(starts: Any, ends: Any) -> tuple[Any, Any]:
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
