"""The project database schema as ordered, named migrations.

Each migration is a function registered in order and recorded by name in the
``migrations`` table when applied. Never probe-and-ALTER elsewhere: add a new
migration. ``docs/project.md`` shows the resulting schema; a test keeps it current.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(func: Migration) -> Migration:
    """Register ``func`` as the next migration, named after the function."""
    MIGRATIONS.append((func.__name__, func))
    return func


#: The first schema, part 1: metadata, codebook snapshots, documents and their segments
#: (kept as first written: SQLite stores each CREATE statement as it was given).
_TEXTS = """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE codebooks (
            id INTEGER PRIMARY KEY,
            codebook_id TEXT NOT NULL,
            version TEXT NOT NULL,
            yaml TEXT NOT NULL,
            hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            unit TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            added_at TEXT NOT NULL
        );
        CREATE TABLE segments (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text_hash TEXT NOT NULL,
            speaker TEXT,
            label TEXT,
            interviewer INTEGER NOT NULL,
            timestamp TEXT,
            UNIQUE (document_id, idx)
        );
"""
#: The first schema, part 2: suggestions, codings, memos and orphaned decisions.
_DECISIONS = """
        CREATE TABLE suggestions (
            segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            codebook INTEGER NOT NULL REFERENCES codebooks(id),
            score REAL NOT NULL,
            negated INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            PRIMARY KEY (segment_id, code)
        );
        CREATE TABLE codings (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            coder TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'added', '')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (segment_id, code, coder)
        );
        CREATE INDEX codings_by_coder ON codings (coder, segment_id);
        CREATE TABLE memos (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
            coder TEXT NOT NULL,
            text TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (segment_id, coder)
        );
        CREATE TABLE orphans (
            id INTEGER PRIMARY KEY,
            document TEXT NOT NULL,
            segment INTEGER NOT NULL,
            segment_text TEXT NOT NULL,
            code TEXT NOT NULL,
            coder TEXT NOT NULL,
            status TEXT NOT NULL,
            orphaned_at TEXT NOT NULL
        );
        """


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    _script(db, _TEXTS)
    _script(db, _DECISIONS)


@migration
def m002_review_sessions(db: sqlite3.Connection) -> None:
    """Who is reviewing right now: one review per coder at a time."""
    db.execute(
        "CREATE TABLE review_sessions (coder TEXT PRIMARY KEY, pid INTEGER NOT NULL, "
        "host TEXT NOT NULL, started_at TEXT NOT NULL)"
    )


@migration
def m003_uncertainty(db: sqlite3.Connection) -> None:
    """How unsure the learned model was about each segment at the last pretag
    (``review --order uncertain``)."""
    db.execute(
        "CREATE TABLE uncertainty (segment_id INTEGER PRIMARY KEY "
        "REFERENCES segments(id) ON DELETE CASCADE, value REAL NOT NULL)"
    )


@migration
def m004_token_cache(db: sqlite3.Connection) -> None:
    """Each segment's analysed tokens for ``search``, with the text and the analyser they
    came from."""
    db.execute(
        "CREATE TABLE token_cache (segment_id INTEGER PRIMARY KEY "
        "REFERENCES segments(id) ON DELETE CASCADE, text_hash TEXT NOT NULL, "
        "analyser TEXT NOT NULL, tokens TEXT NOT NULL)"
    )


@migration
def m005_code_history(db: sqlite3.Connection) -> None:
    """Every rename and merge of codes: who, when, what, how many codings moved."""
    db.execute(
        "CREATE TABLE code_history (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
        "who TEXT NOT NULL, operation TEXT NOT NULL, codings INTEGER NOT NULL)"
    )


@migration
def m006_pseudonyms(db: sqlite3.Connection) -> None:
    """The researcher's names and their pseudonyms (``kube-qda names apply``)."""
    db.execute(
        "CREATE TABLE pseudonyms (name TEXT PRIMARY KEY, pseudonym TEXT NOT NULL, "
        "kind TEXT NOT NULL, match_case TEXT NOT NULL)"
    )


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run statements one by one (``executescript`` would commit mid-migration)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (autocommit connections)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def text_hash(text: str) -> str:
    """SHA-256 of text (documents, segments, codebook snapshots)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded; returns the names applied."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    applied = []
    for name, func in MIGRATIONS:
        if name in done:
            continue
        with transaction(db):
            func(db)
            db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now()))
        applied.append(name)
    return applied


def schema_sql(db: sqlite3.Connection) -> str:
    """The schema as SQL, for the documentation check."""
    rows = db.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY type DESC, name"
    )
    return ";\n".join(row[0] for row in rows) + ";\n"
