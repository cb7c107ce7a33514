"""Is a hit negated? A negator shortly before it, or "tidak ada" right after it.

``is_negated`` below is the definition, token by token; ``NegationTable`` gives
the same answers for a whole batch with array operations (a test compares them).

Looking back from each matched piece, fillers (ada, pernah, sih, juga ...) are
skipped without counting, tokens of the match itself are ignored (so "tidak laku"
is not negated by its own "tidak"), and punctuation or a contrast word (tapi,
namun, hanya ...) ends the search. A piece that begins with a negator carries its
own negation: nothing before it is looked at ("sing ora teka ora oleh bagian" is a
rule, not a denied "ora oleh bagian"), and a look-back from a later piece stops at a
negator of the match itself. Looking forward from the end of the hit, a
negator followed by "ada"/"pernah" (or by the end of the clause) negates it:
"kendalanya nggak ada".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from kube_qda.matching.tokens import TypeInfo

#: Words that, after a negator following a hit, deny the hit's existence.
EXISTENTIAL = frozenset({"ada", "pernah"})
#: How many counted words may lie between a hit and a following "nggak ada".
AFTER_WINDOW = 3


class NegationTable:
    """Per token of a batch, both negation checks of a one-piece hit at once:
    ``before[i]`` (a negator in reach before token ``i``) and ``after[i]`` (a
    denying negator in reach from token ``i`` on). The same answers as the token
    by token scan below, computed with array operations over the whole batch."""

    __slots__ = (
        "after",
        "before",
        "counted",
        "is_negator",
        "last_negator",
        "last_stop",
        "window",
    )

    def __init__(
        self,
        negator: np.ndarray,
        stop: np.ndarray,
        filler: np.ndarray,
        existential: np.ndarray,
        window: int,
    ) -> None:
        import numpy as np

        n = len(negator)
        pos = np.arange(n)
        blocks = stop & ~negator  # a negator is looked at before its stop flag
        counted = ~(negator | blocks | filler)
        cum = np.concatenate([[0], np.cumsum(counted)])  # counted tokens before i
        last_neg = np.maximum.accumulate(np.where(negator, pos, -1))
        last_stop = np.maximum.accumulate(np.where(blocks, pos, -1))
        neg_before = np.concatenate([[-1], last_neg[:-1]])  # nearest negator before i
        stop_before = np.concatenate([[-1], last_stop[:-1]])
        before = (
            ~negator  # a piece that begins with a negator carries its own
            & (neg_before >= 0)
            & (neg_before > stop_before)
            & (cum[:-1] - cum[neg_before + 1] < window)
        )
        next_neg = np.minimum.accumulate(np.where(negator, pos, n)[::-1])[::-1]
        next_stop = np.minimum.accumulate(np.where(blocks, pos, n)[::-1])[::-1]
        ends_clause = np.concatenate([stop[1:] | existential[1:], [True]])
        denies = np.concatenate([negator & ends_clause, [False]])
        after = (
            (next_neg < n)
            & (next_neg < next_stop)
            & (cum[next_neg] - cum[:-1] < AFTER_WINDOW)
            & denies[next_neg]
        )
        from kube_qda.matching.tokens import view

        self.before: Sequence[bool] = view(before)
        self.is_negator: Sequence[bool] = view(negator)
        self.after: Sequence[bool] = view(after)
        self.window = window
        self.counted: Sequence[int] = view(cum)
        self.last_negator: Sequence[int] = view(last_neg)  # at or before token i
        self.last_stop: Sequence[int] = view(last_stop)

    def negated(self, pieces: Sequence[tuple[int, int]]) -> bool:
        """Is the hit made of the sorted, disjoint token spans ``pieces`` negated?

        The scan back from a later piece skips the earlier pieces, but whatever it
        could find before an earlier piece, that piece's own scan finds with more
        of its window left; so each piece only needs the gap right before it."""
        first_start, first_end = pieces[0]
        if self.before[first_start] or self.after[pieces[-1][1]]:
            return True
        window, counted = self.window, self.counted
        lo = first_end
        for start, end in pieces[1:]:
            # the gap [lo, start): its last negator, after any stop (a piece that
            # begins with a negator looks at nothing before it)
            if start > lo and not self.is_negator[start]:
                negator = self.last_negator[start - 1]
                if (
                    negator >= lo
                    and negator > self.last_stop[start - 1]
                    and counted[start] - counted[negator + 1] < window
                ):
                    return True
            lo = end
        return False


def is_negated(infos: Sequence[TypeInfo], pieces: Sequence[tuple[int, int]], window: int) -> bool:
    """True when the hit made of token spans ``pieces`` is negated."""
    if len(pieces) == 1:  # nothing of the match lies before its start
        start, end = pieces[0]
        return _negator_before(infos, start, (), window) or _denied_after(infos, end)
    in_match = {i for start, end in pieces for i in range(start, end)}
    if any(_negator_before(infos, start, in_match, window) for start, _ in pieces):
        return True
    return _denied_after(infos, max(end for _, end in pieces))


def _negator_before(
    infos: Sequence[TypeInfo], start: int, in_match: Collection[int], window: int
) -> bool:
    if infos[start].negator:  # the piece carries its own negation
        return False
    counted = 0
    j = start - 1
    while j >= 0 and counted < window:
        if j in in_match:  # the match's own words: skipped, but its negator owns the scope
            if infos[j].negator:
                return False
        else:
            info = infos[j]
            if info.negator:
                return True
            if info.stop:
                return False
            if not info.filler:
                counted += 1
        j -= 1
    return False


def _denied_after(infos: Sequence[TypeInfo], end: int) -> bool:
    steps = 0
    j = end
    while j < len(infos) and steps < AFTER_WINDOW:
        info = infos[j]
        if info.negator:
            following = infos[j + 1] if j + 1 < len(infos) else None
            return following is None or following.stop or following.norm in EXISTENTIAL
        if info.stop:
            return False
        if not info.filler:
            steps += 1
        j += 1
    return False
