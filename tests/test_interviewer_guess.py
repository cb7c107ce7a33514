"""Interviewers guessed from questions when no label names them, checked on the bundled
samples with their role labels read as names."""

from __future__ import annotations

import pytest

from kube_qda.transcripts import read_transcript
from kube_qda.transcripts.interviewers import Asking, asking, guess, warning
from kube_qda.transcripts.readers import FORMATS
from tests.conftest import ROOT


def test_counts_questions_per_speaker_in_order_of_first_turn() -> None:
    got = asking([("Kiki", "Gimana?"), ("Dina", "Baik."), ("Kiki", "Terus?"), ("Dina", "Ya?")])
    assert got == [Asking("Kiki", 2, 2), Asking("Dina", 2, 1)]


@pytest.mark.parametrize(
    ("speakers", "expected"),
    [
        ([Asking("Kiki", 5, 5), Asking("Galuh", 4, 3), Asking("Dina", 9, 1)], ["Kiki", "Galuh"]),
        ([Asking("Kiki", 5, 5), Asking("Dina", 9, 0)], ["Kiki"]),
        ([Asking("Kiki", 1, 1), Asking("Dina", 9, 0)], []),  # one turn says nothing
        ([Asking("Kiki", 6, 3), Asking("Dina", 6, 2)], []),  # both ask: not clear
        ([Asking("Kiki", 6, 6), Asking("Dina", 6, 6)], []),  # nobody answers
        ([Asking("Kiki", 6, 1), Asking("Dina", 6, 0)], []),  # nobody asks much
    ],
)
def test_guess_only_when_the_questions_tell(speakers: list[Asking], expected: list[str]) -> None:
    assert guess(speakers) == expected


def test_warning_names_everyone_and_how_to_say() -> None:
    speakers = [Asking("Kiki", 3, 3), Asking("Nadinda", 6, 1)]
    assert warning(speakers, ["Kiki"]) == (
        "no speaker label says who interviews; guessed from their questions: "
        "Kiki (3 of 3 turns ask) interview, Nadinda (1 of 6 turns ask) answer. If that is "
        "wrong, name the interviewers with --interviewer NAME (repeatable) or an "
        "'interviewer' column in the attributes CSV"
    )
    assert warning(speakers, []).startswith("2 speakers (Kiki, Nadinda) and none is recognised")


def test_guess_finds_the_labelled_interviewers_of_every_sample() -> None:
    """Read each sample, forget what its labels say, and guess from the questions."""
    files = [
        p
        for p in sorted((ROOT / "transcripts_sample").iterdir())
        if p.suffix in FORMATS and p.stem != "README"
    ]
    checked = 0
    for path in files:
        transcript = read_transcript(path)
        turns = [(t.speaker, transcript.text[t.start : t.end]) for t in transcript.turns]
        speakers = asking((s, text) for s, text in turns if s)
        if len(speakers) < 2:
            continue
        assert set(guess(speakers)) == set(transcript.interviewers), path.name
        checked += 1
    assert checked >= 140
