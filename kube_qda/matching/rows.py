"""Keyword and proximity hits of a whole batch as flat arrays, and the suggestions
of every (segment, code) pair whose hits are all of these, built without a Python
object per hit.

Most suggestions rest on keyword, answer-term and proximity hits alone; one array
pass tells their negation and builds their evidence and score exactly as
``Matcher._segment`` would from ``Hit`` objects (tests/test_matching_rows.py
compares the two). Pairs that also have a pattern or regex hit, or an ``unless``
term, take the per-hit path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from kube_qda.matching.arrays import BoolArray, IntArray, pair_keys
from kube_qda.matching.compile import WEIGHTS, CodeRules
from kube_qda.matching.hits import Hit, NearHit
from kube_qda.matching.suggestion import Made
from kube_qda.matching.terms import Occurrences, TermIndex
from kube_qda.matching.tokens import Batch

#: A code's negation behaviour as a number, for arrays.
NEGATION = {"ignore": 0, "flag": 1, "suppress": 2}


class HitRows(NamedTuple):
    """One row per hit: a term occurrence used by a code's rule, or a proximity hit
    (its span from its first word to its last); numpy arrays."""

    text: IntArray  # the hit's text in the batch
    code: IntArray  # code index
    rule: IntArray  # index into TermIndex.rule_names
    kind: IntArray  # index into TermIndex.kinds
    start: IntArray  # token span in the batch
    end: IntArray
    char_start: IntArray  # character span in its text
    char_end: IntArray
    negated: BoolArray
    source: IntArray  # a proximity hit: its index in the list it came from; else -1

    def take(self, keep: NDArray[Any]) -> HitRows:
        return HitRows(*(column[keep] for column in self))

    def extend(self, other: HitRows) -> HitRows:
        return HitRows(*(np.concatenate(pair) for pair in zip(self, other, strict=True)))

    def hits(self, index: TermIndex, near: Sequence[NearHit]) -> list[tuple[int, int, Hit]]:
        """The rows as (text, code, Hit), for the per-hit path; a proximity hit keeps
        its pieces (``near``: the proximity hits its rows were made from), so an
        ``unless`` term is looked for near its words, not across the whole span."""
        names, kinds = index.rule_names, index.kinds
        columns = (column.tolist() for column in self)
        out = []
        for k, ci, r, kind, s, e, cs, ce, neg, src in zip(*columns, strict=True):
            pieces = near[src][2] if src >= 0 else ((s, e),)
            out.append((k, ci, Hit(names[r], kinds[kind], pieces, (cs, ce), neg)))
        return out


def keyword_rows(
    index: TermIndex,
    found: Occurrences,
    batch: Batch,
    asked: BoolArray,
    eligible: BoolArray,
) -> HitRows:
    """Every keyword hit of the batch. ``asked``: per question rule (row) and text
    (column), whether the text follows a question that asks it (answer terms count
    only there); ``eligible``: per text and code, whether the code may be suggested
    for the text's speaker."""
    occurrence, use = found.uses(index.use_ptr)
    start, end = found.start[occurrence], found.end[occurrence]
    text = np.asarray(batch.segment_of)[start]
    code = index.use_code[use]
    keep = eligible[text, code]
    question = index.use_question[use]
    asking = question >= 0
    if asking.any():
        keep[asking] &= asked[question[asking], text[asking]]
    start, end, text, code, use = start[keep], end[keep], text[keep], code[keep], use[keep]
    char_start, char_end = _chars(batch)
    before, after = np.asarray(batch.negation.before), np.asarray(batch.negation.after)
    return HitRows(
        text,
        code,
        index.use_rule[use],
        index.use_kind[use],
        start,
        end,
        char_start[start],
        char_end[end - 1],
        before[start] | after[end],
        np.full(len(start), -1, dtype="int64"),
    )


def near_rows(index: TermIndex, found: list[NearHit], batch: Batch) -> HitRows:
    """Rows of proximity hits."""
    negated = batch.negation.negated
    rule_of = [index.rule_index[rule.rule_id] for rule in index.near_rules]
    near = index.kinds.index("near")
    columns = [
        (ci, rule_of[number], near, pieces[0][0], pieces[-1][1], negated(pieces))
        for ci, number, pieces in found
    ]
    table = np.array(columns, dtype="int64").reshape(-1, 6)
    code, rule, kind, start, end, neg = table.T
    text = np.asarray(batch.segment_of)[start]
    char_start, char_end = _chars(batch)
    return HitRows(
        text,
        code,
        rule,
        kind,
        start,
        end,
        char_start[start],
        char_end[end - 1],
        neg.astype(bool),
        np.arange(len(start), dtype="int64"),
    )


def row_suggestions(
    rows: HitRows,
    index: TermIndex,
    codes: Sequence[CodeRules],
    texts: Sequence[str],
    bases: Sequence[int],
) -> Made:
    """Text -> (code index, suggestion) of every (text, code) pair in ``rows``;
    ``texts`` and ``bases``: each text of the batch and its offset in its document."""
    if not len(rows.text):
        return {}
    rows, key = _distinct_hits(rows, pair_keys(rows.text, rows.code, len(codes)))
    mode = np.array([NEGATION[code.negation] for code in codes], dtype=np.int64)[rows.code]
    chosen = _counted(rows, key, mode)
    rows, key, mode = rows.take(chosen), key[chosen], mode[chosen]
    if not len(key):
        return {}
    return _suggestions(rows, key, mode, index, codes, texts, bases)


def _distinct_hits(rows: HitRows, key: IntArray) -> tuple[HitRows, IntArray]:
    """The rows sorted by (text, code) pair, character span and rule, one per rule and
    span (a rule's two terms may match the same words)."""
    order = np.lexsort((rows.char_end, rows.rule, rows.char_start, key))
    rows, key = rows.take(order), key[order]
    same = (
        (np.diff(key) == 0)
        & (np.diff(rows.char_start) == 0)
        & (np.diff(rows.rule) == 0)
        & (np.diff(rows.char_end) == 0)
    )
    if same.any():
        keep = np.concatenate([[True], ~same])
        rows, key = rows.take(keep), key[keep]
    return rows, key


def _counted(rows: HitRows, key: IntArray, mode: IntArray) -> BoolArray:
    """Per row, whether it counts for its pair's suggestion: the plain hits when the
    pair has any; else all of them, flagged (``flag``) or none (``suppress``); every
    hit when the code ignores negation (``mode``: each row's code's NEGATION)."""
    plain = ~rows.negated
    new_pair = np.diff(key, prepend=-1) != 0
    first = np.flatnonzero(new_pair)
    group = np.cumsum(new_pair) - 1
    any_plain = np.logical_or.reduceat(plain, first)[group]
    chosen = (mode == NEGATION["ignore"]) | (plain & any_plain)
    chosen |= ~any_plain & (mode == NEGATION["flag"])
    return np.asarray(chosen, dtype=bool)


def _suggestions(
    rows: HitRows,
    key: IntArray,
    mode: IntArray,
    index: TermIndex,
    codes: Sequence[CodeRules],
    texts: Sequence[str],
    bases: Sequence[int],
) -> Made:
    """One suggestion per (text, code) pair of the counted rows: the score as a product
    per pair, the evidence as one list, each pair's slice of it."""
    first = np.flatnonzero(np.diff(key, prepend=-1))
    factor = (1.0 - np.array([WEIGHTS[kind] for kind in index.kinds]))[rows.kind]
    remaining = np.multiply.reduceat(factor, first).tolist()
    negated = ((mode[first] != NEGATION["ignore"]) & rows.negated[first]).tolist()
    base = np.asarray(bases, dtype=np.int64)[rows.text]
    names = index.rule_names
    rule_names = [names[r] for r in rows.rule.tolist()]
    char_start, char_end = rows.char_start.tolist(), rows.char_end.tolist()
    matches = [
        texts[k][cs:ce] for k, cs, ce in zip(rows.text.tolist(), char_start, char_end, strict=True)
    ]
    starts, ends = (base + rows.char_start).tolist(), (base + rows.char_end).tolist()
    evidence = list(zip(rule_names, matches, starts, ends, strict=True))
    out: Made = {}
    bounds = first.tolist() + [len(key)]
    groups = zip(
        rows.text[first].tolist(), rows.code[first].tolist(), remaining, negated, strict=True
    )
    for g, (k, ci, rest, neg) in enumerate(groups):
        suggestion = (
            codes[ci].code,
            round(1.0 - rest, 2),
            neg,
            tuple(evidence[bounds[g] : bounds[g + 1]]),
        )
        out.setdefault(k, []).append((ci, suggestion))
    return out


def _chars(batch: Batch) -> tuple[IntArray, IntArray]:
    """Where each token of the batch starts and ends in its text (numpy int64)."""
    start = np.asarray(batch.idx).astype("int64")
    return start, start + np.asarray(batch.length).astype("int64")
