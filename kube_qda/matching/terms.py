"""Every term of a compiled codebook, indexed so that a segment's term hits cost
work only where its tokens can start a term."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import numpy as np

from kube_qda.matching.arrays import IntArray
from kube_qda.matching.compile import WEIGHTS, CompiledRules, NearRule, Term
from kube_qda.matching.tokens import SECOND, TokenView

Pairs = dict[int, list[tuple[int, tuple[int, ...]]]]


class KeywordUse(NamedTuple):
    code: int  # index into CompiledRules.codes
    rule: str
    kind: str


class TermIndex:
    """Terms by their first (and second) predicate, and where each term is used."""

    def __init__(self, rules: CompiledRules) -> None:
        ids: dict[str, int] = {}
        self.terms: list[Term] = []
        self.keyword_uses: list[list[KeywordUse]] = []
        self.unless_uses: list[list[int]] = []
        #: every proximity rule (its number: an index here) and the code it belongs to
        self.near_rules: list[NearRule] = []
        near_code: list[int] = []
        #: per term: the (proximity rule number, group) pairs it is in
        near_uses: list[set[tuple[int, int]]] = []

        def tid(term: Term) -> int:
            if term.text not in ids:
                ids[term.text] = len(self.terms)
                self.terms.append(term)
                self.keyword_uses.append([])
                self.unless_uses.append([])
                near_uses.append(set())
            return ids[term.text]

        for ci, code in enumerate(rules.codes):
            for rule_id, term in code.keywords:
                self.keyword_uses[tid(term)].append(KeywordUse(ci, rule_id, term.kind))
            for question in code.question:
                for term in question.answer:
                    use = KeywordUse(ci, question.rule_id, "question")
                    self.keyword_uses[tid(term)].append(use)
            for term in code.unless:
                self.unless_uses[tid(term)].append(ci)
            for rule in code.near:
                number = len(self.near_rules)
                self.near_rules.append(rule)
                near_code.append(ci)
                for gi, group in enumerate(rule.groups):
                    for term in group:
                        near_uses[tid(term)].add((number, gi))
        self._flat_uses({rule.rule_id for rule in self.near_rules})
        self._flat_near(near_code, near_uses)
        self.singles: dict[int, list[int]] = defaultdict(list)
        self.pairs: dict[int, Pairs] = defaultdict(dict)
        for t, term in enumerate(self.terms):
            for alt in term.alternatives:
                if len(alt) == 1:
                    self.singles[alt[0]].append(t)
                else:
                    self.pairs[alt[0]].setdefault(alt[1], []).append((t, alt))

        #: first predicates of a word type -> (its one-word terms, its multi-word
        #: terms by the predicate their second word needs)
        self._starts: dict[tuple[int, ...], tuple[tuple[int, ...], Pairs]] = {}
        #: (first predicates of a word, predicates of the next) -> multi-word terms
        self._follows: dict[
            tuple[tuple[int, ...], tuple[int, ...]], tuple[tuple[int, tuple[int, ...]], ...]
        ] = {}

    def _flat_uses(self, near_ids: set[str]) -> None:
        """The keyword and ``unless`` uses of every term as flat numpy tables (each
        term's uses from ``ptr[t]`` to ``ptr[t + 1]``), for the batch-wide keyword pass."""
        #: rule ids of keyword uses and proximity rules, sorted: a rule's index
        #: orders as its id does
        self.rule_names = sorted(
            {use.rule for uses in self.keyword_uses for use in uses} | near_ids
        )
        self.rule_index = rank = {name: i for i, name in enumerate(self.rule_names)}
        self.kinds = sorted(WEIGHTS)
        kind_index = {kind: i for i, kind in enumerate(self.kinds)}
        #: (code, question rule id) -> its number (a row of Matcher's asked table)
        self.question_rules: dict[tuple[int, str], int] = {}
        rows: list[tuple[int, int, int, int]] = []
        ptr = [0]
        for uses in self.keyword_uses:
            for use in uses:
                question = -1
                if use.kind == "question":
                    key = (use.code, use.rule)
                    question = self.question_rules.setdefault(key, len(self.question_rules))
                rows.append((use.code, rank[use.rule], kind_index[use.kind], question))
            ptr.append(len(rows))
        table = np.array(rows, dtype="int64").reshape(-1, 4)
        self.use_ptr = np.array(ptr, dtype="int64")
        self.use_code, self.use_rule, self.use_kind, self.use_question = table.T.copy()
        self.unless_ptr = np.cumsum([0] + [len(u) for u in self.unless_uses]).astype("int64")
        self.unless_code = np.array([c for u in self.unless_uses for c in u], dtype="int64")

    def _flat_near(self, near_code: list[int], near_uses: list[set[tuple[int, int]]]) -> None:
        """The proximity rules' groups as a flat table (each term's (rule, group)
        pairs from ``near_ptr[t]`` to ``near_ptr[t + 1]``) and per-rule arrays."""
        rows = [pair for uses in near_uses for pair in sorted(uses)]
        table = np.array(rows, dtype="int64").reshape(-1, 2)
        self.near_ptr = np.cumsum([0] + [len(u) for u in near_uses]).astype("int64")
        self.near_rule, self.near_group = table.T.copy()
        rules = self.near_rules
        self.near_code = np.array(near_code, dtype="int64")
        self.near_groups = np.array([len(r.groups) for r in rules], dtype="int64")
        self.near_across = np.array([r.across_sentences for r in rules], dtype=bool)

    def _starting(self, first_preds: tuple[int, ...]) -> tuple[tuple[int, ...], Pairs]:
        entry = self._starts.get(first_preds)
        if entry is None:
            singles: set[int] = set()
            pairs: Pairs = defaultdict(list)
            for pred in first_preds:
                singles.update(self.singles.get(pred, ()))
                for second, uses in self.pairs.get(pred, {}).items():
                    pairs[second].extend(uses)
            entry = self._starts[first_preds] = (tuple(sorted(singles)), dict(pairs))
        return entry

    def _following(
        self, first_preds: tuple[int, ...], second_preds: tuple[int, ...]
    ) -> tuple[tuple[int, tuple[int, ...]], ...]:
        """The multi-word terms (id, alternative) that a word with ``first_preds``
        followed by a word with ``second_preds`` begins; cached per pair."""
        key = (first_preds, second_preds)
        entry = self._follows.get(key)
        if entry is None:
            pairs = self._starting(first_preds)[1]
            entry = tuple(use for second in second_preds for use in pairs.get(second, ()))
            self._follows[key] = entry
        return entry

    def find(self, infos: TokenView, positions: IntArray, type_of: IntArray) -> Occurrences:
        """Every occurrence of every term (term id, token start and end).

        ``positions`` are the tokens whose type can start a term and ``type_of`` the
        type of every token (numpy arrays). Positions are grouped by word type with
        numpy, so the terms a type starts are looked up once per type; multi-word
        terms are looked up once per pair of word types (a word and the next), and
        only terms of three or more words are checked token by token."""
        if len(positions) == 0:
            return Occurrences.none()
        kinds = type_of[positions]
        order = np.argsort(kinds, kind="stable")
        grouped, kinds = positions[order], kinds[order]
        firsts = np.flatnonzero(np.diff(kinds, prepend=-1))
        lasts = np.append(firsts[1:], len(kinds))
        types = infos.types
        terms: list[IntArray] = []  # parallel arrays: term id, start, end of each occurrence
        starts: list[IntArray] = []
        ends: list[IntArray] = []
        run_terms: list[int] = []  # one-word terms: (term, run of grouped positions)
        run_first: list[int] = []
        run_last: list[int] = []
        multi: list[IntArray] = []  # the runs of positions whose type starts a multi-word term
        runs = zip(kinds[firsts].tolist(), firsts.tolist(), lasts.tolist(), strict=True)
        for type_id, a, b in runs:
            singles, pairs = self._starting(types[type_id].first_preds)
            for t in singles:
                run_terms.append(t)
                run_first.append(a)
                run_last.append(b)
            if pairs:
                multi.append(grouped[a:b])
        if run_terms:
            term_ids, where = _expand(run_terms, run_first, run_last, grouped)
            terms.append(term_ids)
            starts.append(where)
            ends.append(where + 1)
        if multi:
            self._multi_word(np.concatenate(multi), infos, type_of, terms, starts, ends)
        if not terms:
            return Occurrences.none()
        term_of, start, end = np.concatenate(terms), np.concatenate(starts), np.concatenate(ends)
        order = lex_order(term_of, start, end)
        term_of, start, end = term_of[order], start[order], end[order]
        # a term may be found twice at one place (two alternatives, two predicates)
        repeated = (np.diff(term_of) == 0) & (np.diff(start) == 0) & (np.diff(end) == 0)
        if repeated.any():
            keep = np.concatenate([[True], ~repeated])
            term_of, start, end = term_of[keep], start[keep], end[keep]
        return Occurrences(term_of, start, end)

    def _multi_word(
        self,
        at: IntArray,
        infos: TokenView,
        type_of: IntArray,
        terms: list[IntArray],
        starts: list[IntArray],
        ends: list[IntArray],
    ) -> None:
        """Multi-word term occurrences starting at token positions ``at``, appended
        to the parallel lists (``find`` drops repeats)."""
        n = len(type_of)
        types, ids = infos.types, infos.ids
        can_follow = (infos.flags & SECOND).astype(bool)
        at = at[at + 1 < n]
        at = at[can_follow[type_of[at + 1]]]  # the next word can be a second word at all
        firsts, seconds = type_of[at], type_of[at + 1]
        pair_keys = firsts.astype("int64") * len(types) + seconds
        order = np.argsort(pair_keys, kind="stable")  # one sort: runs of equal pairs
        at, pair_keys = at[order], pair_keys[order]
        first = np.flatnonzero(np.diff(pair_keys, prepend=-1))
        keys = pair_keys[first]
        bounds = np.append(first, len(pair_keys))
        found: list[tuple[int, int, int]] = []
        pair_terms: list[int] = []  # two-word terms: (term, run of ``at``), expanded below
        pair_first: list[int] = []
        pair_last: list[int] = []
        for key, a, b in zip(keys.tolist(), bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            uses = self._following(
                types[key // len(types)].first_preds, types[key % len(types)].preds
            )
            for t, alt in uses:
                k = len(alt)
                if k == 2:
                    pair_terms.append(t)
                    pair_first.append(a)
                    pair_last.append(b)
                    continue
                for i in at[a:b].tolist():
                    if i + k <= n and all(alt[j] in types[ids[i + j]].preds for j in range(2, k)):
                        found.append((t, i, i + k))
        if pair_terms:
            term_ids, where = _expand(pair_terms, pair_first, pair_last, at)
            terms.append(term_ids)
            starts.append(where)
            ends.append(where + 2)
        if found:
            rows = np.array(found, dtype="int64")
            terms.append(rows[:, 0])
            starts.append(rows[:, 1])
            ends.append(rows[:, 2])


def lex_order(*keys: IntArray) -> IntArray:
    """``numpy.lexsort``'s order by ``keys`` (non-negative int arrays), the first key
    first: through one int64 key when their ranges fit in it (a third of the time),
    else by lexsort."""
    combined = np.zeros(len(keys[0]), dtype="int64")
    capacity = 1
    for key in keys:
        span = int(key.max()) + 1 if len(key) else 1
        capacity *= span
        if capacity >= 2**62:
            return np.lexsort(keys[::-1])
        combined = combined * span + key
    return np.argsort(combined, kind="stable")


def _expand(
    items: list[int], firsts: list[int], lasts: list[int], positions: IntArray
) -> tuple[IntArray, IntArray]:
    """(item ids, positions): each item once per position of its run
    ``positions[first:last]``, all runs at once."""
    lengths = np.array(lasts) - np.array(firsts)
    cum = np.cumsum(lengths)
    at = np.repeat(np.array(firsts) - (cum - lengths), lengths) + np.arange(cum[-1])
    return np.repeat(np.array(items), lengths), positions[at]


class Occurrences(NamedTuple):
    """Every term occurrence of a batch as parallel numpy arrays, sorted by term,
    then start, then end; each occurrence once."""

    term: IntArray
    start: IntArray
    end: IntArray

    @staticmethod
    def none() -> Occurrences:
        empty = np.zeros(0, dtype="int64")
        return Occurrences(empty, empty, empty)

    def uses(self, ptr: IntArray) -> tuple[IntArray, IntArray]:
        """Every (occurrence, use) pair of a flat use table (a term's uses from
        ``ptr[t]`` to ``ptr[t + 1]``), as two index arrays."""
        first = ptr[self.term]
        counts = ptr[self.term + 1] - first
        total = int(counts.sum())
        occurrence = np.repeat(np.arange(len(self.term)), counts)
        offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        return occurrence, np.repeat(first, counts) + offset
