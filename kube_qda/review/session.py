"""The review loop as a state machine: commands in, decisions committed, no I/O.

The terminal adapter (``terminal.py``) shows ``session.current`` and feeds each
command line to ``session.handle``; tests drive the session directly. Command
language, several per line: ``a`` accept all non-negated suggestions,
``r`` reject all, ``1 3`` accept suggestions 1 and 3 only, ``+ID`` add a code,
``-ID`` remove a code, ``s`` skip, ``u`` undo, ``m TEXT`` memo (rest of the line),
``q`` quit, ``?`` help. A line that decides records every suggestion as accepted or
rejected plus the added codes, commits, and moves on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kube_qda.project.records import SegmentRow
from kube_qda.project.store import Project

HELP = """\
a        accept every suggestion that is not negated (the rest are rejected)
r        reject every suggestion
1 3      accept suggestions 1 and 3 only
+ID      add a code (e.g. +hasil.pendapatan); -ID removes one
s        skip this segment without deciding     u   undo the last decision
m TEXT   write a memo for this segment          q   quit (everything is saved)
?        this help. Several commands may share a line: a +hasil.pendapatan"""


@dataclass
class Item:
    """One segment to review, with its suggestions and context."""

    row: SegmentRow
    suggestions: list[dict[str, Any]]
    context: str | None  # the previous turn (any speaker), shown dimmed
    decisions: dict[str, str]  # this coder's current decisions (blind to others)
    memo: str


@dataclass
class Outcome:
    """What one command line did. ``kind``: decided, skipped, undone, memo, help,
    quit, done, error."""

    kind: str
    message: str = ""
    statuses: dict[str, str] = field(default_factory=dict)


class ReviewSession:
    """Walks one coder through segments in document order."""

    def __init__(
        self,
        project: Project,
        coder: str,
        *,
        code: str | None = None,
        document: str | None = None,
        uncoded: bool = False,
        uncertain_first: bool = False,
    ) -> None:
        """``uncertain_first``: the segments the learned model was least sure about at
        the last pretag come first (the coder teaches it most there); else document
        order."""
        if code is not None:
            project.codebook.code(code)  # raises UnknownCode
        self.project = project
        self.coder = coder
        self.codes = set(project.codebook.code_ids())
        #: code -> the codes it was split into (kube-qda codes split), offered instead
        self.splits = project.splits()
        rows = project.segments(document=document)
        reviewed = project.reviewed(coder)
        if code is not None:
            with_code = project.segments_suggesting(code)
            rows = [r for r in rows if r.id in with_code]
        if uncoded:
            rows = [r for r in rows if r.id not in reviewed]
        if uncertain_first:
            doubt = project.uncertainty()
            rows = sorted(rows, key=lambda r: -doubt.get(r.id, -1.0))  # stable: ties keep order
        self.rows = rows
        self.position = next((i for i, r in enumerate(rows) if r.id not in reviewed), len(rows))
        self.decided = 0
        self._undo: list[tuple[int, int, dict[str, str]]] = []  # (position, segment, before)
        self._item: Item | None = None

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def current(self) -> Item | None:
        """The segment to show, or None when the queue is done."""
        if self.position >= len(self.rows):
            return None
        row = self.rows[self.position]
        if self._item is None or self._item.row.id != row.id:
            self._item = Item(
                row,
                self.project.suggestions(row.id),
                self._context(row),
                self.project.decisions(row.id, self.coder),
                self.project.memo(row.id, self.coder),
            )
        return self._item

    def go(self, position: int) -> None:
        """Show the segment at ``position`` of the queue next (clamped to it)."""
        self.position = max(0, min(position, len(self.rows)))
        self._item = None

    def next_undecided(self) -> bool:
        """Move to the first segment after this one the coder has not decided; False
        (and no move) when there is none."""
        reviewed = self.project.reviewed(self.coder)
        for i in range(self.position + 1, len(self.rows)):
            if self.rows[i].id not in reviewed:
                self.go(i)
                return True
        return False

    def next_with(self, code: str) -> bool:
        """Move to the next segment with ``code`` suggested or given by this coder;
        False (and no move) when there is none."""
        wanted = self.project.segments_suggesting(code) | self.project.coded_with(code, self.coder)
        for i in range(self.position + 1, len(self.rows)):
            if self.rows[i].id in wanted:
                self.go(i)
                return True
        return False

    def _context(self, row: SegmentRow) -> str | None:
        """The segment before this one (usually the interviewer's question)."""
        return self.project.segment_text(row.document, row.index - 1)

    # -- commands -----------------------------------------------------------------

    def handle(self, line: str) -> Outcome:
        """Apply one command line; decisions are committed before this returns."""
        item = self.current
        words = line.strip()
        if item is None:
            return Outcome("done", "nothing left to review")
        if words.startswith("m ") or words == "m":
            return self._memo(item, words[1:].strip())
        tokens = words.split()
        if not tokens:
            return Outcome("error", "type a command (? for help)")
        if tokens == ["?"]:
            return Outcome("help", HELP)
        if tokens == ["q"]:
            return Outcome("quit", f"saved {self.decided} decisions")
        if tokens == ["s"]:
            self.position += 1
            return Outcome("skipped")
        if tokens == ["u"]:
            return self._undo_last()
        try:
            statuses = self._statuses(item, tokens)
        except ValueError as err:
            return Outcome("error", str(err))
        before = item.decisions
        self.project.decide(item.row.id, self.coder, statuses)
        self._undo.append((self.position, item.row.id, before))
        self.decided += 1
        self.position += 1
        self._item = None
        return Outcome("decided", _describe(item.row, statuses), statuses)

    def _statuses(self, item: Item, tokens: list[str]) -> dict[str, str]:
        suggested = [s["code"] for s in item.suggestions]
        accepted: set[str] = set()
        added: set[str] = set()
        for token in tokens:
            if token == "a":
                accepted |= {s["code"] for s in item.suggestions if not s["negated"]}
            elif token == "r":
                accepted.clear()
            elif token.isdigit():
                number = int(token)
                if not 1 <= number <= len(suggested):
                    raise ValueError(f"no suggestion {number} (there are {len(suggested)})")
                accepted.add(suggested[number - 1])
            elif token[0] in "+-" and len(token) > 1:
                code = token[1:]
                if code not in self.codes:
                    raise ValueError(f"unknown code '{code}' (not in the codebook)")
                target = accepted if code in suggested else added
                if token[0] == "+":
                    target.add(code)
                else:
                    accepted.discard(code)
                    added.discard(code)
            else:
                raise ValueError(f"unknown command '{token}' (? for help)")
        statuses = {code: "accepted" if code in accepted else "rejected" for code in suggested}
        statuses.update({code: "added" for code in added})
        return statuses

    def _memo(self, item: Item, text: str) -> Outcome:
        if not text:
            return Outcome("error", "write the memo after m: m kenapa ini penting")
        self.project.set_memo(item.row.id, self.coder, text)
        item.memo = text
        return Outcome("memo", "memo saved")

    def _undo_last(self) -> Outcome:
        if not self._undo:
            return Outcome("error", "nothing to undo in this session")
        position, segment_id, before = self._undo.pop()
        self.project.undecide(segment_id, self.coder, before)
        self.decided -= 1
        self.position = position
        self._item = None
        row = self.rows[position]
        return Outcome("undone", f"undid {row.document}#{row.index}")


def _describe(row: SegmentRow, statuses: dict[str, str]) -> str:
    parts = [f"{status} {code}" for code, status in statuses.items()]
    return f"saved {row.document}#{row.index}: " + (", ".join(parts) or "no code")
