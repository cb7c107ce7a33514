"""Read-only queries that feed exports, tables and statistics."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from kube_qda.errors import ProjectError
from kube_qda.project.records import SegmentRow

if TYPE_CHECKING:
    from kube_qda.analysis.records import CodeApplication


def coding_rows(db: sqlite3.Connection, coder: str | None = None) -> Iterator[dict[str, Any]]:
    """Every coding as an export row, in document and segment order."""
    sql = (
        "SELECT d.name, s.idx, c.code, c.status, c.coder, COALESCE(m.text, '') "
        "FROM codings c JOIN segments s ON s.id = c.segment_id "
        "JOIN documents d ON d.id = s.document_id "
        "LEFT JOIN memos m ON m.segment_id = c.segment_id AND m.coder = c.coder"
    )
    args: list[Any] = []
    if coder is not None:
        sql += " WHERE c.coder = ?"
        args.append(coder)
    sql += " ORDER BY d.id, s.idx, c.coder, c.code"
    for doc, idx, code, status, row_coder, memo in db.execute(sql, args):
        yield {
            "document": doc,
            "segment": idx,
            "code": code,
            "status": status,
            "coder": row_coder,
            "memo": memo,
        }


def applications(
    db: sqlite3.Connection,
    *,
    status: str = "confirmed",
    coders: Sequence[str] = (),
    document: str | None = None,
) -> list[CodeApplication]:
    """Codes on informant segments as plain records for the analysis functions.

    ``confirmed``: a segment has a code when any of ``coders`` (every coder when
    empty) accepted or added it. ``suggested``: the pre-tagger's non-negated
    suggestions. Each record carries the document's attributes, the segment text
    and the informant (a one-informant document's ``informant`` attribute names
    the same person across documents)."""
    from kube_qda.analysis.records import CodeApplication

    if status == "confirmed":
        sql = (
            "SELECT DISTINCT c.segment_id, c.code FROM codings c "
            "WHERE c.status IN ('accepted', 'added')"
        )
        args: list[Any] = []
        if coders:
            sql += f" AND c.coder IN ({','.join('?' * len(coders))})"
            args += list(coders)
    elif status == "suggested":
        sql, args = "SELECT segment_id, code FROM suggestions WHERE negated = 0", []
    else:
        raise ProjectError(f"unknown status '{status}': use confirmed or suggested")
    coded: dict[int, list[str]] = {}
    for segment_id, code in db.execute(sql, args):
        coded.setdefault(segment_id, []).append(code)
    attrs, people = document_people(db)
    out = []
    for row in segment_rows(db, document=document):
        for code in sorted(coded.get(row.id, ())):
            out.append(
                CodeApplication(
                    row.document,
                    row.index,
                    code,
                    row.speaker,
                    people.get(row.document),
                    attrs[row.document],
                    row.text,
                )
            )
    return out


def coder_decisions(
    db: sqlite3.Connection, coders: Sequence[str]
) -> dict[tuple[str, int], dict[str, frozenset[str]]]:
    """(document, segment) -> coder -> confirmed codes, for informant segments that
    any of ``coders`` reviewed (a reviewed segment without codes maps to an empty
    set)."""
    marks = ",".join("?" * len(coders))
    out: dict[tuple[str, int], dict[str, set[str]]] = {}
    for document, index, coder, code, status in db.execute(
        "SELECT d.name, s.idx, c.coder, c.code, c.status FROM codings c "
        "JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id "
        f"WHERE s.interviewer = 0 AND c.coder IN ({marks}) ORDER BY d.id, s.idx",
        list(coders),
    ):
        codes = out.setdefault((document, index), {}).setdefault(coder, set())
        if code and status in ("accepted", "added"):
            codes.add(code)
    return {unit: {c: frozenset(v) for c, v in per.items()} for unit, per in out.items()}


def reviewed_codes(db: sqlite3.Connection) -> dict[tuple[str, int], frozenset[str]]:
    """(document, segment) -> the codes any coder accepted or added, for every informant
    segment someone reviewed (empty: reviewed, no code)."""
    out: dict[tuple[str, int], set[str]] = {}
    for document, index, code, status in db.execute(
        "SELECT d.name, s.idx, c.code, c.status FROM codings c "
        "JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id "
        "WHERE s.interviewer = 0 ORDER BY d.id, s.idx"
    ):
        codes = out.setdefault((document, index), set())
        if code and status in ("accepted", "added"):
            codes.add(code)
    return {unit: frozenset(codes) for unit, codes in out.items()}


def suggestion_rules(db: sqlite3.Connection) -> dict[tuple[str, int], dict[str, list[str]]]:
    """(document, segment) -> code -> rule ids, for non-negated suggestions."""
    out: dict[tuple[str, int], dict[str, list[str]]] = {}
    for document, index, code, evidence in db.execute(
        "SELECT d.name, s.idx, g.code, g.evidence FROM suggestions g "
        "JOIN segments s ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id "
        "WHERE g.negated = 0"
    ):
        rules = list(dict.fromkeys(e["rule"] for e in json.loads(evidence)))
        out.setdefault((document, index), {})[code] = rules
    return out


def document_people(db: sqlite3.Connection) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    attrs: dict[str, dict[str, str]] = {}
    people: dict[str, str] = {}
    speakers = dict(
        db.execute(
            "SELECT d.name, COUNT(DISTINCT s.speaker) FROM segments s JOIN documents d "
            "ON d.id = s.document_id WHERE s.interviewer = 0 AND s.speaker IS NOT NULL "
            "GROUP BY d.name"
        )
    )
    for name, text in db.execute("SELECT name, attributes FROM documents"):
        attrs[name] = {str(k): str(v) for k, v in json.loads(text).items()}
        if attrs[name].get("informant") and speakers.get(name, 0) == 1:
            people[name] = attrs[name]["informant"]
    return attrs, people


def status(db: sqlite3.Connection) -> dict[str, Any]:
    """Documents, segments, and how much each coder has reviewed (and when the
    suggestions were made)."""
    documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    segments = db.execute(
        "SELECT COUNT(*) FROM segments WHERE interviewer = 0 AND idx >= 0"
    ).fetchone()[0]
    coders = {
        coder: count
        for coder, count in db.execute(
            "SELECT c.coder, COUNT(DISTINCT c.segment_id) FROM codings c "
            "JOIN segments s ON s.id = c.segment_id WHERE s.interviewer = 0 "
            "GROUP BY c.coder ORDER BY c.coder"
        )
    }
    suggested = db.execute("SELECT COUNT(DISTINCT segment_id) FROM suggestions").fetchone()[0]
    pretag = db.execute("SELECT value FROM meta WHERE key = 'pretag'").fetchone()
    return {
        "pretag": pretag[0] if pretag else "never",
        "documents": documents,
        "segments": segments,
        "segments_with_suggestions": suggested,
        "coders": coders,
    }


def memo_rows(db: sqlite3.Connection) -> list[tuple[str, int, str, str]]:
    """Every memo as (document, segment index, coder, text), in document order."""
    return [
        (str(doc), int(idx), str(coder), str(text))
        for doc, idx, coder, text in db.execute(
            "SELECT d.name, s.idx, m.coder, m.text FROM memos m "
            "JOIN segments s ON s.id = m.segment_id JOIN documents d ON d.id = s.document_id "
            "WHERE m.text != '' ORDER BY d.id, s.idx, m.coder"
        )
    ]


def move_codes(db: sqlite3.Connection, sources: Sequence[str], into: str) -> int:
    """Codings and suggestions of ``sources`` become ``into`` (inside the caller's
    transaction). A coder's decision on a segment that already has ``into`` merges with
    it: accepted or added wins over rejected or reviewed-without. Returns how many
    codings were moved or merged."""
    moved = 0
    for source in sources:
        if source == into:
            continue
        for row_id, segment_id, coder, status in db.execute(
            "SELECT id, segment_id, coder, status FROM codings WHERE code = ?", (source,)
        ).fetchall():
            existing = db.execute(
                "SELECT id, status FROM codings WHERE segment_id = ? AND code = ? AND coder = ?",
                (segment_id, into, coder),
            ).fetchone()
            if existing is None:
                db.execute("UPDATE codings SET code = ? WHERE id = ?", (into, row_id))
            else:
                if status in ("accepted", "added") and existing[1] not in ("accepted", "added"):
                    db.execute("UPDATE codings SET status = ? WHERE id = ?", (status, existing[0]))
                db.execute("DELETE FROM codings WHERE id = ?", (row_id,))
            moved += 1
        db.execute(
            "DELETE FROM suggestions WHERE code = ? AND segment_id IN "
            "(SELECT segment_id FROM suggestions WHERE code = ?)",
            (source, into),
        )
        db.execute("UPDATE suggestions SET code = ? WHERE code = ?", (into, source))
        db.execute("UPDATE orphans SET code = ? WHERE code = ?", (into, source))
    return moved


def archive_codings(db: sqlite3.Connection, code: str) -> int:
    """Move every coding of ``code`` to the orphans table and drop its suggestions
    (inside the caller's transaction); returns how many codings were archived."""
    moved = db.execute(
        "INSERT INTO orphans (document, segment, segment_text, code, coder, status, orphaned_at) "
        "SELECT d.name, s.idx, substr(d.text, s.start + 1, s.end - s.start), c.code, c.coder, "
        "c.status, datetime('now') FROM codings c JOIN segments s ON s.id = c.segment_id "
        "JOIN documents d ON d.id = s.document_id WHERE c.code = ?",
        (code,),
    ).rowcount
    db.execute("DELETE FROM codings WHERE code = ?", (code,))
    db.execute("DELETE FROM suggestions WHERE code = ?", (code,))
    return int(moved)


def document_attributes(db: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """Every document's attributes (values as text), by document name."""
    return {
        str(name): {str(k): str(v) for k, v in json.loads(attributes).items()}
        for name, attributes in db.execute("SELECT name, attributes FROM documents")
    }


def document_rows(db: sqlite3.Connection) -> list[tuple[str, str, dict[str, Any]]]:
    """Every document as (name, text, attributes), in the order they were added."""
    return [
        (str(name), str(text), json.loads(attributes))
        for name, text, attributes in db.execute(
            "SELECT name, text, attributes FROM documents ORDER BY id"
        )
    ]


def segment_rows(
    db: sqlite3.Connection, *, document: str | None = None, informant_only: bool = True
) -> list[SegmentRow]:
    """Segments in document order (documents by when they were added)."""
    sql = (
        "SELECT s.id, d.name, s.idx, s.start, s.end, substr(d.text, s.start + 1, "
        "s.end - s.start), s.speaker, s.interviewer FROM segments s "
        "JOIN documents d ON d.id = s.document_id WHERE s.idx >= 0"
    )
    args: list[Any] = []
    if informant_only:
        sql += " AND s.interviewer = 0"
    if document is not None:
        sql += " AND d.name = ?"
        args.append(document)
    sql += " ORDER BY d.id, s.idx"
    return [
        SegmentRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
        for r in db.execute(sql, args)
    ]


def coder_codes(db: sqlite3.Connection, coder: str) -> dict[int, set[str]]:
    """Segment id -> the codes ``coder`` accepted or added there."""
    out: dict[int, set[str]] = {}
    rows = db.execute(
        "SELECT segment_id, code FROM codings WHERE coder = ? AND status IN ('accepted', 'added')",
        (coder,),
    )
    for segment_id, code in rows:
        out.setdefault(int(segment_id), set()).add(str(code))
    return out


def segments_suggesting(db: sqlite3.Connection, code: str) -> set[int]:
    """The ids of the segments with a stored suggestion of ``code``."""
    rows = db.execute("SELECT segment_id FROM suggestions WHERE code = ?", (code,))
    return {int(segment_id) for (segment_id,) in rows}


def segment_text(db: sqlite3.Connection, document: str, index: int) -> str | None:
    """The text of one segment (any speaker), or None when there is none."""
    found = db.execute(
        "SELECT substr(d.text, s.start + 1, s.end - s.start) FROM segments s "
        "JOIN documents d ON d.id = s.document_id WHERE d.name = ? AND s.idx = ?",
        (document, index),
    ).fetchone()
    return str(found[0]) if found else None


def coded_codes(db: sqlite3.Connection) -> set[str]:
    """Every code any coding names."""
    return {str(code) for (code,) in db.execute("SELECT DISTINCT code FROM codings") if code}
