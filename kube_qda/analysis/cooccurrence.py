"""Code co-occurrence at the level of segments, documents or windows of segments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from kube_qda.analysis.records import CodeApplication


@dataclass(frozen=True)
class CoocRow:
    """For codes A and B over units (segments, documents or windows): ``count`` n12 =
    units with both; ``jaccard`` = n12 / (n1 + n2 - n12) (ATLAS.ti's c-coefficient);
    ``conditional_a_b`` = P(B|A) = n12 / n1; ``conditional_b_a`` = P(A|B) = n12 / n2."""

    code_a: str
    code_b: str
    count: int
    jaccard: float
    conditional_a_b: float
    conditional_b_a: float


def units(
    applications: Iterable[CodeApplication], level: str = "segment"
) -> dict[Hashable, set[str]]:
    """Codes per unit. ``segment``: each segment; ``document``: each document;
    ``window:N``: for every coded segment i of a document, the segments i .. i+N."""
    out: dict[Hashable, set[str]] = defaultdict(set)
    if level == "segment":
        for document, segment, code, *_ in applications:
            out[(document, segment)].add(code)
    elif level == "document":
        for app in applications:
            out[app.document].add(app.code)
    elif level.startswith("window:") and level[7:].isdigit():
        size = int(level[7:])
        per_segment: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for app in applications:
            per_segment[app.document][app.segment].add(app.code)
        for document, segments in per_segment.items():
            for anchor in segments:
                for index in range(anchor, anchor + size + 1):
                    out[(document, anchor)] |= segments.get(index, set())
    else:
        raise ValueError(f"unknown level {level!r}: use segment, document or window:N")
    return out


def cooccurrence(
    applications: Iterable[CodeApplication],
    *,
    codes: Sequence[str] | None = None,
    level: str = "segment",
) -> list[CoocRow]:
    """Every unordered pair of codes that share at least one unit, in code order."""
    apps = list(applications)
    order = list(dict.fromkeys([*(codes or ()), *(app.code for app in apps)]))
    rank = {code: i for i, code in enumerate(order)}
    n: dict[str, int] = defaultdict(int)
    both: dict[tuple[str, str], int] = defaultdict(int)
    for unit_codes in units(apps, level).values():
        if len(unit_codes) == 1:
            for code in unit_codes:
                n[code] += 1
            continue
        ordered = sorted(unit_codes, key=rank.__getitem__)
        for code in ordered:
            n[code] += 1
        for pair in combinations(ordered, 2):
            both[pair] += 1
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


def measure(row: CoocRow, name: str) -> float:
    """The value of ``row`` for a measure: count, jaccard or conditional (P(B|A))."""
    return {"count": float(row.count), "jaccard": row.jaccard, "conditional": row.conditional_a_b}[
        name
    ]
