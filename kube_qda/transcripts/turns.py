"""Lines of a document to speaker turns: labels, continuation lines, aliases, roles."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kube_qda.transcripts.labels import (
    TITLES,
    Candidate,
    accept_labels,
    candidate,
    interviewer_labels,
    is_role,
)
from kube_qda.transcripts.model import Turn

_STRUCTURE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|#{1,6}$|(?:-{3,}|\*{3,}|_{3,})[ \t]*$)")
#: A parenthesised aside in a roster line: "(45 tahun)", "(ketua)".
_ASIDE = re.compile(r"\([^()]*\)")


@dataclass
class LineHints:
    """What a reader knows beyond the text: cue timestamps, labels it is sure of."""

    timestamps: dict[int, str] = field(default_factory=dict)
    known_labels: set[str] = field(default_factory=set)


@dataclass
class _Open:
    start: int | None
    end: int
    speaker: str | None
    label: str | None
    timestamp: str | None


def lines_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def build_turns(
    text: str,
    *,
    hints: LineHints | None = None,
    known_speakers: Iterable[str] = (),
    interviewer: Iterable[str] = (),
) -> tuple[list[Turn], list[str]]:
    """Split document text into turns; returns (turns, warnings).

    Lines before the first label, and every paragraph of a document without labels,
    become turns without a speaker. Markdown headings and rules are not speech and
    belong to no turn.
    """
    hints = hints or LineHints()
    spans = lines_of(text)
    cands: dict[int, Candidate] = {}
    for i, (start, end) in enumerate(spans):
        c = candidate(text[start:end])
        if c is not None:
            cands[i] = c
    known = set(known_speakers) | set(interviewer) | hints.known_labels
    accepted, _ = accept_labels(cands.values(), known)
    roster = _roster_lines(text, spans, cands, accepted)
    for i in roster:
        del cands[i]  # a header line naming who took part, not a turn
    accepted, aliases = accept_labels(cands.values(), known)
    names = _canonical_names(cands, accepted, aliases)
    raw: list[_Open] = []
    current: _Open | None = None
    for i, (start, end) in enumerate(spans):
        line = text[start:end]
        c = cands.get(i)
        if c is not None and c.label in accepted:
            current = _Open(
                None, start, names[c.label], c.label, c.timestamp or hints.timestamps.get(i)
            )
            raw.append(current)
            _extend(current, text, start + c.content_start, end)
        elif _STRUCTURE.match(line):
            current = None
        elif not line.strip():
            if current is not None and current.speaker is None:
                current = None  # unlabelled text: one turn per paragraph
        else:
            if current is None:
                current = _Open(None, start, None, None, hints.timestamps.get(i))
                raw.append(current)
            _extend(current, text, start, end)
    speakers = [r.speaker for r in raw if r.speaker]
    interviewers = interviewer_labels(dict.fromkeys(speakers), interviewer)
    turns = [
        Turn(r.start, r.end, r.speaker, r.label, r.speaker in interviewers, r.timestamp)
        for r in raw
        if r.start is not None
    ]
    warnings = []
    if turns and not speakers:
        warnings.append("no speaker labels found; each paragraph is a segment without a speaker")
    return turns, warnings


def _roster_lines(
    text: str, spans: list[tuple[int, int]], cands: dict[int, Candidate], accepted: set[str]
) -> list[int]:
    """The lines of a header that name the people ("Pewawancara: Lina",
    "Informan: Bu Sri (45 tahun)"): before the first turn, a role word spelled out
    (not a letter such as P or I) and only a name after it; at least two turns
    follow. A greeting or a question is speech, so the first such line ends the
    header."""
    roster: list[int] = []
    for i, (start, end) in enumerate(spans):
        c = cands.get(i)
        if c is None or c.label not in accepted:
            continue  # title lines, "Tanggal: ...", blank lines: still the header
        content = text[start + c.content_start : end]
        if len(c.label) > 3 and is_role(c.label) and _names_only(content):
            roster.append(i)
            continue
        break
    later = sum(c.label in accepted for c in cands.values()) - len(roster)
    return roster if later >= 2 else []


def _names_only(content: str) -> bool:
    """A person's name and title, an aside in parentheses and a date allowed
    ("Dita. 19 April 2025."); no sentence."""
    words = [w.rstrip(".;") for w in _ASIDE.sub(" ", content).replace(",", " ").split()]
    words = [w for w in words if w]
    if not 1 <= len(words) <= 6 or content.rstrip()[-1:] in "?!":
        return False
    named = any(w[:1].isupper() for w in words)
    return named and all(w[:1].isupper() or w.lower() in TITLES or w.isdigit() for w in words)


def _extend(turn: _Open, text: str, start: int, end: int) -> None:
    """Add text[start:end] (one line's content) to a turn, trimming whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return
    if turn.start is None:
        turn.start = start
    turn.end = end


def _canonical_names(
    cands: dict[int, Candidate], accepted: set[str], aliases: dict[str, str]
) -> dict[str, str]:
    """Label as written -> canonical speaker (alias resolved, first-seen spelling)."""
    by_lower: dict[str, str] = {}
    names: dict[str, str] = {}
    for c in cands.values():
        if c.label not in accepted:
            continue
        full = aliases.get(c.label, c.label)
        names[c.label] = by_lower.setdefault(full.lower(), full)
    return names
