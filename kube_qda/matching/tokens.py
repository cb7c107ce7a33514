"""Tokens and word types: spaCy's blank Indonesian tokenizer plus a per-type cache.

Each word type (spaCy ORTH) is analysed once: normalised form, PySastrawi stem,
which compiled predicates it satisfies, whether it negates, is a filler, or stops
a negation. The stem is also set on the spaCy lexeme as its NORM, so token
patterns can say ``{NORM: laku}`` to mean "any form whose stem is laku".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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
    first_preds: tuple[int, ...]  # the predicates that can start a term
    negator: bool
    filler: bool
    stop: bool
    sentence_end: bool


class TokenView(Sequence[TypeInfo]):
    """The TypeInfo of each token of one text, without a Python object per token."""

    __slots__ = ("_ids", "_types", "sentence_ends")

    def __init__(self, ids: list[int], types: list[TypeInfo], sentence_ends: list[int]) -> None:
        self._ids = ids
        self._types = types
        #: positions of tokens that end a sentence (. ! ?)
        self.sentence_ends = sentence_ends

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, index: int) -> TypeInfo:  # type: ignore[override]
        return self._types[self._ids[index]]


class TokenAnalyzer:
    """Tokenises texts and maps every token to its cached TypeInfo."""

    def __init__(self, profile: LanguageProfile, rules: CompiledRules, stemmer: WordStemmer):
        import spacy

        self.nlp = spacy.blank("id")
        self.profile = profile
        self.rules = rules
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
        self, texts: Iterable[str], batch_size: int = 512
    ) -> Iterator[tuple[Any, TokenView, list[int]]]:
        """For each text: the spaCy Doc, its tokens' TypeInfos, and the positions of
        tokens that satisfy at least one predicate (the only ones matching visits).

        Texts are tokenised in batches; each batch's word types are looked up once
        (``numpy.unique``), so the per-token work stays in C.
        """
        tokenizer: Any = self.nlp.tokenizer
        batch: list[Any] = []
        for doc in tokenizer.pipe(texts, batch_size=batch_size):
            batch.append(doc)
            if len(batch) == batch_size:
                yield from self._views(batch)
                batch = []
        if batch:
            yield from self._views(batch)

    def _views(self, docs: list[Any]) -> Iterator[tuple[Any, TokenView, list[int]]]:
        import numpy as np
        from spacy.attrs import ORTH

        arrays = [doc.to_array(ORTH) for doc in docs]
        unique, inverse = np.unique(np.concatenate(arrays), return_inverse=True)
        known = self.types
        types = [known.get(h) or self._new_type(h) for h in unique.tolist()]
        has_preds = np.fromiter((bool(t.first_preds) for t in types), bool, count=len(types))
        is_end = np.fromiter((t.sentence_end for t in types), dtype=bool, count=len(types))
        mask, ends = has_preds[inverse], is_end[inverse]
        pos = 0
        for doc, array in zip(docs, arrays, strict=True):
            end = pos + len(array)
            sentence_ends = np.flatnonzero(ends[pos:end]).tolist()
            view = TokenView(inverse[pos:end].tolist(), types, sentence_ends)
            yield doc, view, np.flatnonzero(mask[pos:end]).tolist()
            pos = end

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
        unique = tuple(sorted(set(preds)))
        info = TypeInfo(
            norm=norm,
            stem=stem,
            preds=unique,
            first_preds=tuple(p for p in unique if p in self.rules.starting),
            negator=norm in profile.negation_words,
            filler=norm in profile.negation_skip,
            stop=norm in profile.negation_stop,
            sentence_end=bool(norm) and all(c in SENTENCE_END for c in norm),
        )
        vocab[orth].norm_ = stem
        self.types[orth] = info
        return info
