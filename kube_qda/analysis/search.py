"""Keyword in context (``kube-qda search``): a query in the codebook's term syntax,
matched over analysed tokens the way the pre-tagger matches its rules.

A token is ``(start, end, lower, norm, stem)``: its characters in the segment text
and the forms the pre-tagger reads (text/stem.py), so ``jual`` finds ``dodolan``,
``jualan``, ``dijual`` and ``menjualnya`` but not ``pendapatan``. Queries:

- ``jual`` (a word: any form with its stem), ``=harga`` (that form), ``tak*``
  (a beginning), ``"susah laku"`` or ``susah laku`` (consecutive words);
- ``harga+murah~5``: every part within 5 tokens of the first, in any order (``~N``
  optional, default ``NEAR``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Token = tuple[int, int, str, str, str]  # start, end, lower, norm, stem
Predicate = tuple[str, str]  # (kind, value): stem / exact / prefix
#: A term: alternative sequences of predicates (a hyphenated and a spaced form ...).
Alternatives = tuple[tuple[Predicate, ...], ...]
#: Default reach of a ``+`` query, in tokens.
NEAR = 5


@dataclass(frozen=True)
class Query:
    text: str
    parts: tuple[Alternatives, ...]  # one term, or the terms of a ``+`` query
    within: int = NEAR


def parse_query(text: str, compile_term: Callable[[str], Alternatives]) -> Query:
    """A query from its text; ValueError says what is wrong with it."""
    body, within = text.strip(), NEAR
    if "~" in body:
        body, _, reach = body.rpartition("~")
        if not reach.strip().isdigit() or "+" not in body:
            raise ValueError(f"query '{text}': write ~N after a + query, e.g. harga+murah~5")
        within = int(reach)
    pieces = [p.strip().strip('"').strip() for p in body.split("+")]
    if not all(pieces) or not any(c.isalnum() for c in body):
        raise ValueError(f"query '{text}': give words, e.g. jual, \"susah laku\" or harga+murah")
    return Query(text, tuple(compile_term(piece) for piece in pieces), within)


def satisfies(token: Token, predicate: Predicate) -> bool:
    """Whether a token has the predicate (as the pre-tagger's word types do)."""
    kind, value = predicate
    _, _, lower, norm, stem = token
    if kind == "stem":
        return stem == value
    if kind == "exact":
        return value in (lower, norm)
    return lower.startswith(value) or norm.startswith(value) or stem.startswith(value)


def occurrences(tokens: Sequence[Token], term: Alternatives) -> list[tuple[int, int]]:
    """(first token, end token) of every place a term occurs (at each place, the first
    of the term's alternatives that fits)."""
    found: dict[int, int] = {}
    for sequence in term:
        first_predicate, rest = sequence[0], sequence[1:]
        for first in _starts(tokens, first_predicate):
            end = first + len(sequence)
            if end <= len(tokens) and all(
                satisfies(tokens[first + 1 + i], p) for i, p in enumerate(rest)
            ):
                found.setdefault(first, end)
    return sorted(found.items())


def _starts(tokens: Sequence[Token], predicate: Predicate) -> list[int]:
    """The tokens that have ``predicate`` (stems compared directly: the common case)."""
    kind, value = predicate
    if kind == "stem":
        return [i for i, token in enumerate(tokens) if token[4] == value]
    return [i for i, token in enumerate(tokens) if satisfies(token, predicate)]


def find(tokens: Sequence[Token], query: Query) -> list[tuple[int, int]]:
    """Character spans (in the segment text) of the query's matches."""
    places = [occurrences(tokens, part) for part in query.parts]
    if not all(places):
        return []
    spans = []
    for first, end in places[0]:
        picked = [(first, end)]
        for others in places[1:]:
            near = [o for o in others if abs(o[0] - first) <= query.within]
            if not near:
                break
            picked.append(min(near, key=lambda o: abs(o[0] - first)))
        else:
            start, stop = min(p[0] for p in picked), max(p[1] for p in picked)
            spans.append((tokens[start][0], tokens[stop - 1][1]))
    return spans
