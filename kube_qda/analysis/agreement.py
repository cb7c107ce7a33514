"""Inter-coder agreement statistics: plain sequences in, numbers out.

Ratings are given as a reliability matrix: one row per unit, one value per coder,
``None`` where a coder did not rate the unit (missing). Values are any hashable
category; kube-qda uses 0/1 for "code absent/present" on a segment. A statistic that
is undefined (for instance chance agreement of 1 because only one category occurs)
is returned as ``None``, never as 0 or NaN.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from itertools import permutations

Rating = Hashable | None
Unit = Sequence[Rating]


def _pairable(units: Sequence[Unit]) -> list[list[Hashable]]:
    """Units with at least two non-missing ratings, missing ones dropped."""
    out = []
    for unit in units:
        values = [v for v in unit if v is not None]
        if len(values) >= 2:
            out.append(values)
    return out


def percent_agreement(units: Sequence[Unit]) -> float | None:
    """Observed agreement: the share of agreeing pairs of ratings, averaged over units.

    For unit u with m_u ratings, a_u = (agreeing ordered pairs) / (m_u (m_u - 1)); the
    result is the mean of a_u over units with m_u >= 2. With two coders and no missing
    values this is the plain share of units on which they agree. Range 0..1.
    """
    pairable = _pairable(units)
    if not pairable:
        return None
    total = 0.0
    for values in pairable:
        m = len(values)
        agreeing = sum(c * (c - 1) for c in Counter(values).values())
        total += agreeing / (m * (m - 1))
    return total / len(pairable)


def cohen_kappa(a: Sequence[Rating], b: Sequence[Rating]) -> float | None:
    """Cohen's kappa for two coders: (p_o - p_e) / (1 - p_e).

    p_o is the share of units (rated by both) on which they agree; p_e = sum over
    categories k of p_a(k) p_b(k), each coder's own marginal proportions. Range -1..1;
    None when p_e = 1 (a single category) or no unit is rated by both.
    Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    Psychological Measurement 20(1), 37-46.
    """
    if len(a) != len(b):
        raise ValueError("both coders need a rating (or None) for every unit")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(1 for x, y in pairs if x == y) / n
    left, right = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(left[k] * right[k] for k in left) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def brennan_prediger(units: Sequence[Unit], *, categories: int = 2) -> float | None:
    """Brennan-Prediger kappa: (p_o - 1/q) / (1 - 1/q), chance agreement fixed at 1/q
    for q categories (2 for present/absent). Range -1/(q-1)..1.
    Brennan, R. L. & Prediger, D. J. (1981). Coefficient kappa: some uses, misuses, and
    alternatives. Educational and Psychological Measurement 41(3), 687-699.
    """
    if categories < 2:
        raise ValueError("Brennan-Prediger needs at least two categories")
    observed = percent_agreement(units)
    if observed is None:
        return None
    chance = 1 / categories
    return (observed - chance) / (1 - chance)


def krippendorff_alpha(units: Sequence[Unit]) -> float | None:
    """Krippendorff's alpha for nominal data, any number of coders, missing allowed.

    Coincidences: each unit u with m_u >= 2 ratings adds 1 / (m_u - 1) to o[c, k] for
    every ordered pair of ratings (c, k) from different coders. With n_c = sum_k o[c, k]
    and n = sum_c n_c: alpha = 1 - (n - 1) * sum_{c != k} o[c, k] / sum_{c != k} n_c n_k.
    Range -1..1 (1 = perfect, 0 = chance); None when only one category occurs.
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg
    School for Communication, University of Pennsylvania.
    """
    coincidence: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for values in _pairable(units):
        weight = 1 / (len(values) - 1)
        for c, k in permutations(values, 2):
            coincidence[(c, k)] += weight
    totals: dict[Hashable, float] = defaultdict(float)
    for (c, _), count in coincidence.items():
        totals[c] += count
    n = sum(totals.values())
    disagreement = sum(count for (c, k), count in coincidence.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if n == 0 or expected == 0:
        return None
    return 1 - (n - 1) * disagreement / expected
