"""The names file ``kube-qda names detect`` writes: candidates with a first pseudonym,
merged with what the researcher already wrote (their pseudonyms always win)."""

from __future__ import annotations

from collections.abc import Container, Sequence
from string import ascii_uppercase

from kube_qda.names.detect import Candidate
from kube_qda.names.mapping import NameEntry

SHEET_COLUMNS = ("name", "pseudonym", "kind", "case", "count", "source", "example")
#: The first pseudonyms: "A", "B", ... for people, "Tempat A", ... for places.
PLACE_PREFIX = {"place": "Tempat ", "person": "", "other": "Lain "}


def letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA ... (I and O are skipped: they read as digits)."""
    alphabet = [c for c in ascii_uppercase if c not in "IO"]
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, len(alphabet))
        out = alphabet[rest] + out
    return out


def sheet_rows(
    candidates: Sequence[Candidate],
    existing: Sequence[NameEntry] = (),
    common: Container[str] = frozenset(),
) -> list[dict[str, object]]:
    """One row per name: the researcher's rows first (as they are), then the new
    candidates with a pseudonym not yet used. A new name that is also a ``common``
    word (lower case) and is written in lower case in the transcripts (``untung``
    beside ``Pak Untung``) is replaced only where capitalised."""
    known = {e.name.lower(): e for e in existing}
    found = {c.name.lower(): c for c in candidates}
    used = {e.pseudonym.lower() for e in existing}
    rows: list[dict[str, object]] = []
    for entry in existing:
        seen = found.get(entry.name.lower())
        rows.append(_row(entry, seen))
    counters = {kind: 0 for kind in PLACE_PREFIX}
    for candidate in candidates:
        if candidate.name.lower() in known:
            continue
        while True:
            pseudonym = PLACE_PREFIX[candidate.kind] + letters(counters[candidate.kind])
            counters[candidate.kind] += 1
            if pseudonym.lower() not in used and pseudonym.lower() not in found:
                break
        used.add(pseudonym.lower())
        word = candidate.lower_case and candidate.name.lower() in common
        case = "capitalised" if word else "any"
        rows.append(_row(NameEntry(candidate.name, pseudonym, candidate.kind, case), candidate))
    return rows


def _row(entry: NameEntry, seen: Candidate | None) -> dict[str, object]:
    return {
        "name": entry.name,
        "pseudonym": entry.pseudonym,
        "kind": entry.kind,
        "case": entry.case,
        "count": seen.count if seen else 0,
        "source": ", ".join(sorted(seen.sources)) if seen else "",
        "example": seen.example if seen else "",
    }
