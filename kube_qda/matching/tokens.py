"""Tokens and word types: spaCy's blank Indonesian tokenizer plus a per-type cache.

Each word type (spaCy ORTH) is analysed once: normalised form, PySastrawi stem,
which compiled predicates it satisfies, whether it negates, is a filler, or stops
a negation. The stem is also set on the spaCy lexeme as its NORM, so token
patterns can say ``{NORM: laku}`` to mean "any form whose stem is laku".

Segments are analysed in batches: each is tokenised on its own, their token
arrays are joined (with a boundary token between them), and the batch's word
types are looked up once with ``numpy.unique``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
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
    stop: bool  # ends a negation's reach (punctuation, contrast words, line breaks)
    sentence_end: bool  # a proximity hit may not cross it


class TokenView(Sequence[TypeInfo]):
    """The TypeInfo of each token, without a Python object per token."""

    __slots__ = ("ids", "types")

    def __init__(self, ids: list[int], types: list[TypeInfo]) -> None:
        self.ids = ids  # per token: index into ``types``
        self.types = types

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> TypeInfo:  # type: ignore[override]
        return self.types[self.ids[index]]


@dataclass
class Batch:
    """Several texts analysed together. Token positions are batch-wide: the tokens
    of text ``k`` are ``bounds[k]`` .. ``bounds[k + 1] - 2``, followed by one boundary
    token that belongs to no text."""

    docs: list[Any]
    infos: TokenView
    bounds: list[int]
    idx: list[int]  # character offset of each token in its own text
    length: list[int]
    positions: list[int]  # tokens whose type can start a term
    sentence_ends: list[int]

    def chars(self, first: int, last: int) -> tuple[int, int]:
        """Character span, in its text, of batch tokens ``first`` .. ``last - 1``."""
        return self.idx[first], self.idx[last - 1] + self.length[last - 1]


@lru_cache(maxsize=4)
def blank_indonesian(profile_key: str) -> Any:
    """``spacy.blank("id")``, built once per process and language profile.

    Building it costs seconds (spaCy adds ~16,000 Indonesian tokenizer exceptions),
    so matchers share it. The key keeps lexeme NORMs (set to stems) consistent:
    codebooks whose profiles stem differently get their own vocabulary.
    """
    import spacy

    return spacy.blank("id")


def _profile_key(profile: LanguageProfile) -> str:
    return repr((sorted(profile.normalize.items()), sorted(profile.no_stem)))


class TokenAnalyzer:
    """Tokenises texts and maps every token to its cached TypeInfo."""

    def __init__(self, profile: LanguageProfile, rules: CompiledRules, stemmer: WordStemmer):
        self.nlp = blank_indonesian(_profile_key(profile))
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

    def batch(self, texts: list[str]) -> Batch:
        """Tokenise ``texts`` and look each word type of the batch up once.

        Texts are tokenised one by one (spaCy's tokenizer cache works best that way);
        their token arrays are joined with a boundary token between texts, which
        stops negation scopes and proximity rules.
        """
        import numpy as np
        from spacy.attrs import IDX, LENGTH, ORTH

        tokenizer: Any = self.nlp.tokenizer
        docs = list(tokenizer.pipe(texts, batch_size=256))
        boundary = np.array([[0, 0, 0]], dtype="uint64")
        parts = []
        for doc in docs:
            parts.append(doc.to_array([ORTH, IDX, LENGTH]).reshape(-1, 3))
            parts.append(boundary)
        table = np.concatenate(parts)
        unique, inverse = np.unique(table[:, 0], return_inverse=True)
        known = self.types
        types = [known.get(h) or self._new_type(h) for h in unique.tolist()]
        first = np.fromiter((bool(t.first_preds) for t in types), bool, count=len(types))
        ends = np.fromiter((t.sentence_end for t in types), bool, count=len(types))
        bounds = np.cumsum([0] + [len(doc) + 1 for doc in docs]).tolist()
        return Batch(
            docs=docs,
            infos=TokenView(inverse.ravel().tolist(), types),
            bounds=bounds,
            idx=table[:, 1].tolist(),
            length=table[:, 2].tolist(),
            positions=np.flatnonzero(first[inverse]).tolist(),
            sentence_ends=np.flatnonzero(ends[inverse]).tolist(),
        )

    def _new_type(self, orth: int) -> TypeInfo:
        if orth == 0:  # the boundary between two texts of a batch
            return self._boundary()
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
        line_break = "\n" in text
        info = TypeInfo(
            norm=norm,
            stem=stem,
            preds=unique,
            first_preds=tuple(p for p in unique if p in self.rules.starting),
            negator=norm in profile.negation_words,
            filler=norm in profile.negation_skip,
            stop=line_break or norm in profile.negation_stop,
            sentence_end=line_break or (bool(norm) and all(c in SENTENCE_END for c in norm)),
        )
        vocab[orth].norm_ = stem
        self.types[orth] = info
        return info

    def _boundary(self) -> TypeInfo:
        info = TypeInfo("", "", (), (), False, False, stop=True, sentence_end=True)
        self.types[0] = info
        return info
