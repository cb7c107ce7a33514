"""Codings CSV/JSONL: ``document,segment,code,status,coder,memo``.

Import also reads a plain ``document,segment,code`` list (a gold coding): every row
is then an ``added`` code.

A segment counts as reviewed by a coder when any row of that coder names it; a row
with an empty ``code`` records "reviewed, no code". Import checks every row before
writing anything and applies all rows in one transaction.
"""

from __future__ import annotations

from pathlib import Path

from kube_qda.codings_file import read_rows
from kube_qda.errors import ProjectError
from kube_qda.project.schema import transaction
from kube_qda.project.store import STATUSES, Project


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
