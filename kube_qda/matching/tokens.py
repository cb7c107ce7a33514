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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kube_qda.matching.arrays import BoolArray, IntArray, view
from kube_qda.matching.compile import CompiledRules
from kube_qda.matching.negation import EXISTENTIAL, NegationTable
from kube_qda.text.profile import LanguageProfile
from kube_qda.text.stem import WordStemmer
from kube_qda.text.tokenizer import SpecialCases, indonesian_tokenizer, indonesian_vocab

SENTENCE_END = frozenset(".!?…")

#: Bits of ``TypeInfo.flags``: a batch reads every flag of its word types in one pass.
CAN_START, ENDS_SENTENCE, NEGATOR, STOP, FILLER, EXISTS, SECOND = (1 << i for i in range(7))


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
    second: bool = False  # can be the second word of a multi-word term
    feature: int = -1  # its stem's index in the learned model's vocabulary (learned.py)
    flags: int = field(init=False, repr=False, compare=False)  # the booleans as bits

    def __post_init__(self) -> None:
        bits = (
            (CAN_START if self.first_preds else 0)
            | (ENDS_SENTENCE if self.sentence_end else 0)
            | (NEGATOR if self.negator else 0)
            | (STOP if self.stop else 0)
            | (FILLER if self.filler else 0)
            | (EXISTS if self.norm in EXISTENTIAL else 0)
            | (SECOND if self.second else 0)
        )
        object.__setattr__(self, "flags", bits)


class TokenView(Sequence[TypeInfo]):
    """The TypeInfo of each token, without a Python object per token."""

    __slots__ = ("flags", "ids", "types")

    def __init__(self, ids: Sequence[int], types: list[TypeInfo], flags: NDArray[np.uint8]) -> None:
        self.ids = ids  # per token: index into ``types``
        self.types = types
        self.flags = flags  # per type: ``TypeInfo.flags`` (a numpy array)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> TypeInfo:  # type: ignore[override]
        return self.types[self.ids[index]]


@dataclass
class Batch:
    """Several texts analysed together. Token positions are batch-wide: the tokens
    of text ``k`` are ``bounds[k]`` .. ``bounds[k + 1] - 2``, followed by one boundary
    token that belongs to no text.

    ``text`` is the texts joined by newlines (text ``k`` starts at ``starts[k]``);
    ``docs`` are the spaCy Doc of each text with the batch position of its first
    token (only when asked for: token patterns run on them)."""

    docs: list[tuple[Any, int]]
    infos: TokenView
    bounds: list[int]
    idx: Sequence[int]  # character offset of each token in its own text
    length: Sequence[int]
    positions: IntArray  # the tokens whose type can start a term
    type_of: IntArray  # each token's index into ``infos.types``
    sentence_ends: Sequence[int]
    sentence_of: IntArray  # each token's sentence number (index into sentence_ends)
    segment_of: Sequence[int]  # per token: its text (the boundary after a text counts as its)
    text: str
    starts: list[int]
    negation: NegationTable
    features: NDArray[np.int32] | None = None  # each token's TypeInfo.feature (learned model)

    def chars(self, first: int, last: int) -> tuple[int, int]:
        """Character span, in its text, of batch tokens ``first`` .. ``last - 1``."""
        return self.idx[first], self.idx[last - 1] + self.length[last - 1]


def usable(stem: str) -> bool:
    """Whether a stem is a feature of the learned model: letters only, at least three."""
    return len(stem) >= 3 and stem.isalpha()


@lru_cache(maxsize=8)
def shared_tokenizer(profile_key: str, lexical_attributes: bool) -> tuple[Any, SpecialCases]:
    """spaCy's Indonesian tokenizer (text/tokenizer.py) on its own vocabulary, one per
    process and language profile, shared by matchers. The key keeps lexeme NORMs (set
    to stems) consistent: codebooks whose profiles stem differently get their own
    vocabulary. Token patterns need the vocabulary's lexical attributes."""
    vocab = indonesian_vocab(lexical_attributes=lexical_attributes)
    tokenizer, special_cases = indonesian_tokenizer(vocab)
    tokenizer.max_cache_size = TOKEN_CACHE
    return tokenizer, special_cases


#: How many texts are joined into one Doc for tokenising (fewer, longer Docs:
#: 128 tokenised a 1M-token corpus about 0.2 s faster than 16).
JOIN = 128
#: How many whitespace-delimited chunks spaCy's tokenizer may cache (its default is
#: 10,000: a corpus of a hundred interviews has more) and how many chunks an
#: analyzer tokenises alone to fill that cache (see TokenAnalyzer._warm).
TOKEN_CACHE = 200_000
#: What joins them: whitespace, so spaCy splits there, but not "\n" or "\t", which are
#: spaCy special cases (after a special case spaCy stops caching for the rest of a Doc).
SEPARATOR = "\x0c"


def _groups(texts: Sequence[str], size: int) -> list[tuple[int, int]]:
    """Runs of up to ``size`` consecutive texts, as (first, last + 1); a text that
    begins or ends with whitespace, or is empty, runs alone."""
    groups: list[tuple[int, int]] = []
    first = 0
    for k, text in enumerate(texts):
        alone = not text or text[0].isspace() or text[-1].isspace()
        if alone and first < k:
            groups.append((first, k))
            first = k
        if alone or k + 1 - first == size:
            groups.append((first, k + 1))
            first = k + 1
    if first < len(texts):
        groups.append((first, len(texts)))
    return groups


def _profile_key(profile: LanguageProfile) -> str:
    return repr((sorted(profile.normalize.items()), sorted(profile.no_stem)))


class TokenAnalyzer:
    """Tokenises texts and maps every token to its cached TypeInfo."""

    def __init__(self, profile: LanguageProfile, rules: CompiledRules, stemmer: WordStemmer):
        self.tokenizer, self.special_cases = shared_tokenizer(
            _profile_key(profile), any(code.patterns for code in rules.codes)
        )
        self.vocab = self.tokenizer.vocab
        self.profile = profile
        self.rules = rules
        self.stemmer = stemmer
        self.types: dict[int, TypeInfo] = {}
        #: the learned model's stems (set before the first batch), for TypeInfo.feature
        self.features: dict[str, int] = {}
        #: the whitespace-delimited chunks tokenised alone so far (TokenAnalyzer._warm)
        self._chunks: set[str] = set()
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

    def use_features(self, vocabulary: dict[str, int]) -> None:
        """Give every word type its stem's index in ``vocabulary`` (TypeInfo.feature)."""
        self.features = vocabulary
        self.types.clear()  # types made before now lack it

    def batch(self, texts: list[str], *, keep_docs: bool = False) -> Batch:
        """Tokenise ``texts`` and look each word type of the batch up once.

        Every text is followed by a boundary token, which stops negation scopes and
        proximity rules. Texts are tokenised in groups joined by a separator (a form
        feed), which becomes the boundary token: spaCy splits at every whitespace,
        so a text gets the same tokens as alone, and fewer Docs cost less. A text
        that begins or ends with whitespace (the separator would merge into it) is
        tokenised alone. Chunks never seen before are first tokenised one by one
        (``_warm``), so that spaCy's cache knows them.
        """
        starts = [0]  # of each text in the joined batch text (one separator between)
        for text in texts:
            starts.append(starts[-1] + len(text) + 1)
        chunks = set(SEPARATOR.join(texts).split())
        if self.special_cases.add_for_chunks(chunks):  # spaCy emptied its token cache
            self._chunks.clear()
        self._warm(chunks)
        table, bounds, docs = self._tokenise(texts, starts, JOIN, keep_docs)
        unique, inverse = np.unique(table[:, 0], return_inverse=True)
        inverse = inverse.ravel()
        known = self.types
        types = [known.get(h) or self._new_type(h) for h in unique.tolist()]
        flags = np.fromiter((t.flags for t in types), np.uint8, count=len(types))
        can_start = (flags & CAN_START).astype(bool)
        ends = (flags & ENDS_SENTENCE).astype(bool)
        token_flags = flags[inverse]

        def flag(bit: int) -> BoolArray:
            return (token_flags & bit).astype(bool)

        negation = NegationTable(
            flag(NEGATOR), flag(STOP), flag(FILLER), flag(EXISTS), self.profile.negation_window
        )
        sentence_ends = np.flatnonzero(ends[inverse])
        features = None
        if self.features:
            features = np.fromiter((t.feature for t in types), np.int32, count=len(types))[inverse]
        return Batch(
            docs=docs,
            infos=TokenView(view(inverse), types, flags),
            bounds=bounds,
            idx=view(table[:, 1]),
            length=view(table[:, 2]),
            positions=np.flatnonzero(can_start[inverse]),
            type_of=inverse,
            sentence_ends=view(sentence_ends),
            sentence_of=np.searchsorted(sentence_ends, np.arange(len(inverse))),
            segment_of=view(np.repeat(np.arange(len(texts)), np.diff(bounds))),
            text="\n".join(texts),
            starts=starts,
            negation=negation,
            features=features,
        )

    def _warm(self, chunks: set[str]) -> None:
        """Tokenise every whitespace-delimited chunk of a batch not seen before on
        its own, which puts it in spaCy's token cache.

        spaCy tokenises a Doc chunk by chunk, looking each chunk up in its cache
        first. But once a chunk of a Doc is a special case (Indonesian has 16,000:
        "abu-abu", "dll.", a line break), it caches no later chunk of that Doc, so
        in long Docs most new chunks would be split by its affix rules again every
        time they recur. Alone, a chunk is cached unless it is a special case
        itself (which spaCy looks up first anyway). The tokens are the same: the
        cache only saves spaCy the work. Up to ``TOKEN_CACHE`` chunks."""
        if len(self._chunks) >= TOKEN_CACHE:
            return
        new = chunks - self._chunks
        if not new:
            return
        tokenizer = self.tokenizer
        for chunk in sorted(new):  # sorted: the same vocabulary order every run
            tokenizer(chunk)
        self._chunks |= new

    def _tokenise(
        self, texts: list[str], starts: list[int], join: int, keep_docs: bool
    ) -> tuple[NDArray[np.uint64], list[int], list[tuple[Any, int]]]:
        """(ORTH, IDX, LENGTH) rows of every token and of the boundary after each
        text (ORTH 0), IDX relative to each text; the first row of each text (and
        the row count); the Docs, if kept, with their first row."""
        from spacy.attrs import IDX, LENGTH, ORTH

        tokenizer = self.tokenizer
        groups = _groups(texts, join)
        joined = (SEPARATOR.join(texts[first:last]) for first, last in groups)
        docs: list[tuple[Any, int]] = []
        parts, sizes = [], []
        offset = 0
        for (first, last), doc in zip(groups, tokenizer.pipe(joined, batch_size=64), strict=True):
            if keep_docs:  # holding on to every Doc costs time; only patterns need them
                docs.append((doc, offset))
            rows = doc.to_array([ORTH, IDX, LENGTH]).reshape(-1, 3)
            # the row after the Doc stands for the separator after its last text
            end = np.array([[0, starts[last] - 1 - starts[first], 0]], dtype="uint64")
            parts += [rows, end]
            sizes.append(len(rows) + 1)
            offset += len(rows) + 1
        table = np.concatenate(parts)
        # IDX into the joined batch text: then every text's end is a row
        group_starts = np.array([starts[first] for first, _ in groups], dtype="uint64")
        table[:, 1] += np.repeat(group_starts, sizes)
        ends = np.array(starts[1:], dtype="uint64") - 1
        at = np.searchsorted(table[:, 1], ends)
        if not (
            np.all(at < len(table))
            and np.array_equal(table[at, 1], ends)
            and np.all(table[at, 2] <= 1)
        ):  # a separator did not become a token of its own (not expected): one text per Doc
            assert join > 1
            return self._tokenise(texts, starts, 1, keep_docs)
        table[at, 0] = 0
        bounds = [0, *(at + 1).tolist()]
        table[:, 1] -= np.repeat(np.array(starts[:-1], dtype="uint64"), np.diff(bounds))
        return table, bounds, docs

    def _new_type(self, orth: int) -> TypeInfo:
        if orth == 0:  # the boundary between two texts of a batch
            return self._boundary()
        vocab = self.vocab
        text = vocab.strings[orth]
        lower = text.lower()
        norm, stem = self.stemmer(lower)
        unique = self._predicates(lower, norm, stem)
        profile = self.profile
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
            second=not self.rules.seconds.isdisjoint(unique),
            feature=self.features.get(stem, -1) if usable(stem) else -1,
        )
        vocab[orth].norm_ = stem
        self.types[orth] = info
        return info

    def _predicates(self, lower: str, norm: str, stem: str) -> tuple[int, ...]:
        """The compiled predicates a word (lower case, normalised, stemmed) satisfies."""
        preds = list(self._stems.get(stem, ()))
        preds += self._exact.get(lower, ())
        if norm != lower:
            preds += self._exact.get(norm, ())
        for prefix, pid in self._prefixes:
            if lower.startswith(prefix) or norm.startswith(prefix) or stem.startswith(prefix):
                preds.append(pid)
        return tuple(sorted(set(preds)))

    def word_predicates(self, word: str) -> tuple[int, ...]:
        """The compiled predicates one word satisfies (any case), without spaCy."""
        lower = word.lower()
        return self._predicates(lower, *self.stemmer(lower))

    def _boundary(self) -> TypeInfo:
        info = TypeInfo("", "", (), (), False, False, stop=True, sentence_end=True)
        self.types[0] = info
        return info
