"""Is a hit negated? A negator shortly before it, or "tidak ada" right after it.

Looking back from each matched piece, fillers (ada, pernah, sih, juga ...) are
skipped without counting, tokens of the match itself are ignored (so "tidak laku"
is not negated by its own "tidak"), and punctuation or a contrast word (tapi,
namun, hanya ...) ends the search. Looking forward from the end of the hit, a
negator followed by "ada"/"pernah" (or by the end of the clause) negates it:
"kendalanya nggak ada".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from kube_qda.matching.tokens import TypeInfo

#: Words that, after a negator following a hit, deny the hit's existence.
EXISTENTIAL = frozenset({"ada", "pernah"})


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
    counted = 0
    j = start - 1
    while j >= 0 and counted < window:
        if j not in in_match:
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
    while j < len(infos) and steps < 3:
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
