"""Code x document and code x attribute-value matrices."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kube_qda.analysis.records import CodeApplication


@dataclass(frozen=True)
class Matrix:
    """``cells[i][j]``: segments with code ``rows[i]`` in column ``columns[j]``."""

    rows: list[str]
    columns: list[str]
    cells: list[list[int]]


def code_matrix(
    applications: Iterable[CodeApplication],
    *,
    codes: Sequence[str],
    by: str = "document",
    columns: Sequence[str] | None = None,
) -> Matrix:
    """Distinct segments per code and document (or per value of attribute ``by``);
    columns follow ``columns`` or first appearance."""
    counts: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)
    seen: dict[str, None] = dict.fromkeys(columns or ())
    for app in applications:
        value = app.attribute(by)
        seen.setdefault(value, None)
        counts[(app.code, value)].add((app.document, app.segment))
    cols = list(seen)
    return Matrix(list(codes), cols, [[len(counts[(code, col)]) for col in cols] for code in codes])
