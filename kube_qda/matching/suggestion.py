"""Suggestions: a code for a segment, with a score and the evidence behind it.

Named tuples: a run makes tens of thousands of them, and they are immutable.

While a batch is matched, its suggestions are plain tuples with the same fields
(``SuggestionRow``, ``EvidenceRow``): Python's cycle collector stops tracking a
plain tuple of strings and numbers, so the thousands a batch holds cost no
collections, while every named tuple would be walked by each one. A row becomes a
``Suggestion`` (``named``) as its segment is handed out."""

from __future__ import annotations

from typing import Any, NamedTuple

from kube_qda.transcripts.model import Segment


class Evidence(NamedTuple):
    """One rule hit: ``rule`` id, the matched document text and its offsets."""

    rule: str
    match: str
    start: int
    end: int

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "match": self.match, "start": self.start, "end": self.end}


class Suggestion(NamedTuple):
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


#: A suggestion's fields while its batch is matched: (code, score, negated, evidence).
EvidenceRow = tuple[str, str, int, int]
SuggestionRow = tuple[str, float, bool, tuple[EvidenceRow, ...]]
#: A batch's suggestions: text (index in the batch) -> (code index, row) pairs.
Made = dict[int, list[tuple[int, SuggestionRow]]]


def named(row: SuggestionRow) -> Suggestion:
    """The Suggestion (with Evidence) that ``row`` holds."""
    code, score, negated, evidence = row
    return Suggestion(code, score, negated, tuple(map(Evidence._make, evidence)))


class SegmentSuggestions(NamedTuple):
    """A segment with its suggestions: one line of `suggest --format jsonl`."""

    segment: Segment
    suggestions: tuple[Suggestion, ...] = ()
    #: how unsure the learned model is about the segment: 1 when some code's probability
    #: is one half, 0 when every code is certainly there or not; None without a model
    #: (and for interviewer segments). Not part of the JSON line.
    uncertainty: float | None = None

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
