"""Adding documents to a project: new, unchanged, or replaced with decisions kept."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kube_qda.errors import ProjectError
from kube_qda.project.records import AddReport
from kube_qda.project.schema import now, text_hash
from kube_qda.transcripts.model import Segment


def add_one(
    db: sqlite3.Connection,
    transcript: Any,
    segs: list[Segment],
    unit: str,
    replace: bool,
    report: AddReport,
) -> None:
    content_hash = text_hash(transcript.text)
    row = db.execute(
        "SELECT id, content_hash FROM documents WHERE name = ?", (transcript.id,)
    ).fetchone()
    if row is not None and row[1] == content_hash:
        report.unchanged.append(transcript.id)
        return
    if row is not None and not replace:
        raise ProjectError(
            f"{transcript.path}: document '{transcript.id}' is already in the project "
            "with different text; use --replace to update it"
        )
    attrs = json.dumps(_jsonable(transcript.attributes), ensure_ascii=False, sort_keys=True)
    fields = (
        str(transcript.path),
        transcript.format,
        transcript.text,
        content_hash,
        unit,
        attrs,
        now(),
    )
    if row is None:
        cur = db.execute(
            "INSERT INTO documents (path, format, text, content_hash, unit, attributes, added_at,"
            " name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*fields, transcript.id),
        )
        insert_segments(db, int(cur.lastrowid or 0), segs)
        report.added.append(transcript.id)
        return
    doc_id = int(row[0])
    old = db.execute(
        "SELECT s.id, s.idx, s.text_hash, substr(d.text, s.start + 1, s.end - s.start) "
        "FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE s.document_id = ? ORDER BY s.idx",
        (doc_id,),
    ).fetchall()
    db.execute(
        "UPDATE documents SET path = ?, format = ?, text = ?, content_hash = ?, unit = ?,"
        " attributes = ?, added_at = ? WHERE id = ?",
        (*fields, doc_id),
    )
    replace_segments(db, doc_id, transcript.id, segs, old, report)
    report.replaced.append(transcript.id)


def insert_segments(db: sqlite3.Connection, doc_id: int, segs: list[Segment]) -> dict[int, int]:
    ids = {}
    for seg in segs:
        cur = db.execute(
            "INSERT INTO segments (document_id, idx, start, end, text_hash, speaker, label,"
            " interviewer, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                seg.index,
                seg.start,
                seg.end,
                text_hash(seg.text),
                seg.speaker,
                seg.label,
                int(seg.interviewer),
                seg.timestamp,
            ),
        )
        ids[seg.index] = int(cur.lastrowid or 0)
    return ids


def replace_segments(
    db: sqlite3.Connection,
    doc_id: int,
    name: str,
    segs: list[Segment],
    old: list[tuple[int, int, str, str]],
    report: AddReport,
) -> None:
    """New segments for a changed document; decisions follow unchanged segment text."""
    db.execute("UPDATE segments SET idx = -1 - idx WHERE document_id = ?", (doc_id,))
    new_ids = insert_segments(db, doc_id, segs)
    by_hash: dict[str, list[int]] = {}
    for seg in segs:
        by_hash.setdefault(text_hash(seg.text), []).append(new_ids[seg.index])
    for old_id, old_idx, old_hash, old_text in old:
        targets = by_hash.get(old_hash)
        if targets:
            target = targets.pop(0)
            db.execute("UPDATE codings SET segment_id = ? WHERE segment_id = ?", (target, old_id))
            db.execute("UPDATE memos SET segment_id = ? WHERE segment_id = ?", (target, old_id))
            continue
        for code, coder, status in db.execute(
            "SELECT code, coder, status FROM codings WHERE segment_id = ?", (old_id,)
        ).fetchall():
            db.execute(
                "INSERT INTO orphans (document, segment, segment_text, code, coder, status,"
                " orphaned_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, old_idx, old_text, code, coder, status, now()),
            )
            report.orphaned.append((name, old_idx, code, coder))
    db.execute("DELETE FROM segments WHERE document_id = ? AND idx < 0", (doc_id,))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
