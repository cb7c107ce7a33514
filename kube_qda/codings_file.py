"""The codings file: ``document,segment,code,status,coder,memo`` as CSV or JSONL.

Reading also takes a plain ``document,segment,code`` list (a gold coding): every row
is then an ``added`` code. Columns may come in any order, separated by ``,`` or
``;``. A row with an empty ``code`` records "reviewed, no code".
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from kube_qda.csvread import missing_columns, rows
from kube_qda.errors import ProjectError, TranscriptError
from kube_qda.transcripts.decode import decode

COLUMNS = ["document", "segment", "code", "status", "coder", "memo"]


def write_codings(rows: Iterable[dict[str, Any]], out: TextIO, fmt: str = "csv") -> None:
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every data row; raises ProjectError on a bad file."""
    try:
        text = decode(path.read_bytes(), str(path))
    except OSError as err:
        raise ProjectError(f"{path}: cannot read ({err.strerror})") from None
    except TranscriptError as err:
        raise ProjectError(str(err)) from None
    try:
        return _parse_rows(text, path)
    except csv.Error as err:
        raise ProjectError(f"{path}: not a readable CSV file ({err})") from None


def _parse_rows(text: str, path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a codings CSV: columns in any order, separated by ``,`` or ``;``."""
    reader = rows(text)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = missing_columns(header, COLUMNS[:3])
    if missing:
        raise ProjectError(
            f"{path}:1: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(a codings file has {','.join(COLUMNS)}, or at least document,segment,code)"
        )
    unknown = [h for h in header if h not in COLUMNS]
    if unknown or len(set(header)) != len(header):
        raise ProjectError(
            f"{path}:1: unknown or repeated column {', '.join(unknown) or 'name'} "
            f"(a codings file has {','.join(COLUMNS)})"
        )
    found = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise ProjectError(f"{path}:{number}: {len(cells)} cells, expected {len(header)}")
        row = dict.fromkeys(COLUMNS, "")
        row.update(zip(header, (c.strip() for c in cells), strict=True))
        if "status" not in header and row["code"]:
            row["status"] = "added"  # a plain document,segment,code list (a gold coding)
        found.append((number, row))
    return found
