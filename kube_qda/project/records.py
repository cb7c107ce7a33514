"""Records the project layer hands out: stored segments and what ``add`` did."""

from __future__ import annotations

from dataclasses import dataclass, field

from kube_qda.transcripts.model import Segment


@dataclass(frozen=True)
class SegmentRow:
    """A segment as stored: ``id`` is the database id, ``index`` the 0-based index."""

    id: int
    document: str
    index: int
    start: int
    end: int
    text: str
    speaker: str | None
    interviewer: bool

    def as_segment(self) -> Segment:
        return Segment(
            self.document,
            self.index,
            self.start,
            self.end,
            self.text,
            self.speaker,
            self.speaker,
            self.interviewer,
        )


@dataclass
class AddReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    orphaned: list[tuple[str, int, str, str]] = field(default_factory=list)  # doc, seg, code, coder
    warnings: list[str] = field(default_factory=list)  # "FILE: message"
