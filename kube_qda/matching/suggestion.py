"""Suggestions: a code for a segment, with a score and the evidence behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kube_qda.transcripts.model import Segment


@dataclass(frozen=True)
class Evidence:
    """One rule hit: ``rule`` id, the matched document text and its offsets."""

    rule: str
    match: str
    start: int
    end: int
    negated: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "match": self.match, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Suggestion:
    """A suggested code. ``negated`` is true when every hit was negated (and the
    code's negation behaviour is ``flag``)."""

    code: str
    score: float
    negated: bool
    evidence: tuple[Evidence, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "score": self.score,
            "negated": self.negated,
            "evidence": [e.as_json() for e in self.evidence],
        }


@dataclass(frozen=True)
class SegmentSuggestions:
    """A segment with its suggestions (SPEC §6 jsonl object)."""

    segment: Segment
    suggestions: tuple[Suggestion, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        seg = self.segment
        return {
            "document": seg.document,
            "segment": seg.index,
            "start": seg.start,
            "end": seg.end,
            "speaker": seg.speaker,
            "interviewer": seg.interviewer,
            "text": seg.text,
            "suggestions": [s.as_json() for s in self.suggestions],
        }
