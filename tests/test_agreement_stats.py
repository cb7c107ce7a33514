"""Agreement statistics against published examples, the krippendorff package, and hand
computation."""

from __future__ import annotations

import math
import random

import pytest

from kube_qda.analysis.agreement import (
    brennan_prediger,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with
# 4 observers, 12 units and missing values; published nominal alpha = 0.743.
N = None
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
UNITS = [list(col) for col in zip(*KRIPPENDORFF_2011, strict=True)]


def test_krippendorff_published_example() -> None:
    assert krippendorff_alpha(UNITS) == pytest.approx(0.743, abs=5e-4)


def test_krippendorff_matches_reference_package() -> None:
    krippendorff = pytest.importorskip("krippendorff")
    rng = random.Random(3)
    for _ in range(30):
        coders, units = rng.randint(2, 5), rng.randint(5, 40)
        data = [[rng.choice([0, 1, 1, None]) for _ in range(units)] for _ in range(coders)]
        ours = krippendorff_alpha([list(c) for c in zip(*data, strict=True)])
        matrix = [[math.nan if v is None else v for v in row] for row in data]
        try:
            theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        except (ValueError, ZeroDivisionError):
            theirs = None
        if ours is None or theirs is None or math.isnan(theirs):
            continue
        assert ours == pytest.approx(theirs, abs=1e-9)
    published = krippendorff.alpha(
        reliability_data=[[math.nan if v is None else v for v in row] for row in KRIPPENDORFF_2011],
        level_of_measurement="nominal",
    )
    assert krippendorff_alpha(UNITS) == pytest.approx(published, abs=1e-12)


def test_cohen_kappa_hand_computed() -> None:
    # 50 units: yes/yes 20, yes/no 5, no/yes 10, no/no 15.
    a = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    b = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    # p_o = 35/50 = 0.7; p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2/0.5 = 0.4
    assert cohen_kappa(a, b) == pytest.approx(0.4, abs=1e-12)
    assert percent_agreement(list(zip(a, b, strict=True))) == pytest.approx(0.7)
    # Brennan-Prediger with q = 2: (0.7 - 0.5) / 0.5 = 0.4
    assert brennan_prediger(list(zip(a, b, strict=True))) == pytest.approx(0.4)


def test_cohen_kappa_ignores_units_missing_for_either_coder() -> None:
    a = [1, 1, 0, 0, None, 1]
    b = [1, 0, 0, 0, 1, None]
    # units 0-3: agree 3 of 4 -> p_o = .75; a: 2 ones 2 zeros, b: 1 one 3 zeros
    # p_e = (2*1 + 2*3) / 16 = .5 -> kappa = .5
    assert cohen_kappa(a, b) == pytest.approx(0.5)


def test_undefined_is_none_not_zero() -> None:
    assert cohen_kappa([0, 0, 0], [0, 0, 0]) is None
    assert krippendorff_alpha([[0, 0], [0, 0]]) is None
    assert percent_agreement([[1, None], [None, None]]) is None
    assert cohen_kappa([None], [1]) is None


def test_perfect_and_chance() -> None:
    units = [[1, 1], [0, 0], [1, 1], [0, 0]]
    assert krippendorff_alpha(units) == pytest.approx(1.0)
    assert cohen_kappa([u[0] for u in units], [u[1] for u in units]) == pytest.approx(1.0)


def test_percent_agreement_three_coders() -> None:
    # unit 1: all agree (1.0); unit 2: two of three agree -> 2 agreeing ordered pairs of 6
    assert percent_agreement([[1, 1, 1], [1, 1, 0]]) == pytest.approx((1 + 2 / 6) / 2)


def test_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        cohen_kappa([1, 0], [1])
