"""Pseudonyms: the researcher's names file, and replacing every mapped name in text.

A names file is a CSV with the columns ``name``, ``pseudonym``, ``kind`` (person,
place or other) and ``case`` (``any``, or ``capitalised`` for a name that is also a
common word, such as ``Untung`` or ``Bagus``: replaced only where it is written with a
capital, or inside a file name such as ``w07_untung``). ``kube-qda names detect``
writes one with three more columns (``count``, ``source``, ``example``) that are
only there to help the researcher and are ignored when it is read back.

A ``Pseudonymiser`` replaces whole words, in any case, multi-word names as a whole
(the longest name first), also when a clitic is attached (``Sri-nya``, ``Srine``,
``Joko's``). Letters decide where a word ends: digits and underscores do not join a
name to its neighbours, so ``w01_pendamping_sri`` becomes ``w01_pendamping_A``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from kube_qda.errors import KubeQdaError
from kube_qda.names.lexicon import lexicon

KINDS = ("person", "place", "other")
CASES = ("any", "capitalised")
COLUMNS = ("name", "pseudonym", "kind", "case")
#: Not a letter before or after a name (``[^\W\d_]`` is one letter in any script).
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


class NamesFileError(KubeQdaError):
    """A names file that cannot be used (the message names the file and line)."""


@dataclass(frozen=True)
class NameEntry:
    name: str
    pseudonym: str
    kind: str = "person"
    case: str = "any"


#: One replacement in a text: (start, end) in the original, (start, end) in the result.
Edit = tuple[int, int, int, int]


class Pseudonymiser:
    """Replaces the mapped names in any text (call it), keeping the rest unchanged."""

    def __init__(self, entries: Sequence[NameEntry]) -> None:
        self.entries = list(entries)
        self._by_name = {_key(e.name): e.pseudonym for e in entries}
        ordered = sorted(entries, key=lambda e: len(e.name), reverse=True)
        suffixes = "|".join(re.escape(s) for s in lexicon().suffixes)
        alternatives = "|".join(_alternative(e) for e in ordered)
        self._pattern = re.compile(
            rf"{_NOT_LETTER_BEFORE}({alternatives})(?=(?i:{suffixes})?{_NOT_LETTER_AFTER})"
        ) if entries else None  # fmt: skip

    def __bool__(self) -> bool:
        return self._pattern is not None

    def __call__(self, text: str) -> str:
        return self.with_edits(text)[0]

    def with_edits(self, text: str) -> tuple[str, list[Edit]]:
        """The text with every name replaced, and where each replacement happened."""
        if self._pattern is None or not text:
            return text, []
        parts: list[str] = []
        edits: list[Edit] = []
        last = shift = 0
        for match in self._pattern.finditer(text):
            start, end = match.span(1)
            new = _same_case(match.group(1), self._by_name[_key(match.group(1))])
            parts += [text[last:start], new]
            edits.append((start, end, start + shift, start + shift + len(new)))
            shift += len(new) - (end - start)
            last = end
        parts.append(text[last:])
        return "".join(parts), edits


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def _alternative(entry: NameEntry) -> str:
    """The entry's pattern: any case; or (``capitalised``) with a capital first letter,
    or in any case where an underscore or digit joins it to the rest of a file name."""
    words = r"\s+".join(map(re.escape, entry.name.split()))
    if entry.case != "capitalised":
        return f"(?i:{words})"
    first, rest = entry.name[0], r"\s+".join(map(re.escape, entry.name[1:].split(" ")))
    return rf"{re.escape(first.upper())}(?i:{rest})|(?<=[\d_])(?i:{words})|(?i:{words})(?=[\d_])"


def moved(position: int, edits: Sequence[Edit]) -> int:
    """Where ``position`` of the original text is in the pseudonymised one (a position
    inside a replaced name goes to the end of its pseudonym)."""
    i = bisect_right([e[0] for e in edits], position) - 1
    if i < 0:
        return position
    start, end, new_start, new_end = edits[i]
    if position == start:
        return new_start
    if position < end:
        return new_end
    return position + new_end - end


def _same_case(original: str, pseudonym: str) -> str:
    """The pseudonym in the original's case when that was all upper or all lower."""
    if original.isupper() and len(original) > 1:
        return pseudonym.upper()
    if original.islower():
        return pseudonym.lower()
    return pseudonym


def read_names(path: Path) -> list[NameEntry]:
    """The entries of a names file, checked: every name once, a pseudonym for each,
    no pseudonym that is itself one of the names."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise NamesFileError(f"{path}: cannot read the names file ({err})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS[:2] if c not in (reader.fieldnames or [])]
    if missing:
        raise NamesFileError(f"{path}:1: the names file needs the columns name and pseudonym")
    entries: list[NameEntry] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        entry = _entry(path, line, row)
        if entry is None:
            continue
        key = entry.name.lower()
        if key in seen:
            raise NamesFileError(f"{path}:{line}: '{entry.name}' is already on line {seen[key]}")
        seen[key] = line
        entries.append(entry)
    if not entries:
        raise NamesFileError(f"{path}: no names in the file")
    _check_pseudonyms(path, entries, seen)
    return entries


def _entry(path: Path, line: int, row: dict[str, str | None]) -> NameEntry | None:
    name = " ".join((row.get("name") or "").split())
    pseudonym = " ".join((row.get("pseudonym") or "").split())
    kind = (row.get("kind") or "person").strip().lower() or "person"
    case = (row.get("case") or "any").strip().lower() or "any"
    if not name:
        if pseudonym:
            raise NamesFileError(f"{path}:{line}: a pseudonym without a name")
        return None
    if not pseudonym:
        raise NamesFileError(f"{path}:{line}: '{name}' has no pseudonym")
    if kind not in KINDS:
        raise NamesFileError(f"{path}:{line}: kind '{kind}' is not one of {', '.join(KINDS)}")
    if case not in CASES:
        raise NamesFileError(f"{path}:{line}: case '{case}' is not one of {', '.join(CASES)}")
    return NameEntry(name, pseudonym, kind, case)


def _check_pseudonyms(path: Path, entries: list[NameEntry], lines: dict[str, int]) -> None:
    """A pseudonym must not bring back a name of the file."""
    check = Pseudonymiser(entries)
    for entry in entries:
        if check(entry.pseudonym) != entry.pseudonym:
            line = lines[entry.name.lower()]
            raise NamesFileError(
                f"{path}:{line}: the pseudonym '{entry.pseudonym}' contains a name of the file"
            )


def write_names(path: Path, rows: Iterable[dict[str, object]], columns: Sequence[str]) -> None:
    """Write a names file (UTF-8 with a byte-order mark, so spreadsheets read it)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


T = TypeVar("T")


def scrub(value: T, names: Pseudonymiser) -> T:
    """``value`` with every string in it pseudonymised: a string, or the strings in
    lists, tuples, sets, dicts (keys too), named tuples and dataclasses, at any depth.
    Numbers and other values come back as they are."""
    out: Any = value
    if isinstance(value, str):
        out = names(value)
    elif isinstance(value, tuple) and hasattr(value, "_fields"):
        out = value._make(scrub(item, names) for item in value)  # type: ignore[attr-defined]
    elif isinstance(value, list | tuple | set | frozenset):
        out = type(value)(scrub(item, names) for item in value)
    elif isinstance(value, Mapping):
        out = {scrub(k, names): scrub(v, names) for k, v in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: scrub(getattr(value, f.name), names)
            for f in dataclasses.fields(value)
            if f.init
        }
        out = dataclasses.replace(value, **changes)
    return cast(T, out)
