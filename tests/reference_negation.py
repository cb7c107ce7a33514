"""The token-by-token definition of negation (see kube_qda/matching/negation.py), which
``NegationTable`` must agree with; kept here as the reference for its tests."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from kube_qda.matching.negation import AFTER_WINDOW, EXISTENTIAL
from kube_qda.matching.tokens import TypeInfo


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
