"""The fast Indonesian tokenizer (text/tokenizer.py) gives exactly the tokens of
``spacy.blank("id")``: text and character offsets, on every sample transcript, the
robustness corpus and generated text; sentences as the spaCy pipeline finds them."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kube_qda.text import tokenizer as fast
from kube_qda.transcripts import read_transcript, segments
from kube_qda.transcripts.readers import FORMATS
from kube_qda.transcripts.segment import ABBREVIATIONS, sentence_pipeline
from tests.conftest import ROOT

Tokens = list[tuple[str, int]]


@pytest.fixture(scope="module")
def full() -> Any:
    """spaCy's own Indonesian tokenizer, every special case built in (seconds)."""
    return spacy.blank("id").tokenizer


@lru_cache(maxsize=1)
def corpus_texts() -> tuple[str, ...]:
    """Every segment of every sample and robustness transcript, and each file's whole text."""
    return tuple(_corpus())


def _corpus() -> Iterator[str]:
    for folder in (ROOT / "transcripts_sample", ROOT / "tests" / "robustness"):
        for path in sorted(folder.iterdir()):
            if path.suffix not in FORMATS or path.stem == "README":
                continue
            transcript = read_transcript(path)
            yield transcript.text
            for unit in ("turn", "sentence"):
                yield from (s.text for s in segments(transcript, unit))


def tokens(tokenizer: Any, words: fast.SpecialCases, text: str) -> Tokens:
    words.add_for([text])
    return [(t.text, t.idx) for t in tokenizer(text)]


def spacy_tokens(tokenizer: Any, text: str) -> Tokens:
    return [(t.text, t.idx) for t in tokenizer(text)]


def shipped_matches_installed_spacy() -> bool:
    import json

    listing = json.loads((fast.DATA / fast.SPECIAL_CASES).read_text("utf-8"))
    return bool(listing["spacy"] == spacy.about.__version__)


def test_tokens_identical_on_every_sample(full: Any) -> None:
    tokenizer, words = fast.indonesian_tokenizer(fast.indonesian_vocab(lexical_attributes=False))
    texts = corpus_texts()
    assert len(texts) > 500
    for text in texts:
        assert tokens(tokenizer, words, text) == spacy_tokens(full, text)
    assert len(words.waiting) < 15_950  # some special cases were needed, and added


def test_built_from_language_data_identical(full: Any) -> None:
    """The path taken when the installed spaCy is not the one the shipped data came from."""
    from spacy.vocab import Vocab

    tokenizer, waiting = fast._from_language_data(Vocab())
    words = fast.SpecialCases(tokenizer, waiting)
    assert len(waiting) > 15_000
    for text in corpus_texts()[::5]:
        assert tokens(tokenizer, words, text) == spacy_tokens(full, text)


#: Letters, hyphens, affix punctuation and pieces of special cases, to provoke every
#: path of spaCy's algorithm: prefixes, suffixes, infixes, special cases inside
#: longer chunks ("abu-abu-an"), emoticons with hyphens (":-)"), abbreviations.
PIECES = st.sampled_from(
    ["abu", "-", "Abu", "ABU", "anak", "nya", "an", "add", "on", "s", "(", ")", ".", ",", '"',
     "'", ":", "/", "—", "dll", "Jan", "Dr", "Ing", "8", "%", "Rp", " ", "\n", "x", "D",
     ":-)", "kura", "K", "e", "*", "_", "\\", "é", "🙂", "\t", "  "]
)  # fmt: skip


@pytest.fixture(scope="module")
def ours() -> tuple[Any, fast.SpecialCases]:
    return fast.indonesian_tokenizer(fast.indonesian_vocab(lexical_attributes=False))


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
def test_tokens_identical_on_generated_text(
    full: Any, ours: tuple[Any, fast.SpecialCases], text: str
) -> None:
    tokenizer, words = ours
    assert tokens(tokenizer, words, text) == spacy_tokens(full, text)


def test_sentences_identical() -> None:
    """The sentence unit: the same sentences as spaCy's pipeline with the sentencizer."""
    from spacy.symbols import ORTH

    nlp = spacy.blank("id")
    tokenizer: Any = nlp.tokenizer
    for abbreviation in ABBREVIATIONS:
        for form in {abbreviation, abbreviation.lower(), abbreviation.capitalize()}:
            tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.add_pipe("sentencizer")
    ours, words = sentence_pipeline()
    for text in corpus_texts()[::3]:
        words.add_for([text])
        expected = [(s.start_char, s.end_char) for s in nlp(text).sents]
        assert [(s.start_char, s.end_char) for s in ours(text).sents] == expected


@pytest.mark.skipif(
    not shipped_matches_installed_spacy(), reason="shipped data is for another spaCy version"
)
def test_shipped_data_is_what_make_tokenizer_writes(tmp_path: Path) -> None:
    fast.write_tokenizer_data(tmp_path)
    for name in (fast.SERIALISED, fast.SPECIAL_CASES):
        assert (tmp_path / name).read_bytes() == (fast.DATA / name).read_bytes(), name


def test_lexical_attributes_for_token_patterns() -> None:
    """Token patterns read lexical attributes: with them the vocabulary is Indonesian."""
    vocab = fast.indonesian_vocab(lexical_attributes=True)
    assert vocab["dua"].like_num and vocab["yang"].is_stop and vocab['"'].is_punct
    plain = fast.indonesian_vocab(lexical_attributes=False)
    assert not plain["yang"].is_stop
