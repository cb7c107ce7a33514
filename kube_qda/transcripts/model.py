"""Transcripts, turns and segments (docs/transcripts.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Turn:
    """One speaker's turn: ``text[start:end]`` of the document is what they said."""

    start: int
    end: int
    speaker: str | None
    label: str | None
    interviewer: bool
    timestamp: str | None = None


@dataclass
class Transcript:
    """A parsed transcript. ``text`` is the normalised document text (LF line ends,
    NFC, front matter removed); every offset points into it. ``attributes`` come from
    front matter and from ``Key: value`` lines of the preamble."""

    id: str
    path: str
    text: str
    turns: list[Turn]
    attributes: dict[str, Any] = field(default_factory=dict)
    format: str = "txt"
    warnings: list[str] = field(default_factory=list)
    #: ``text[start:end]`` before the first labelled turn (a title, metadata lines)
    #: and after the last one (a closing note): never a segment, shown by
    #: ``kube-qda segments``
    preamble: tuple[int, int] | None = None
    epilogue: tuple[int, int] | None = None

    @property
    def preamble_text(self) -> str:
        return self.text[self.preamble[0] : self.preamble[1]] if self.preamble else ""

    @property
    def epilogue_text(self) -> str:
        return self.text[self.epilogue[0] : self.epilogue[1]] if self.epilogue else ""

    @property
    def speakers(self) -> list[str]:
        """Canonical speakers in order of first appearance."""
        seen: dict[str, None] = {}
        for turn in self.turns:
            if turn.speaker:
                seen.setdefault(turn.speaker, None)
        return list(seen)

    @property
    def interviewers(self) -> list[str]:
        return sorted({t.speaker for t in self.turns if t.interviewer and t.speaker})


@dataclass(frozen=True)
class Segment:
    """The unit that gets coded. ``index`` is 0-based among all segments of the
    document, interviewer segments included; ``text == document.text[start:end]``."""

    document: str
    index: int
    start: int
    end: int
    text: str
    speaker: str | None
    label: str | None
    interviewer: bool
    timestamp: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The fields of `segments --format jsonl` (the timestamp is shown in tables)."""
        return {
            "document": self.document,
            "segment": self.index,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "interviewer": self.interviewer,
            "text": self.text,
        }
