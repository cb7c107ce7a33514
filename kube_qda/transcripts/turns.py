"""Lines of a document to speaker turns: labels, continuation lines, aliases, roles."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from kube_qda.transcripts.interviewers import asking, guess, warning
from kube_qda.transcripts.labels import (
    TITLES,
    Candidate,
    accept_labels,
    candidate,
    interviewer_labels,
    is_role,
)
from kube_qda.transcripts.model import Turn

#: Markdown headings and rules (``---``, ``***``, ``___``, ``+++``, ``===``, ``* * *``).
_STRUCTURE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|#{1,6}$|(?:([-*_+=])[ \t]*)(?:\1[ \t]*){2,}$)")
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


class Turns(NamedTuple):
    """A document split into turns."""

    turns: list[Turn]
    warnings: list[str]
    #: the text before the first labelled turn (title, metadata lines), not speech
    preamble: tuple[int, int] | None = None
    #: unlabelled text after the last labelled turn, past a rule or heading (a
    #: transcriber's closing note), not speech
    epilogue: tuple[int, int] | None = None


def build_turns(
    text: str,
    *,
    hints: LineHints | None = None,
    known_speakers: Iterable[str] = (),
    interviewer: Iterable[str] = (),
) -> Turns:
    """Split document text into turns, warnings, the preamble and the epilogue.

    In a document with speaker labels, the lines before the first labelled turn are
    its preamble (a title, ``Tanggal: ...`` lines, a list of who took part), and
    unlabelled paragraphs after the last one, past a rule or heading, its epilogue
    (a closing note): not speech, in no turn. Every paragraph of a document without
    labels becomes a turn without a speaker; if some paragraphs are block quotes
    (``> ...``) and others not, the block quotes are the answers and the others the
    interviewer's. Markdown headings and rules are not speech and belong to no turn.
    When two or more speakers are labelled and no label names the interviewer (and
    ``interviewer`` names nobody), the speakers who ask far more than the others are
    guessed to interview, with a warning (``interviewers``).
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
    raw = _open_turns(text, spans, cands, names, hints)
    preamble = epilogue = None
    labelled = [k for k, r in enumerate(raw) if r.speaker]
    if labelled:
        preamble = _preamble(text, spans, cands, accepted)
        after = raw[labelled[-1] + 1 :]  # past a rule or heading (else they continue it)
        if after:
            epilogue = (after[0].start or 0, after[-1].end)
        raw = raw[labelled[0] : labelled[-1] + 1]
    warnings: list[str] = []
    asks = _who_asks(text, raw, list(interviewer), warnings)
    turns = [
        Turn(r.start or 0, r.end, r.speaker, r.label, ask, r.timestamp)
        for r, ask in zip(raw, asks, strict=True)
    ]
    return Turns(turns, warnings, preamble, epilogue)


def _open_turns(
    text: str,
    spans: list[tuple[int, int]],
    cands: dict[int, Candidate],
    names: dict[str, str],
    hints: LineHints,
) -> list[_Open]:
    """Every turn with words in it: a labelled line and the lines that continue it,
    or a paragraph of unlabelled text."""
    raw: list[_Open] = []
    current: _Open | None = None
    for i, (start, end) in enumerate(spans):
        line = text[start:end]
        c = cands.get(i)
        if c is not None and c.label in names:
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
    return [r for r in raw if r.start is not None]  # a label with no words after it


def _who_asks(text: str, raw: list[_Open], override: list[str], warnings: list[str]) -> list[bool]:
    """Per turn, whether it is the interviewer's: the labels that say so (or
    ``override``); else, with two or more speakers, a guess from their questions;
    without labels, the paragraphs outside block quotes when answers are quoted."""
    speakers = list(dict.fromkeys(r.speaker for r in raw if r.speaker))
    interviewers = interviewer_labels(speakers, override)
    if not override and not interviewers and len(speakers) >= 2:
        asked = asking((r.speaker, text[r.start or 0 : r.end]) for r in raw if r.speaker)
        interviewers = set(guess(asked))
        warnings.append(warning(asked, sorted(interviewers, key=speakers.index)))
    if speakers or not raw:
        return [r.speaker in interviewers for r in raw]
    quoted = [_block_quote(text[r.start or 0 : r.end]) for r in raw]
    if any(quoted) and not all(quoted):  # questions, then answers in block quotes
        warnings.append(
            "no speaker labels found; block-quoted paragraphs are taken as the answers, "
            "the other paragraphs as the interviewer's"
        )
        return [not q for q in quoted]
    warnings.append("no speaker labels found; each paragraph is a segment without a speaker")
    return [False] * len(raw)


def _block_quote(paragraph: str) -> bool:
    """Every line of the paragraph is in a Markdown block quote (``> ...``)."""
    return all(line.lstrip().startswith(">") for line in paragraph.split("\n"))


def _preamble(
    text: str, spans: list[tuple[int, int]], cands: dict[int, Candidate], accepted: set[str]
) -> tuple[int, int] | None:
    """The text before the first labelled line, trimmed; None when there is none."""
    first = next(i for i, c in sorted(cands.items()) if c.label in accepted)
    head = text[: spans[first][0]]
    start, end = len(head) - len(head.lstrip()), len(head.rstrip())
    return (start, end) if start < end else None


def _roster_lines(
    text: str, spans: list[tuple[int, int]], cands: dict[int, Candidate], accepted: set[str]
) -> list[int]:
    """The lines of a header that name the people ("Pewawancara: Lina",
    "Informan: Bu Sri (45 tahun)"): before the first turn, a role word spelled out
    (not a letter such as P or I) and only a name after it, or any words when the line
    is part of a metadata block; at least two turns follow. A greeting or a question
    is speech, so the first such line ends the header."""
    roster: list[int] = []
    metadata = _metadata_lines(text, spans, cands, accepted)
    for i, (start, end) in enumerate(spans):
        c = cands.get(i)
        if c is None or c.label not in accepted:
            continue  # title lines, "Tanggal: ...", blank lines: still the header
        content = text[start + c.content_start : end]
        if len(c.label) > 3 and is_role(c.label) and (i in metadata or _names_only(content)):
            roster.append(i)
            continue
        break
    later = sum(c.label in accepted for c in cands.values()) - len(roster)
    return roster if later >= 2 else []


def _metadata_lines(
    text: str, spans: list[tuple[int, int]], cands: dict[int, Candidate], accepted: set[str]
) -> set[int]:
    """The lines of metadata blocks: runs of two or more consecutive ``Key: value``
    lines whose keys all differ and at least one of which is no speaker
    (``Tanggal:``, ``Tempat:``), as in ``Tanggal: ...`` / ``Informan: Bu Sumi,
    bendahara``. Dialogue repeats its labels; a metadata block does not."""
    found: set[int] = set()
    run: list[int] = []
    for i in [*range(len(spans)), len(spans)]:
        if i < len(spans) and i in cands and text[spans[i][0] : spans[i][1]].strip():
            run.append(i)
            continue
        keys = [cands[k].label.lower() for k in run]
        if (
            len(run) >= 2
            and len(set(keys)) == len(keys)
            and any(cands[k].label not in accepted for k in run)
        ):
            found.update(run)
        run = []
    return found


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
