"""Speaker labels at the start of a line, and which of them are the interviewer.

A line *looks like* a labelled turn when it starts with (an optional timestamp and)
one to four words, optionally an ``(Alias)``, optionally in Markdown bold or italics
(the colon inside or outside the emphasis, the markers escaped or not), then a colon;
it may stand in a block quote or a list item (``> **Bu Sri:**``, ``1. P:``).
Whether such a candidate really *is* a speaker is decided per document
by ``accept_labels`` (the rule is documented in docs/transcripts.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

#: Role words: a label made of one of these (optionally numbered) is always a speaker.
INTERVIEWER_ROLES = frozenset(
    """p t q peneliti pewawancara penanya penulis interviewer moderator fasilitator
    tanya pw int iv""".split()
)
INFORMANT_ROLES = frozenset(
    """i j a r n s informan narasumber responden jawab partisipan peserta interviewee
    respondent participant subjek pendamping anggota ketua""".split()
)
ROLE_WORDS = INTERVIEWER_ROLES | INFORMANT_ROLES
#: Titles that make "Title Name" a speaker label even when it occurs only once.
TITLES = frozenset("bu pak ibu bapak mbak mas mbah dik kak bude pakde bu. pak.".split())

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TIMESTAMP = rf"(?:\[(?P<t1>{_TIME})\]|\((?P<t2>{_TIME})\)|(?P<t3>{_TIME}))\s*(?:-\s*)?"
_WORD = r"[^\W\d_](?:[^\W_]|['’.-])*|\d{1,3}"
_LABEL = rf"(?P<label>(?:{_WORD})(?:[ \t]+(?:{_WORD})){{0,3}})"
_ALIAS = r"(?:[ \t]*\((?P<alias>[^()\n]{1,24})\))?"
#: Markdown emphasis around a label, as written (``**``, ``_``) or as converters escape
#: it (``\***\*``): up to six markers, each optionally after a backslash. The closing
#: markers stand before the colon or, when the label opened with some, after it.
#: One emphasis marker, as written (``*``, ``_``) or as a converter escapes it (``\*``).
MARK = r"\\?[*_]"
_MARKS = rf"(?:{MARK}){{1,6}}"
#: A Markdown block quote (``> ``) or list item (``- ``, ``1. ``) before a label.
_QUOTE_OR_ITEM = r"(?:>[ \t]*)*(?:(?:[-+•]|\d{1,3}[.)])[ \t]+)?"
LINE_RE = re.compile(
    rf"^[ \t]*{_QUOTE_OR_ITEM}(?:{_TIMESTAMP})?(?P<deco>{_MARKS})?[ \t]*{_LABEL}{_ALIAS}[ \t]*"
    rf"(?P<close>{_MARKS})?[ \t]*:(?!//|\d)[ \t]*(?(close)|(?(deco)(?:{_MARKS})?[ \t]*))"
)


@dataclass(frozen=True)
class Candidate:
    """A line's possible label: where its content starts, and what it says."""

    label: str
    alias: str | None
    timestamp: str | None
    content_start: int  # offset in the line where the turn's words begin
    decorated: bool


def candidate(line: str) -> Candidate | None:
    """The label candidate at the start of ``line``, if it has one."""
    m = LINE_RE.match(line)
    if not m:
        return None
    label = " ".join(m.group("label").split())
    alias = m.group("alias")
    return Candidate(
        label=label,
        alias=" ".join(alias.split()) if alias else None,
        timestamp=m.group("t1") or m.group("t2") or m.group("t3"),
        content_start=m.end(),
        decorated=bool(m.group("deco")),
    )


def is_role(label: str) -> bool:
    """``P``, ``Informan``, ``Informan 2``, ``P1``, ``Peneliti (Rina)`` ..."""
    base = re.sub(r"[ \t]*\d+$", "", label.lower()).strip().rstrip(".")
    return base in ROLE_WORDS


def is_titled_name(label: str) -> bool:
    words = label.split()
    return len(words) >= 2 and words[0].lower() in TITLES and words[1][:1].isupper()


def accept_labels(
    candidates: Iterable[Candidate], known: Iterable[str] = ()
) -> tuple[set[str], dict[str, str]]:
    """Decide which candidate labels are speakers in one document.

    A label is a speaker when it is a role word (optionally numbered), a known
    speaker (front matter, ``--interviewer``), a title and a capitalised name
    (``Bu Darmi``), a capitalised name with initials as its alias (``Adi (A)``),
    or a capitalised label that starts a line at least twice (counting an alias
    as its full name). Returns the accepted labels and an
    alias -> canonical name map.
    """
    candidates = list(candidates)
    known_lower = {k.lower() for k in known}
    aliases = {c.alias: c.label for c in candidates if c.alias}
    counts: Counter[str] = Counter(aliases.get(c.label, c.label) for c in candidates)
    accepted: set[str] = set()
    for c in candidates:
        canonical = aliases.get(c.label, c.label)
        if (
            is_role(c.label)
            or c.label.lower() in known_lower
            or canonical.lower() in known_lower
            or is_titled_name(canonical)
            or (canonical[:1].isupper() and c.alias is not None and _is_initials(c.alias))
            or (canonical[:1].isupper() and counts[canonical] >= 2)
        ):
            accepted.add(c.label)
    return accepted, aliases


def _is_initials(alias: str) -> bool:
    return len(alias) <= 3 and alias.isupper()


def interviewer_labels(speakers: Iterable[str], override: Iterable[str] = ()) -> set[str]:
    """Which canonical speakers are the interviewer.

    ``override`` (``--interviewer``, front matter ``interviewer:``) wins. Otherwise
    role words decide: P, T, Q, Peneliti, Pewawancara, Penanya, Interviewer,
    Moderator ... ``I`` is the informant (Indonesian P/I), except in English-style
    documents that label the other party ``R`` (respondent) and have no ``P``.
    """
    speakers = list(speakers)
    wanted = {o.lower() for o in override}
    if wanted:
        return {s for s in speakers if s.lower() in wanted}
    bases = {s: re.sub(r"[ \t]*\d+$", "", s.lower()) for s in speakers}
    english = "r" in bases.values() and "p" not in bases.values()
    return {
        s for s, base in bases.items() if base in INTERVIEWER_ROLES or (english and base == "i")
    }
