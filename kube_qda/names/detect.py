"""Candidate personal names (and listed places) in a project's transcripts.

Pure: it takes the documents (name, text, attributes) and their speaker labels and
returns candidates with how often each occurs and one example. Found are:

- capitalised words after an honorific or kinship term (``Bu Sri``, ``Mas Dimas``,
  ``Mbah Karto``), also with a title between them (``Pak Kadus Gesing``), but not
  after a plural (``ibu-ibu KUBE``), not acronyms, and not words the transcripts
  write in lower case more often than after an honorific (``Bu. Bisa ...``);
- speaker labels that are not roles (``Sri:`` but not ``Pewawancara:``), without their
  honorific (``Bu Sri:`` gives ``Sri``);
- values of attributes that name a person (``nama``, ``informan``...) or a place
  (``desa``, ``dusun``...), from front matter or the attributes file;
- the places the researcher lists.

The words around names are data (``data/names.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kube_qda.names.lexicon import Lexicon, lexicon

#: A word: letters, perhaps with an apostrophe inside (``Ma'ruf``).
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: An English possessive, not part of the name (``Joko's``).
_POSSESSIVE = re.compile(r"['’][sS]$")
#: Name words after an honorific, at most.
MAX_NAME_WORDS = 3
EXAMPLE_CHARS = 40


@dataclass
class Candidate:
    name: str
    kind: str  # person or place
    sources: set[str] = field(default_factory=set)
    count: int = 0
    #: times found after an honorific
    after_honorific: int = 0
    #: occurrences written in lower case (a name that is also a common word)
    lower_case: int = 0
    example: str = ""
    first_seen: tuple[int, int] = (1 << 30, 0)  # (document number, offset)


@dataclass(frozen=True)
class DocumentText:
    name: str
    text: str
    attributes: Mapping[str, str]
    speakers: Sequence[str]


def detect(documents: Sequence[DocumentText], places: Iterable[str] = ()) -> list[Candidate]:
    """Every candidate, in order of first appearance, with counts and an example."""
    words = lexicon()
    found: dict[str, Candidate] = {}

    def note(name: str, kind: str, source: str) -> None:
        name = " ".join(name.split())
        entry = found.setdefault(name.lower(), Candidate(name, kind))
        entry.sources.add(source)
        if kind == "place":  # an attribute or the list knows better than an honorific
            entry.kind = kind

    for doc in documents:
        for name in after_honorifics(doc.text, words):
            note(name, "person", "honorific")
            found[" ".join(name.split()).lower()].after_honorific += 1
        for label in set(doc.speakers):
            if (person := label_name(label, words)) is not None:
                note(person, "person", "speaker label")
        for key, value in doc.attributes.items():
            kind = attribute_kind(key, words)
            if kind and (named := value_name(str(value), words)):
                note(named, kind, f"attribute {key}")
    for place in places:
        if place.strip():
            note(place, "place", "places list")
    for number, doc in enumerate(documents):
        for entry in found.values():
            _count(entry, doc.text, number)
    kept = [c for c in found.values() if c.sources != {"honorific"} or _name_like(c)]
    return sorted(kept, key=lambda c: (c.first_seen, c.name.lower()))


def _name_like(candidate: Candidate) -> bool:
    """A word found only after honorifics is a name unless the transcripts use it in
    lower case more often (a sentence start after a vocative: ``Bu. Bisa``)."""
    return candidate.lower_case <= candidate.after_honorific


def after_honorifics(text: str, words: Lexicon) -> Iterable[str]:
    """The capitalised words after each honorific (titles between are skipped)."""
    tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    for i, (word, start, end) in enumerate(tokens):
        if word.lower() not in words.honorifics or "-" in (
            text[start - 1 : start],
            text[end : end + 1],
        ):
            continue  # not an honorific, or a plural ("ibu-ibu", "bapak-bapak")
        dot = word.lower() in words.abbreviations
        j, last_end = i + 1, end
        while j < len(tokens) and _joined(text, last_end, tokens[j][1], dot):
            if tokens[j][0].lower() not in words.titles:
                break
            last_end = tokens[j][2]
            dot = tokens[j][0].lower() in words.abbreviations  # "Pak H. Harjo"
            j += 1
        name: list[str] = []
        while (
            j < len(tokens)
            and len(name) < MAX_NAME_WORDS
            and _joined(text, last_end, tokens[j][1], allow_dot=dot and not name)
            and _could_be_name(tokens[j][0], words)
        ):
            name.append(_POSSESSIVE.sub("", tokens[j][0]))
            last_end = tokens[j][2]
            j += 1
        if name:
            yield " ".join(name)


def _joined(text: str, end: int, start: int, allow_dot: bool) -> bool:
    """Only spaces (and, after an abbreviation, a dot) between two words."""
    gap = text[end:start]
    if allow_dot and gap.startswith("."):
        gap = gap[1:]
    return 0 < len(gap) <= 3 and gap.strip(" \t") == ""


def _could_be_name(word: str, words: Lexicon) -> bool:
    lower = word.lower()
    return (
        word[0].isupper()
        and not word.isupper()  # an acronym (KUBE, UMKM)
        and len(word) > 1
        and lower not in words.not_names
        and lower not in words.titles
        and lower not in words.honorifics
    )


def label_name(label: str, words: Lexicon) -> str | None:
    """The name in a speaker label, or None for a role (``Pewawancara``, ``P``,
    ``Informan 2``)."""
    label = re.sub(r"\(.*?\)|\[.*?\]", " ", label).strip(" :-")
    if not label or any(ch.isdigit() for ch in label):
        return None
    after = list(after_honorifics(label, words))
    if after:
        return after[0]
    parts = _WORD.findall(label)
    if not parts or len(parts) > MAX_NAME_WORDS:
        return None
    if any(p.lower() in words.roles or not _could_be_name(p, words) for p in parts):
        return None
    return " ".join(parts)


def attribute_kind(key: str, words: Lexicon) -> str | None:
    key = key.strip().lower()
    if key in words.person_attributes:
        return "person"
    if key in words.place_attributes:
        return "place"
    return None


def value_name(value: str, words: Lexicon) -> str | None:
    """An attribute value without its honorific or title (``Bu Sri`` gives ``Sri``)."""
    after = list(after_honorifics(value, words))
    if after:
        return after[0]
    parts = [p for p in _WORD.findall(value) if p.lower() not in words.titles]
    if not parts or len(parts) > MAX_NAME_WORDS or any(ch.isdigit() for ch in value):
        return None
    return " ".join(parts)


def _count(entry: Candidate, text: str, number: int) -> None:
    suffixes = "|".join(map(re.escape, lexicon().suffixes))
    name = r"\s+".join(map(re.escape, entry.name.split()))
    pattern = rf"(?<![^\W\d_])({name})(?:{suffixes})?(?![^\W\d_])"
    for match in re.finditer(pattern, text, re.IGNORECASE):
        entry.count += 1
        entry.lower_case += match.group(1).islower()
        if (number, match.start()) < entry.first_seen:
            entry.first_seen = (number, match.start())
            start = max(0, match.start() - EXAMPLE_CHARS)
            entry.example = " ".join(text[start : match.end() + EXAMPLE_CHARS].split())
