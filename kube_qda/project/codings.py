"""Codings CSV/JSONL: ``document,segment,code,status,coder,memo``.

Import also reads a plain ``document,segment,code`` list (a gold coding): every row
is then an ``added`` code.

A segment counts as reviewed by a coder when any row of that coder names it; a row
with an empty ``code`` records "reviewed, no code". Import checks every row before
writing anything and applies all rows in one transaction.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from kube_qda.errors import ProjectError
from kube_qda.project.schema import transaction
from kube_qda.project.store import STATUSES, Project

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
    from kube_qda.errors import TranscriptError
    from kube_qda.transcripts.decode import decode

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
    from kube_qda.csvread import missing_columns, rows

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


def import_codings(project: Project, path: Path, coder: str) -> int:
    """Import ``coder``'s codings from a CSV; returns the number of segments decided."""
    if not coder:
        raise ProjectError("--coder must not be empty")
    codes = set(project.codebook.code_ids())
    plan: dict[int, dict[str, str]] = {}
    memos: dict[int, str] = {}
    seen: set[tuple[int, str]] = set()
    for number, row in read_rows(path):
        where = f"{path}:{number}"
        if row["coder"] and row["coder"] != coder:
            raise ProjectError(f"{where}: coder '{row['coder']}' is not '{coder}'")
        if not row["segment"].isdigit():
            raise ProjectError(f"{where}: segment must be a number, not '{row['segment']}'")
        segment_id = project.segment_id(row["document"], int(row["segment"]))
        if segment_id is None:
            if row["document"] not in project.document_names():
                raise ProjectError(f"{where}: unknown document '{row['document']}'")
            raise ProjectError(
                f"{where}: document '{row['document']}' has no segment {row['segment']}"
            )
        code, status = row["code"], row["status"]
        if code and code not in codes:
            raise ProjectError(f"{where}: unknown code '{code}'")
        if code and status not in STATUSES:
            raise ProjectError(
                f"{where}: status must be accepted, rejected or added, not '{status}'"
            )
        if (segment_id, code) in seen:
            raise ProjectError(
                f"{where}: duplicate row for {row['document']}#{row['segment']} "
                f"{code or '(no code)'}"
            )
        seen.add((segment_id, code))
        decisions = plan.setdefault(segment_id, {})
        if code:
            decisions[code] = status
        if row["memo"]:
            memos[segment_id] = row["memo"]
    _apply(project, plan, memos, coder)
    return len(plan)


def _apply(
    project: Project, plan: dict[int, dict[str, str]], memos: dict[int, str], coder: str
) -> None:
    with transaction(project.db):
        for segment_id, decisions in plan.items():
            project.write_decisions(segment_id, coder, decisions or {"": ""})
        for segment_id, text in memos.items():
            project.write_memo(segment_id, coder, text)
