"""Structural coding: which topics the interviewer's last question asked about.

A code's ``question`` rules (docs/codebook.md, "question[]") make answer terms
count only in a segment that follows an interviewer turn naming the topic. The
question is read word by word with the same normaliser, stemmer and predicates
as everything else, but without spaCy: questions are short, and an informant
segment needs only the set of rules its question satisfies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from kube_qda.matching.compile import CompiledRules, QuestionRule
from kube_qda.matching.tokens import TokenAnalyzer
from kube_qda.transcripts.model import Segment

#: A word of a question: letters and digits, inner hyphens and apostrophes kept.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
#: No topic asked.
NOTHING: frozenset[tuple[int, str]] = frozenset()
#: How many distinct question texts are remembered (interviews repeat their questions).
CACHE_SIZE = 4096


def with_questions(segments: Iterable[Segment]) -> Iterator[tuple[Segment, str | None]]:
    """Each segment with the text of the interviewer's last segment before it in the
    same document (None when there is none, and for interviewer segments)."""
    document: str | None = None
    question: str | None = None
    for seg in segments:
        if seg.document != document:
            document, question = seg.document, None
        if seg.interviewer:
            question = seg.text
            yield seg, None
        else:
            yield seg, question


class AskedTopics:
    """Maps a question text to the (code index, rule id) of every question rule it asks."""

    def __init__(self, rules: CompiledRules, analyzer: TokenAnalyzer) -> None:
        self.rules: list[tuple[int, QuestionRule]] = [
            (ci, rule) for ci, code in enumerate(rules.codes) for rule in code.question
        ]
        self._analyzer = analyzer
        self._words: dict[str, frozenset[int]] = {}
        self._cache: dict[str, frozenset[tuple[int, str]]] = {}
        #: first predicate of an asked term -> (rule key, the term's predicate sequence)
        self._starts: dict[int, list[tuple[tuple[int, str], tuple[int, ...]]]] = {}
        for ci, rule in self.rules:
            for term in rule.asked:
                for alt in term.alternatives:
                    self._starts.setdefault(alt[0], []).append(((ci, rule.rule_id), alt))

    def __bool__(self) -> bool:
        return bool(self.rules)

    def __call__(self, question: str) -> frozenset[tuple[int, str]]:
        found = self._cache.get(question)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            found = self._cache[question] = self._asked(question)
        return found

    def _asked(self, question: str) -> frozenset[tuple[int, str]]:
        words = [self._predicates(w) for w in WORD.findall(question)]
        found: set[tuple[int, str]] = set()
        for i, preds in enumerate(words):
            for pred in preds:
                for key, alt in self._starts.get(pred, ()):
                    if key not in found and _occurs_at(alt, words, i):
                        found.add(key)
        return frozenset(found)

    def _predicates(self, word: str) -> frozenset[int]:
        preds = self._words.get(word)
        if preds is None:
            preds = self._words[word] = frozenset(self._analyzer.word_predicates(word))
        return preds


def _occurs_at(sequence: Sequence[int], words: Sequence[frozenset[int]], i: int) -> bool:
    """Whether the words from ``i`` on satisfy the predicates of ``sequence`` in order."""
    return i + len(sequence) <= len(words) and all(
        pred in words[i + j] for j, pred in enumerate(sequence)
    )
