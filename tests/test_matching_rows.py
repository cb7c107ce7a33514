"""The array path for keyword and proximity hits (matching/rows.py) against the
per-hit path (``Hit`` objects, ``Matcher._segment``): the same suggestions, with
every negation behaviour and speaker restriction, on the sample interviews."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kube_qda.codebook.loader import load_codebook
from kube_qda.codebook.model import Codebook
from kube_qda.matching import Matcher
from kube_qda.matching.arrays import BoolArray, IntArray
from kube_qda.matching.suggestion import SegmentSuggestions
from kube_qda.transcripts import read_transcript, segments
from tests.conftest import ROOT

SAMPLES = sorted((ROOT / "transcripts_sample").glob("w[0-9]*"))[::6]  # every format, 11 files


def _variant(negation: str, speakers: str) -> Codebook:
    """The bundled codebook with every code's negation and speakers set."""
    data = load_codebook().model_dump()
    for category in data["categories"]:
        for code in category["codes"]:
            code["match"]["negation"] = negation
            code["match"]["speakers"] = speakers
    return Codebook.model_validate(data)


class HitByHitMatcher(Matcher):
    """Every (text, code) pair decided from ``Hit`` objects, none from rows."""

    rows_sent_hit_by_hit = 0

    def _decided_hit_by_hit(
        self,
        keys: IntArray,
        slow_keys: IntArray,
        unless: dict[int, dict[int, list[tuple[int, int]]]],
        n_codes: int,
    ) -> BoolArray:
        self.rows_sent_hit_by_hit += len(keys)
        return np.ones(len(keys), dtype=bool)


def _run(matcher: Matcher) -> list[SegmentSuggestions]:
    out: list[SegmentSuggestions] = []
    for path in SAMPLES:
        segs = segments(read_transcript(Path(path)))
        out.extend(matcher.suggest(segs, batch_chars=5_000))
    return out


@pytest.mark.parametrize(
    ("negation", "speakers"),
    [("flag", "informant"), ("suppress", "any"), ("ignore", "interviewer")],
)
def test_rows_give_the_per_hit_suggestions(negation: str, speakers: str) -> None:
    codebook = _variant(negation, speakers)
    hit_by_hit = HitByHitMatcher(codebook)
    fast, reference = _run(Matcher(codebook)), _run(hit_by_hit)
    assert hit_by_hit.rows_sent_hit_by_hit > 100  # the per-hit path really ran
    assert fast == reference
    made = [s for r in fast for s in r.suggestions]
    kinds = {e.rule.split(":")[0] for s in made for e in s.evidence}
    assert {"keyword", "near"} <= kinds  # the hit kinds the rows carry were compared
    assert ("question" in kinds) == (speakers != "interviewer")  # answers: informant turns
    assert any(s.score != made[0].score for s in made)
    if negation == "flag":
        assert any(s.negated for s in made) and any(not s.negated for s in made)
    else:
        assert not any(s.negated for s in made)
    speaking = {r.segment.interviewer for r in fast if r.suggestions}
    assert speaking == {"informant": {False}, "any": {False, True}, "interviewer": {True}}[speakers]
