"""Is a hit negated? A negator shortly before it, or "tidak ada" right after it.

``NegationTable`` answers for a whole batch with array operations; the token by
token definition it must agree with is in ``tests/reference_negation.py`` (a
property test compares them).

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

from collections.abc import Sequence

import numpy as np

from kube_qda.matching.arrays import BoolArray, view

#: Words that, after a negator following a hit, deny the hit's existence.
EXISTENTIAL = frozenset({"ada", "pernah"})
#: How many counted words may lie between a hit and a following "nggak ada".
AFTER_WINDOW = 3


class NegationTable:
    """Per token of a batch, both negation checks of a one-piece hit at once:
    ``before[i]`` (a negator in reach before token ``i``) and ``after[i]`` (a
    denying negator in reach from token ``i`` on). The same answers as the token
    by token definition, computed with array operations over the whole batch."""

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
        negator: BoolArray,
        stop: BoolArray,
        filler: BoolArray,
        existential: BoolArray,
        window: int,
    ) -> None:
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
