"""Property tests: offsets always round-trip and no non-label text is lost."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kube_qda.transcripts.model import Transcript
from kube_qda.transcripts.segment import segments
from kube_qda.transcripts.turns import build_turns

LABELS = ["P", "I", "Peneliti", "Informan 2", "Bu Darmi", "**Moderator**"]
WORDS = st.text(
    alphabet=string.ascii_letters + "éü’“”.,!?()-:0123456789 ", min_size=1, max_size=30
).filter(lambda w: w.strip() != "")
LINE = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
TURN = st.tuples(st.sampled_from(LABELS), st.lists(LINE, min_size=1, max_size=3), st.booleans())


def render(turns: list[tuple[str, list[str], bool]]) -> str:
    out = []
    for label, lines, blank in turns:
        out.append(f"{label}: {lines[0]}")
        out.extend("dan " + line for line in lines[1:])  # continuation: never a label
        if blank:
            out.append("")
    return "\n".join(out) + "\n"


def words(text: str) -> list[str]:
    return text.split()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TURN, min_size=1, max_size=8))
def test_offsets_round_trip_and_text_is_kept(turns: list[tuple[str, list[str], bool]]) -> None:
    text = render(turns)
    split = build_turns(text)
    parsed = split.turns
    transcript = Transcript("doc", "doc.txt", text, parsed, preamble=split.preamble)
    segs = segments(transcript)
    kept: list[str] = words(transcript.preamble_text)  # header lines are kept as preamble
    for seg in segs:
        assert text[seg.start : seg.end] == seg.text
        assert seg.text == seg.text.strip()
        kept.extend(words(seg.text))
    expected: list[str] = []
    for _, lines, _ in turns:
        expected.extend(words(lines[0]))
        for line in lines[1:]:
            expected.extend(words("dan " + line))
    # every word of every turn, in order; a leading line that only names someone
    # ("Peneliti: Lina") is header text and keeps its label words as well
    label_words = {w for label in LABELS for w in f"{label}:".split()}
    extra = list(kept)
    for word in expected:
        extra.remove(word)
    assert set(extra) <= label_words
    remaining = iter(kept)
    assert all(word in remaining for word in expected)
    assert len(segs) <= len(turns)
    for a, b in zip(segs, segs[1:], strict=False):
        assert a.end <= b.start


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_with_sound_offsets(text: str) -> None:
    parsed, preamble = build_turns(text).turns, build_turns(text).preamble
    if preamble is not None:
        assert 0 <= preamble[0] < preamble[1] <= min([t.start for t in parsed] or [len(text)])
    for turn in parsed:
        assert 0 <= turn.start < turn.end <= len(text)
        assert text[turn.start : turn.end].strip() == text[turn.start : turn.end]
