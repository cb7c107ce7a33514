"""The project: one SQLite file holding documents, segments, codebook snapshots,
suggestions, codings and memos. Every public method that writes commits before it
returns, so a crash never loses an acknowledged decision."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kube_qda.codebook.loader import codebook_from_text
from kube_qda.codebook.model import Codebook
from kube_qda.errors import ProjectError
from kube_qda.names.mapping import NameEntry
from kube_qda.project import documents, queries
from kube_qda.project.records import AddReport, SegmentRow
from kube_qda.project.schema import MIGRATIONS, migrate, now, text_hash, transaction
from kube_qda.transcripts.attributes import interviewer_names
from kube_qda.transcripts.model import Transcript
from kube_qda.transcripts.readers import read_transcript, transcript_from_text
from kube_qda.transcripts.segment import segments

if TYPE_CHECKING:
    from kube_qda.analysis.records import CodeApplication
    from kube_qda.matching.suggestion import Suggestion

DEFAULT_PROJECT = "kube-qda.sqlite"
STATUSES = ("accepted", "rejected", "added")


def project_path(value: str | Path | None) -> Path:
    """``-p`` value, else ``$KUBE_QDA_PROJECT``, else ``kube-qda.sqlite`` here."""
    return Path(value or os.environ.get("KUBE_QDA_PROJECT") or DEFAULT_PROJECT)


class Project:
    """An open project. Use ``Project.create`` (init) or ``Project.open``."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db
        self._codebook: Codebook | None = None

    # -- opening ----------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, codebook_yaml: str, codebook_name: str) -> Project:
        """Create a new project with a first codebook snapshot."""
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path}: already exists; use it, or choose another -p FILE")
        project = cls(path, _connect(path))
        migrate(project.db)
        project.set_codebook(codebook_yaml, codebook_name)
        return project

    @classmethod
    def open(cls, path: str | Path) -> Project:
        path = Path(path)
        if not path.exists():
            raise ProjectError(f"{path}: no such project; create one with `kube-qda init`")
        _check_identity(path)
        db = _connect(path)
        names = {r[0] for r in db.execute("SELECT name FROM migrations")}
        unknown = names - {name for name, _ in MIGRATIONS}
        if unknown:
            db.close()
            raise ProjectError(
                f"{path}: made by a newer kube-qda (schema {sorted(unknown)[-1]}); upgrade"
            )
        migrate(db)
        return cls(path, db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- codebook ---------------------------------------------------------------

    def set_codebook(self, yaml_text: str, name: str) -> int:
        """Store a new codebook snapshot and make it the active one."""
        codebook = codebook_from_text(yaml_text, name)
        with transaction(self.db):
            snapshot = self._store_codebook(codebook, yaml_text)
        self._codebook = codebook
        return snapshot

    def _store_codebook(self, codebook: Codebook, yaml_text: str) -> int:
        """Insert a snapshot and make it active (inside the caller's transaction)."""
        cur = self.db.execute(
            "INSERT INTO codebooks (codebook_id, version, yaml, hash, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (codebook.id, codebook.version, yaml_text, text_hash(yaml_text), now()),
        )
        snapshot = int(cur.lastrowid or 0)
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES ('codebook', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(snapshot),),
        )
        return snapshot

    def change_codebook(
        self,
        yaml_text: str,
        who: str,
        operation: str,
        *,
        move: tuple[list[str], str] | None = None,
        archive: str | None = None,
        split: tuple[str, list[str]] | None = None,
    ) -> int:
        """Make ``yaml_text`` (the codebook after a ``codes`` operation) active and
        record ``operation`` in the code history, in one transaction. First, with
        ``move`` (sources, into): every coding and suggestion of the sources becomes
        ``into`` (where a coder already decided ``into`` on the segment, the two
        decisions become one, a confirmation winning over a rejection); with
        ``archive``: that code's codings go to the orphans table; with ``split`` (code,
        its parts): the project remembers what the code was split into. Returns how
        many codings moved or were archived."""
        codebook = codebook_from_text(yaml_text, f"{self.path} (codebook)")
        with transaction(self.db):
            moved = queries.move_codes(self.db, *move) if move else 0
            moved += queries.archive_codings(self.db, archive) if archive else 0
            if split is not None:
                self.db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    (f"split:{split[0]}", " ".join(split[1])),
                )
            self._store_codebook(codebook, yaml_text)
            self.db.execute(
                "INSERT INTO code_history (at, who, operation, codings) VALUES (?, ?, ?, ?)",
                (now(), who, operation, moved),
            )
        self._codebook = codebook
        return moved

    def splits(self) -> dict[str, list[str]]:
        """Code -> the codes it was split into (``codes split``)."""
        return {
            str(key).removeprefix("split:"): str(value).split()
            for key, value in self.db.execute(
                "SELECT key, value FROM meta WHERE key LIKE 'split:%'"
            )
        }

    def code_uses(self, code: str) -> int:
        """How many codings (any coder, any status) use ``code``."""
        row = self.db.execute("SELECT COUNT(*) FROM codings WHERE code = ?", (code,)).fetchone()
        return int(row[0])

    def code_history(self) -> list[tuple[str, str, str, int]]:
        """Every rename and merge as (when, who, what, codings moved), oldest first."""
        return [
            (str(at), str(who), str(what), int(n))
            for at, who, what, n in self.db.execute(
                "SELECT at, who, operation, codings FROM code_history ORDER BY id"
            )
        ]

    def codebook_snapshot(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'codebook'").fetchone()
        return int(row[0])

    @property
    def codebook(self) -> Codebook:
        """The active codebook."""
        if self._codebook is None:
            self._codebook = codebook_from_text(self.codebook_yaml(), f"{self.path} (codebook)")
        return self._codebook

    def codebook_yaml(self) -> str:
        """The active codebook's YAML text, as it was stored."""
        (yaml_text,) = self.db.execute(
            "SELECT yaml FROM codebooks WHERE id = ?", (self.codebook_snapshot(),)
        ).fetchone()
        return str(yaml_text)

    # -- documents ----------------------------------------------------------------

    def add(
        self,
        paths: Iterable[str | Path],
        *,
        attributes: dict[str, dict[str, str]] | None = None,
        unit: str = "turn",
        replace: bool = False,
        interviewer: Sequence[str] = (),
    ) -> AddReport:
        """Add transcripts. A document whose text changed is refused unless ``replace``;
        replacing keeps the codings of unchanged segments (matched by their text) and
        moves the others to the ``orphans`` table. All files or none are added.

        ``interviewer`` names the interviewers of every file; otherwise an
        ``interviewer`` attribute of a document (``Kiki; Galuh``) names its own."""
        table = attributes or {}
        named = {doc: interviewer_names(row.get("interviewer", "")) for doc, row in table.items()}
        transcripts = []
        for path in paths:
            transcript = read_transcript(path, interviewer=interviewer, interviewers_of=named)
            row = {k: v for k, v in table.get(transcript.id, {}).items() if k != "interviewer"}
            transcript.attributes.update(row)
            transcripts.append(transcript)
        return self.add_transcripts(transcripts, unit=unit, replace=replace)

    def add_transcripts(
        self, transcripts: Sequence[Transcript], *, unit: str = "turn", replace: bool = False
    ) -> AddReport:
        """Add parsed transcripts in one transaction (see ``add``)."""
        report = AddReport()
        for transcript in transcripts:
            report.warnings += [f"{transcript.path}: {w}" for w in transcript.warnings]
            if transcript.speakers and all(t.interviewer for t in transcript.turns):
                raise ProjectError(
                    f"{transcript.path}: only interviewer turns "
                    f"({', '.join(transcript.interviewers)}); nothing to code (use "
                    "--interviewer to name the interviewer if detection was wrong)"
                )
        parsed = [(t, segments(t, unit)) for t in transcripts]  # type: ignore[arg-type]
        with transaction(self.db):
            for transcript, segs in parsed:
                documents.add_one(self.db, transcript, segs, unit, replace, report)
        return report

    def add_text(
        self,
        name: str,
        text: str,
        *,
        unit: str = "turn",
        attributes: dict[str, Any] | None = None,
    ) -> str:
        """Add a document from plain text (for instance a REFI-QDA source) with optional
        attributes; returns its id. The text is kept exactly as given, so character
        positions from the source hold."""
        transcript = transcript_from_text(text, name, document_id=name)
        transcript.attributes.update(attributes or {})
        self.add_transcripts([transcript], unit=unit)
        return transcript.id

    def document_names(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM documents ORDER BY id")]

    def segments(
        self,
        *,
        document: str | None = None,
        informant_only: bool = True,
    ) -> list[SegmentRow]:
        """Segments in document order (documents by when they were added)."""
        return queries.segment_rows(self.db, document=document, informant_only=informant_only)

    def segment_id(self, document: str, index: int) -> int | None:
        row = self.db.execute(
            "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE d.name = ? AND s.idx = ?",
            (document, index),
        ).fetchone()
        return int(row[0]) if row else None

    # -- suggestions --------------------------------------------------------------

    def save_suggestions(
        self,
        suggestions: Iterable[tuple[int, Suggestion]],
        how: str,
        *,
        only: set[int] | None = None,
        uncertainty: dict[int, float] | None = None,
    ) -> int:
        """Replace the stored suggestions with ``suggestions`` ((segment id, suggestion)
        pairs, made with the active codebook) and each segment's ``uncertainty`` (the
        learned model's, when there is one) in one transaction, and record ``how`` they
        were made; decisions are untouched. With ``only``, just those segments' are
        replaced. Returns how many suggestions were stored."""
        snapshot = self.codebook_snapshot()
        rows = [
            (segment_id, s.code, snapshot, s.score, int(s.negated),
             json.dumps([e.as_json() for e in s.evidence], ensure_ascii=False))
            for segment_id, s in suggestions
        ]  # fmt: skip
        with transaction(self.db):
            for table in ("suggestions", "uncertainty"):
                if only is None:
                    self.db.execute(f"DELETE FROM {table}")
                else:
                    self.db.executemany(
                        f"DELETE FROM {table} WHERE segment_id = ?", [(i,) for i in only]
                    )
            self.db.executemany(
                "INSERT INTO uncertainty (segment_id, value) VALUES (?, ?)",
                sorted((uncertainty or {}).items()),
            )
            self.db.executemany(
                "INSERT INTO suggestions (segment_id, code, codebook, score, negated, evidence)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            self.db.execute(  # which suggestions these are, for status and for the record
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('pretag', ?)",
                (f"{now()[:16].replace('T', ' ')} UTC with {how}",),
            )
        return len(rows)

    def setting(self, key: str) -> str | None:
        """A value the project remembers (``set_setting``), or None."""
        row = self.db.execute(
            "SELECT value FROM meta WHERE key = ?", (f"setting:{key}",)
        ).fetchone()
        return str(row[0]) if row else None

    def set_setting(self, key: str, value: str) -> None:
        with transaction(self.db):
            self.db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"setting:{key}", value)
            )

    def pseudonyms(self) -> list[NameEntry]:
        """The names mapping stored by ``names apply`` (empty when there is none)."""
        rows = self.db.execute(
            "SELECT name, pseudonym, kind, match_case FROM pseudonyms ORDER BY rowid"
        )
        return [NameEntry(*map(str, row)) for row in rows]

    def set_pseudonyms(self, entries: Sequence[NameEntry], default: bool) -> None:
        """Replace the names mapping; ``default``: exports pseudonymise unless told not to."""
        with transaction(self.db):
            self.db.execute("DELETE FROM pseudonyms")
            self.db.executemany(
                "INSERT INTO pseudonyms (name, pseudonym, kind, match_case) VALUES (?, ?, ?, ?)",
                [(e.name, e.pseudonym, e.kind, e.case) for e in entries],
            )
            self.db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('setting:pseudonymise', ?)",
                ("1" if default else "0",),
            )

    def uncertainty(self) -> dict[int, float]:
        """Segment id -> how unsure the learned model was at the last pretag."""
        return dict(self.db.execute("SELECT segment_id, value FROM uncertainty"))

    def cached_tokens(self, analyser: str) -> dict[int, str]:
        """Segment id -> its tokens (JSON) as ``analyser`` made them from the segment's
        present text, where cached."""
        return dict(
            self.db.execute(
                "SELECT t.segment_id, t.tokens FROM token_cache t JOIN segments s "
                "ON s.id = t.segment_id AND s.text_hash = t.text_hash WHERE t.analyser = ?",
                (analyser,),
            )
        )

    def cache_tokens(self, analyser: str, tokens: dict[int, str]) -> None:
        """Store segments' tokens (JSON) made by ``analyser``, replacing older ones."""
        with transaction(self.db):
            self.db.executemany(
                "INSERT OR REPLACE INTO token_cache (segment_id, text_hash, analyser, tokens) "
                "SELECT id, text_hash, ?, ? FROM segments WHERE id = ?",
                [(analyser, text, segment_id) for segment_id, text in tokens.items()],
            )

    def unreviewed(self) -> set[int]:
        """Ids of the segments no coder has decided yet."""
        return {
            r[0]
            for r in self.db.execute(
                "SELECT id FROM segments WHERE id NOT IN (SELECT segment_id FROM codings)"
            )
        }

    def suggestions(self, segment_id: int) -> list[dict[str, Any]]:
        """The stored suggestions of a segment, best first."""
        return [
            {"code": r[0], "score": r[1], "negated": bool(r[2]), "evidence": json.loads(r[3])}
            for r in self.db.execute(
                "SELECT code, score, negated, evidence FROM suggestions WHERE segment_id = ? "
                "ORDER BY score DESC, code",
                (segment_id,),
            )
        ]

    # -- codings ------------------------------------------------------------------

    def decisions(self, segment_id: int, coder: str) -> dict[str, str]:
        """code -> status of one coder's decisions on a segment ('' code: no code)."""
        return dict(
            self.db.execute(
                "SELECT code, status FROM codings WHERE segment_id = ? AND coder = ?",
                (segment_id, coder),
            ).fetchall()
        )

    def reviewed(self, coder: str) -> set[int]:
        return {
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT segment_id FROM codings WHERE coder = ?", (coder,)
            )
        }

    def decide(self, segment_id: int, coder: str, statuses: dict[str, str]) -> None:
        """Replace a coder's decisions on a segment and commit. ``statuses`` maps code ->
        accepted/rejected/added; an empty mapping records "reviewed, no code"."""
        with transaction(self.db):
            self.write_decisions(segment_id, coder, statuses or {"": ""})

    def undecide(self, segment_id: int, coder: str, previous: dict[str, str]) -> None:
        """Restore a coder's earlier decisions on a segment (``{}``: none at all)."""
        with transaction(self.db):
            self.write_decisions(segment_id, coder, previous)

    def write_decisions(self, segment_id: int, coder: str, statuses: dict[str, str]) -> None:
        """Replace a coder's rows for a segment; call inside ``transaction``."""
        stamp = now()
        self.db.execute(
            "DELETE FROM codings WHERE segment_id = ? AND coder = ?", (segment_id, coder)
        )
        self.db.executemany(
            "INSERT INTO codings (segment_id, code, coder, status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(segment_id, code, coder, status, stamp, stamp) for code, status in statuses.items()],
        )

    def memo(self, segment_id: int, coder: str) -> str:
        row = self.db.execute(
            "SELECT text FROM memos WHERE segment_id = ? AND coder = ?", (segment_id, coder)
        ).fetchone()
        return str(row[0]) if row else ""

    def set_memo(self, segment_id: int, coder: str, text: str) -> None:
        with transaction(self.db):
            self.write_memo(segment_id, coder, text)

    def write_memo(self, segment_id: int, coder: str, text: str) -> None:
        """Set a coder's memo on a segment; call inside ``transaction``."""
        self.db.execute(
            "INSERT INTO memos (segment_id, coder, text, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (segment_id, coder) DO UPDATE SET text = excluded.text, "
            "updated_at = excluded.updated_at",
            (segment_id, coder, text, now()),
        )

    # -- read-only queries (kube_qda.project.queries) ------------------------------------

    def coding_rows(self, coder: str | None = None) -> Iterator[dict[str, Any]]:
        """Every coding as an export row, in document and segment order."""
        return queries.coding_rows(self.db, coder)

    def memo_rows(self) -> list[tuple[str, int, str, str]]:
        """Every memo as (document, segment index, coder, text)."""
        return queries.memo_rows(self.db)

    def coded_with(self, code: str, coder: str) -> set[int]:
        """Ids of the segments where ``coder`` accepted or added ``code``."""
        return {sid for sid, codes in self.coder_codes(coder).items() if code in codes}

    def coder_codes(self, coder: str) -> dict[int, set[str]]:
        """Segment id -> the codes ``coder`` accepted or added there."""
        return queries.coder_codes(self.db, coder)

    def segments_suggesting(self, code: str) -> set[int]:
        """Ids of the segments with a stored suggestion of ``code``."""
        return queries.segments_suggesting(self.db, code)

    def segment_text(self, document: str, index: int) -> str | None:
        """The text of segment ``index`` of ``document`` (any speaker), or None."""
        return queries.segment_text(self.db, document, index)

    def coded_codes(self) -> set[str]:
        """Every code that some coding names."""
        return queries.coded_codes(self.db)

    def import_decisions(
        self,
        decisions: dict[tuple[int, str], dict[str, str]],
        memos: dict[tuple[int, str], str],
    ) -> None:
        """Write (segment, coder) -> code -> status decisions and (segment, coder) ->
        memo texts in one transaction (an import: all or nothing)."""
        with transaction(self.db):
            for (segment_id, coder), statuses in decisions.items():
                self.write_decisions(segment_id, coder, statuses)
            for (segment_id, coder), text in memos.items():
                self.write_memo(segment_id, coder, text)

    def document_attributes(self) -> dict[str, dict[str, str]]:
        """Document name -> its attributes (values as text)."""
        return queries.document_attributes(self.db)

    def document_rows(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every document as (name, text, attributes)."""
        return queries.document_rows(self.db)

    def applications(
        self,
        *,
        status: str = "confirmed",
        coders: Sequence[str] = (),
        document: str | None = None,
    ) -> list[CodeApplication]:
        """Codes on informant segments as records for the analysis functions."""
        return queries.applications(self.db, status=status, coders=coders, document=document)

    def coder_decisions(
        self, coders: Sequence[str]
    ) -> dict[tuple[str, int], dict[str, frozenset[str]]]:
        """(document, segment) -> coder -> confirmed codes, for reviewed segments."""
        return queries.coder_decisions(self.db, coders)

    def reviewed_codes(self) -> dict[tuple[str, int], frozenset[str]]:
        """(document, segment) -> codes any coder confirmed, for reviewed informant segments."""
        return queries.reviewed_codes(self.db)

    def suggestion_rules(self) -> dict[tuple[str, int], dict[str, list[str]]]:
        """(document, segment) -> code -> rule ids, for non-negated suggestions."""
        return queries.suggestion_rules(self.db)

    def status(self) -> dict[str, Any]:
        """Documents, segments, and how much each coder has reviewed."""
        return {
            "project": str(self.path),
            "codebook": f"{self.codebook.id} v{self.codebook.version}",
            **queries.status(self.db),
        }

    def claim_review(self, coder: str) -> None:
        """Mark ``coder`` as reviewing; refuse when a live process already is."""
        host, pid = socket.gethostname(), os.getpid()
        with transaction(self.db):
            row = self.db.execute(
                "SELECT pid, host FROM review_sessions WHERE coder = ?", (coder,)
            ).fetchone()
            if row is not None and (row[1] != host or _alive(row[0])) and row[0] != pid:
                raise ProjectError(
                    f"{self.path}: {coder} is already reviewing this project (process {row[0]}"
                    f" on {row[1]}); finish that review first, or use another --coder"
                )
            self.db.execute(
                "INSERT OR REPLACE INTO review_sessions (coder, pid, host, started_at) "
                "VALUES (?, ?, ?, ?)",
                (coder, pid, host, now()),
            )

    def release_review(self, coder: str) -> None:
        with transaction(self.db):
            self.db.execute(
                "DELETE FROM review_sessions WHERE coder = ? AND pid = ?", (coder, os.getpid())
            )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


#: The first bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"


def _check_identity(path: Path) -> None:
    """Raise ProjectError unless ``path`` is a kube-qda project, reading only: a file
    of another application is left byte for byte as it was (no journal mode set, no
    table made, no -wal or -shm file beside it)."""
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as err:
        raise ProjectError(f"{path}: cannot read ({err.strerror})") from None
    if header != SQLITE_HEADER:
        raise ProjectError(f"{path}: not a kube-qda project (not an SQLite database)")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, timeout=5.0)
        try:
            found = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
            ).fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as err:
        raise ProjectError(f"{path}: not a kube-qda project ({err})") from None
    if found is None:
        raise ProjectError(f"{path}: not a kube-qda project (an SQLite database of another kind)")


def _connect(path: Path) -> sqlite3.Connection:
    """Autocommit connection (transactions are explicit), foreign keys, WAL, full sync."""
    try:
        db = sqlite3.connect(str(path), timeout=5.0, isolation_level=None)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA busy_timeout = 5000")
    except sqlite3.DatabaseError as err:
        raise ProjectError(f"{path}: not a kube-qda project ({err})") from None
    return db
