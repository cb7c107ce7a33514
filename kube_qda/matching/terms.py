"""Every term of a compiled codebook, indexed so that a segment's term hits cost
work only where its tokens can start a term."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from kube_qda.matching.compile import CompiledRules, Term
from kube_qda.matching.tokens import TokenView

Span = tuple[int, int]


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
        self.pairs: dict[int, dict[int, list[tuple[int, tuple[int, ...]]]]] = defaultdict(dict)
        for t, term in enumerate(self.terms):
            for alt in term.alternatives:
                if len(alt) == 1:
                    self.singles[alt[0]].append(t)
                else:
                    self.pairs[alt[0]].setdefault(alt[1], []).append((t, alt))

    def find(self, infos: TokenView, positions: list[int]) -> dict[int, list[Span]]:
        """Term id -> token spans where the term occurs; ``positions`` are the tokens
        whose type can start a term."""
        found: dict[int, list[Span]] = defaultdict(list)
        if not positions:
            return found
        ids, types = infos.ids, infos.types
        n = len(ids)
        singles, pairs = self.singles, self.pairs
        for i in positions:
            for pred in types[ids[i]].first_preds:
                for t in singles.get(pred, ()):
                    found[t].append((i, i + 1))
                by_second = pairs.get(pred)
                if by_second is None or i + 1 >= n:
                    continue
                for second in types[ids[i + 1]].preds:
                    for t, alt in by_second.get(second, ()):
                        k = len(alt)
                        if k == 2 or (
                            i + k <= n
                            and all(alt[j] in types[ids[i + j]].preds for j in range(2, k))
                        ):
                            found[t].append((i, i + k))
        return found
