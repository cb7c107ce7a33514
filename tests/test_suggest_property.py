"""Property tests: suggesting codes for any text raises nothing but the tool's own
errors, and every piece of evidence points at the characters it names."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kube_qda.errors import KubeQdaError
from kube_qda.matching import Matcher
from kube_qda.transcripts.readers import transcript_from_text

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Pieces real transcripts are made of: words the codebook knows (so evidence is
#: found), affixed loanwords, emphasis and escapes, transcriber notes, labels,
#: emoji, invisible and control characters.
PIECES = st.sampled_from(
    [
        "jualan",
        "susah",
        "nggak laku",
        "ora payu",
        "tidak",
        "modal",
        "pinjam",
        "pelatihan",
        "pendamping",
        "musyawarah",
        "penghasilan",
        "nambah",
        "di*-handle*",
        "*nge-share*",
        "di-*follow up*",
        "nge-push",
        "*maps*-nya",
        "\\*\\*",
        "**",
        "_",
        "__init__",
        "*",
        "[tertawa]",
        "(tidak jelas)",
        "[inaudible]",
        "P:",
        "I:",
        "**Kiki (K):**",
        "\\***\\*Nadinda (D)\\*\\***:",
        "> ",
        "1.",
        "- ",
        "|",
        "---",
        "+++",
        "https://contoh.id/a_b?c=(1)",
        "@budi_s",
        "a@b.id",
        "🙏",
        "😂👍🏽",
        "\u200b",
        "\u00a0",
        "\u200f",
        "\ufeff",
        "\n",
        "\n\n",
        "\t",
        "\r",
        "\x00",
        "\x0c",
        "?",
        ".",
        "…",
        "-",
        "(",
        ")",
        "[",
        "$",
        "^",
        "\\",
    ]
)
TEXT = st.lists(
    st.one_of(PIECES, st.text(max_size=8), st.characters(max_codepoint=0x1F).map(str)),
    max_size=40,
).map(" ".join)


@lru_cache(maxsize=2)
def matcher(with_model: bool) -> Matcher:
    return Matcher() if with_model else Matcher(model=None)


def _check(text: str, with_model: bool) -> int:
    """Suggest for ``text`` as a transcript; the number of evidence items checked."""
    try:
        transcript = transcript_from_text(text, "t.txt")
    except KubeQdaError:
        return 0  # no transcript text: a named error, not a crash
    checked = 0
    for result in matcher(with_model).suggest_transcript(transcript):
        segment = result.segment
        assert transcript.text[segment.start : segment.end] == segment.text
        for suggestion in result.suggestions:
            for evidence in suggestion.evidence:
                start, end = evidence.start, evidence.end
                assert transcript.text[start:end] == evidence.match, evidence
                checked += 1
    return checked


def test_the_check_sees_evidence_in_affixed_and_emphasised_text() -> None:
    text = "P: Gimana?\nI: Ya itu di*-handle* sama *nge-share* aja, jualan susah.\n"
    assert _check(text, with_model=False) >= 1
    assert _check(text, with_model=True) >= 1


@PROPERTY
@given(TEXT)
@example("I: **jualan** di*-handle*\x00 nggak_laku \\*\\*ora payu\\*\\*")
def test_suggest_rules_alone_on_any_text(text: str) -> None:
    _check(text, with_model=False)


@PROPERTY
@given(TEXT)
def test_suggest_with_the_learned_model_on_any_text(text: str) -> None:
    _check(text, with_model=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_suggest_text_on_arbitrary_unicode(text: str) -> None:
    for suggestion in matcher(True).suggest_text(text):
        for evidence in suggestion.evidence:
            assert text[evidence.start : evidence.end] == evidence.match
