"""Every term of a compiled codebook, indexed so that a segment's term hits cost
work only where its tokens can start a term."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, NamedTuple

from kube_qda.matching.compile import CompiledRules, Term
from kube_qda.matching.tokens import TokenView

Span = tuple[int, int]
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
        #: per term: ((code, near rule index), bit mask of the groups the term is in)
        self.near_bits: list[list[tuple[tuple[int, int], int]]] = []
        near_bits: list[dict[tuple[int, int], int]] = []
        #: (code, near rule index) -> the mask of a complete rule (all groups present)
        self.near_full: dict[tuple[int, int], int] = {}

        def tid(term: Term) -> int:
            if term.text not in ids:
                ids[term.text] = len(self.terms)
                self.terms.append(term)
                self.keyword_uses.append([])
                self.unless_uses.append([])
                near_bits.append({})
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
            for ni, rule in enumerate(code.near):
                self.near_full[(ci, ni)] = (1 << len(rule.groups)) - 1
                for gi, group in enumerate(rule.groups):
                    for term in group:
                        bits = near_bits[tid(term)]
                        bits[(ci, ni)] = bits.get((ci, ni), 0) | (1 << gi)
        self.near_bits = [list(bits.items()) for bits in near_bits]
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

    def find(self, infos: TokenView, positions: Any, type_of: Any) -> dict[int, Found]:
        """Term id -> where the term occurs (token starts and ends, numpy arrays).

        ``positions`` are the tokens whose type can start a term and ``type_of`` the
        type of every token (numpy arrays). Positions are grouped by word type with
        numpy, so the terms a type starts are looked up once per type; only
        multi-word terms are checked token by token."""
        import numpy as np

        if len(positions) == 0:
            return {}
        kinds = type_of[positions]
        order = np.argsort(kinds, kind="stable")
        grouped, kinds = positions[order], kinds[order]
        firsts = np.flatnonzero(np.diff(kinds, prepend=-1))
        lasts = np.append(firsts[1:], len(kinds))
        ids, types = infos.ids, infos.types
        n = len(ids)
        one_word: dict[int, list[Any]] = defaultdict(list)
        multi_word: dict[int, list[Span]] = defaultdict(list)
        runs = zip(kinds[firsts].tolist(), firsts.tolist(), lasts.tolist(), strict=True)
        for type_id, a, b in runs:
            singles, pairs = self._starting(types[type_id].first_preds)
            where = grouped[a:b]
            for t in singles:
                one_word[t].append(where)
            if not pairs:
                continue
            for i in where.tolist():
                if i + 1 >= n:
                    continue
                for second in types[ids[i + 1]].preds:
                    for t, alt in pairs.get(second, ()):
                        k = len(alt)
                        if k == 2 or (
                            i + k <= n
                            and all(alt[j] in types[ids[i + j]].preds for j in range(2, k))
                        ):
                            multi_word[t].append((i, i + k))
        found: dict[int, Found] = {}
        for t in one_word.keys() | multi_word.keys():
            starts = [*one_word.get(t, ())]
            ends = [w + 1 for w in starts]
            if t in multi_word:
                pairs_found = np.array(sorted(set(multi_word[t])), dtype="int64").reshape(-1, 2)
                starts.append(pairs_found[:, 0])
                ends.append(pairs_found[:, 1])
            found[t] = Found(np.concatenate(starts), np.concatenate(ends))
        return found


class Found(NamedTuple):
    """Where one term occurs in a batch: token starts and (exclusive) ends."""

    starts: Any  # numpy int64 arrays
    ends: Any

    def spans(self, keep: Any = None) -> list[Span]:
        """The occurrences as (start, end) pairs; ``keep``: a boolean mask to select."""
        starts, ends = (
            (self.starts, self.ends) if keep is None else (self.starts[keep], self.ends[keep])
        )
        return list(zip(starts.tolist(), ends.tolist(), strict=True))
