"""CSV files written by people and spreadsheets: separated by ``,`` or, as Excel writes
them in an Indonesian (or any comma-decimal) locale, by ``;``; a tab also works."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

SEPARATORS = (",", ";", "\t")


def separator(text: str) -> str:
    """The separator of a CSV text, read from its first line (outside quotes): the
    one of ``,``, ``;`` and tab it holds most often; ``,`` when it holds none."""
    first = text.split("\n", 1)[0]
    outside = "".join(part for k, part in enumerate(first.split('"')) if k % 2 == 0)
    counts = {sep: outside.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def rows(text: str) -> Iterator[list[str]]:
    """The rows of a CSV text, with its separator sniffed (``separator``)."""
    return csv.reader(io.StringIO(text), delimiter=separator(text))


def missing_columns(header: list[str], required: list[str]) -> list[str]:
    """The required column names a header lacks (compared in lower case)."""
    present = {h.strip().lower() for h in header}
    return [name for name in required if name not in present]
