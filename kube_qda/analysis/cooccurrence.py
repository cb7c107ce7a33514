"""Code co-occurrence on the same segment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from kube_qda.analysis.records import CodeApplication


@dataclass(frozen=True)
class CoocRow:
    """For codes A and B: ``count`` n12 = units with both; ``jaccard`` =
    n12 / (n1 + n2 - n12) (ATLAS.ti's c-coefficient); ``conditional_a_b`` =
    P(B|A) = n12 / n1; ``conditional_b_a`` = P(A|B) = n12 / n2."""

    code_a: str
    code_b: str
    count: int
    jaccard: float
    conditional_a_b: float
    conditional_b_a: float


def cooccurrence(
    applications: Iterable[CodeApplication], *, codes: Sequence[str] | None = None
) -> list[CoocRow]:
    """Every unordered pair of codes that share at least one segment.

    Pairs follow the order of ``codes`` (or of first use); the unit is the segment.
    """
    apps = list(applications)
    order = list(dict.fromkeys([*(codes or ()), *(app.code for app in apps)]))
    rank = {code: i for i, code in enumerate(order)}
    units: dict[tuple[str, int], set[str]] = defaultdict(set)
    for app in apps:
        units[(app.document, app.segment)].add(app.code)
    n: dict[str, int] = defaultdict(int)
    both: dict[tuple[str, str], int] = defaultdict(int)
    for unit_codes in units.values():
        ordered = sorted(unit_codes, key=rank.__getitem__)
        for code in ordered:
            n[code] += 1
        for a, b in combinations(ordered, 2):
            both[(a, b)] += 1
    rows = [
        CoocRow(
            a,
            b,
            n12,
            round(n12 / (n[a] + n[b] - n12), 4),
            round(n12 / n[a], 4),
            round(n12 / n[b], 4),
        )
        for (a, b), n12 in both.items()
    ]
    rows.sort(key=lambda r: (rank[r.code_a], rank[r.code_b]))
    return rows
