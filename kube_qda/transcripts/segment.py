"""Turns to segments: the unit that gets coded (turn, sentence or paragraph)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Literal

from kube_qda.text.tokenizer import SpecialCases, indonesian_tokenizer, indonesian_vocab
from kube_qda.transcripts.model import Segment, Transcript, Turn

Unit = Literal["turn", "sentence", "paragraph"]
UNITS: tuple[Unit, ...] = ("turn", "sentence", "paragraph")

#: Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = """Rp. Bpk. Bp. Bu. Ibu. Pak. Sdr. Sdri. Yth. dll. dsb. dst. dkk. tsb. yg. dgn.
    No. Jl. Jln. Kec. Kab. Ds. Kel. Prov. Dr. Ir. Drs. Dra. H. Hj. St. Tn. Ny. Nn. Mbak. Mas.
    tgl. thn. bln. kg. ons. ltr. pcs. Rt. Rw. RT. RW. a.n. u.p. s.d. dr. ttg. kl.""".split()
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def segments(transcript: Transcript, unit: Unit = "turn") -> list[Segment]:
    """All segments of a transcript, interviewer segments included, indexed from 0."""
    if unit not in UNITS:
        raise ValueError(f"unknown segmentation unit {unit!r}; use one of {', '.join(UNITS)}")
    spans = [
        (turn, start, end)
        for turn in transcript.turns
        for start, end in _split(transcript.text, turn, unit)
    ]
    return [
        Segment(
            document=transcript.id,
            index=index,
            start=start,
            end=end,
            text=transcript.text[start:end],
            speaker=turn.speaker,
            label=turn.label,
            interviewer=turn.interviewer,
            timestamp=turn.timestamp,
        )
        for index, (turn, start, end) in enumerate(spans)
    ]


def _split(text: str, turn: Turn, unit: Unit) -> Iterator[tuple[int, int]]:
    if unit == "turn":
        yield turn.start, turn.end
    elif unit == "paragraph":
        yield from _pieces(
            text, turn.start, turn.end, _PARAGRAPH_BREAK.finditer(text, turn.start, turn.end)
        )
    else:
        yield from _sentences(text, turn.start, turn.end)


def _pieces(
    text: str, start: int, end: int, breaks: Iterator[re.Match[str]]
) -> Iterator[tuple[int, int]]:
    pos = start
    for m in breaks:
        yield from _trimmed(text, pos, m.start())
        pos = m.end()
    yield from _trimmed(text, pos, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentences of one turn (spaCy sentencizer); never across a paragraph break."""
    nlp, special_cases = sentence_pipeline()
    for p_start, p_end in _pieces(text, start, end, _PARAGRAPH_BREAK.finditer(text, start, end)):
        piece = text[p_start:p_end]
        special_cases.add_for([piece])
        doc = nlp(piece)
        for sent in doc.sents:
            yield from _trimmed(text, p_start + sent.start_char, p_start + sent.end_char)


@lru_cache(maxsize=1)
def sentence_pipeline() -> tuple[Any, SpecialCases]:
    """spaCy's Indonesian tokenizer (text/tokenizer.py) with Indonesian abbreviations
    kept whole, its on-demand special cases, and spaCy's sentencizer: a callable
    from a text to a Doc whose ``sents`` are the sentences."""
    from spacy.pipeline import Sentencizer

    # the sentencizer reads IS_PUNCT, a lexical attribute
    tokenizer, special_cases = indonesian_tokenizer(indonesian_vocab(lexical_attributes=True))
    for abbreviation in ABBREVIATIONS:
        for form in {abbreviation, abbreviation.lower(), abbreviation.capitalize()}:
            special_cases.add_own(form)
    sentencizer = Sentencizer()

    def nlp(text: str) -> Any:
        return sentencizer(tokenizer(text))

    return nlp, special_cases
