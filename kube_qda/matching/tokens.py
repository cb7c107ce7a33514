"""Tokens and word types: spaCy's blank Indonesian tokenizer plus a per-type cache.

Each word type (spaCy ORTH) is analysed once: normalised form, PySastrawi stem,
which compiled predicates it satisfies, whether it negates, is a filler, or stops
a negation. The stem is also set on the spaCy lexeme as its NORM, so token
patterns can say ``{NORM: laku}`` to mean "any form whose stem is laku".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kube_qda.matching.compile import CompiledRules
from kube_qda.text.profile import LanguageProfile
from kube_qda.text.stem import WordStemmer


SENTENCE_END = frozenset(".!?…")


@dataclass(frozen=True)
class TypeInfo:
    """What matching needs to know about one word type."""

    norm: str
    stem: str
    preds: tuple[int, ...]
    negator: bool
    filler: bool
    stop: bool
    sentence_end: bool


class TokenAnalyzer:
    """Tokenises texts and maps every token to its cached TypeInfo."""

    def __init__(self, profile: LanguageProfile, rules: CompiledRules, stemmer: WordStemmer):
        import spacy

        self.nlp = spacy.blank("id")
        self.profile = profile
        self.stemmer = stemmer
        self.types: dict[int, TypeInfo] = {}
        self._stems: dict[str, list[int]] = {}
        self._exact: dict[str, list[int]] = {}
        self._prefixes: list[tuple[str, int]] = []
        for pid, (kind, value) in enumerate(rules.predicates):
            if kind == "stem":
                self._stems.setdefault(value, []).append(pid)
            elif kind == "exact":
                self._exact.setdefault(value, []).append(pid)
            else:
                self._prefixes.append((value, pid))

    def analyse(
        self, texts: Iterable[str], batch_size: int = 256
    ) -> Iterator[tuple[Any, list[TypeInfo]]]:
        """For each text: the spaCy Doc and one TypeInfo per token."""
        from spacy.attrs import ORTH

        types = self.types
        tokenizer: Any = self.nlp.tokenizer
        for doc in tokenizer.pipe(texts, batch_size=batch_size):
            orths = doc.to_array(ORTH).tolist()
            infos = [types.get(h) or self._new_type(h) for h in orths]
            yield doc, infos

    def _new_type(self, orth: int) -> TypeInfo:
        vocab = self.nlp.vocab
        text = vocab.strings[orth]
        lower = text.lower()
        norm, stem = self.stemmer(lower)
        preds = list(self._stems.get(stem, ()))
        preds += self._exact.get(lower, ())
        if norm != lower:
            preds += self._exact.get(norm, ())
        for prefix, pid in self._prefixes:
            if lower.startswith(prefix) or norm.startswith(prefix) or stem.startswith(prefix):
                preds.append(pid)
        profile = self.profile
        info = TypeInfo(
            norm=norm,
            stem=stem,
            preds=tuple(sorted(set(preds))),
            negator=norm in profile.negation_words,
            filler=norm in profile.negation_skip,
            stop=norm in profile.negation_stop,
            sentence_end=bool(norm) and all(c in SENTENCE_END for c in norm),
        )
        vocab[orth].norm_ = stem
        self.types[orth] = info
        return info
