"""In-project learning (matching/adapt.py, pretag.py): the learned model adjusted to a
project's own decisions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from kube_qda.codebook.loader import default_codebook_path
from kube_qda.matching import Matcher
from kube_qda.matching.adapt import adapt, fit_offset
from kube_qda.matching.learned import bundled_model, model_from_json
from kube_qda.matching.training import Example
from kube_qda.pretag import pretag, project_matcher
from kube_qda.project import Project
from tests.conftest import Write

PEMASARAN = "kendala.pemasaran"
KUBE = default_codebook_path().read_text("utf-8")

#: Informant turns that all say selling is hard, in slightly different words.
TRANSCRIPT = """\
P: Bagaimana jualannya?
I: Keripiknya susah laku, pasarnya sepi terus.
P: Kalau tempe?
I: Tempe juga susah laku, pembeli jarang datang.
P: Lalu?
I: Rengginang susah laku, pembelinya sedikit.
P: Dan sekarang?
I: Emping susah laku di pasar, sepi sekali.
"""


def probability(matcher: Matcher, text: str, code: str) -> float:
    """The learned model's probability of ``code`` for ``text`` (no question before it)."""
    scorer = matcher.learned
    assert scorer is not None
    chances = scorer.probabilities(matcher.analyzer.batch([text]), [None])
    return float(chances[0, scorer.model_codes.index(code)])


@pytest.fixture
def project(write: Write, tmp_path: Path) -> Project:
    created = Project.create(tmp_path / "p.sqlite", KUBE, "kube_wonogiri.yaml")
    created.add([write("jualan.txt", TRANSCRIPT)])
    return created


def decide_all(project: Project, code: str, status: str, indices: list[int]) -> None:
    for index in indices:
        segment_id = project.segment_id("jualan", index)
        assert segment_id is not None
        project.decide(segment_id, "rina", {code: status})


def test_rejected_suggestions_lower_the_code_on_a_similar_segment(project: Project) -> None:
    before = Matcher(project.codebook)
    decide_all(project, PEMASARAN, "rejected", [1, 3, 5])
    after, how = project_matcher(project, before)
    similar = "Kerupuknya susah laku, pasarnya sepi."
    assert probability(after, similar, PEMASARAN) < probability(before, similar, PEMASARAN)
    assert "3 reviewed informant segments in 1 document (jualan)" in how


def test_accepted_codes_raise_it(project: Project) -> None:
    before = Matcher(project.codebook)
    decide_all(project, PEMASARAN, "accepted", [1, 3, 5])
    after, _ = project_matcher(project, before)
    similar = "Kerupuknya susah laku, pasarnya sepi."
    assert probability(after, similar, PEMASARAN) > probability(before, similar, PEMASARAN)


def test_pretag_learns_only_with_decisions_and_never_with_rules_alone(project: Project) -> None:
    pretag(project)
    assert "adjusted" not in project.status()["pretag"]
    decide_all(project, PEMASARAN, "rejected", [1])
    pretag(project)
    assert "adjusted to this project's 1 reviewed informant segments" in project.status()["pretag"]
    pretag(project, model=None)
    assert "rules alone" in project.status()["pretag"]
    assert "adjusted" not in project.status()["pretag"]


def test_no_decisions_give_the_prior_itself() -> None:
    prior = bundled_model()
    assert adapt(prior, [], ["a"], "kube_wonogiri") is prior
    assert adapt(None, [], ["a"], "other") is None


def test_without_a_prior_a_code_needs_three_confirmed_segments_and_never_vetoes() -> None:
    coded = Example(frozenset({"okulasi", "paham"}), frozenset(), frozenset({"x"}))
    other = Example(frozenset({"kambing", "pakan"}), frozenset(), frozenset())
    rare = Example(frozenset({"okulasi"}), frozenset(), frozenset({"y"}))
    data = [coded, other, other] * 4 + [rare] * 2
    model = adapt(None, data, ["x", "y"], "study")
    assert model is not None
    assert model.codes == ["x"] and model.veto == 0.0
    assert model.words["x"]["okulasi"] > 0 > model.words["x"]["kambing"]
    assert 0.1 <= model.thresholds["x"] <= 0.9  # its own, chosen by cross-validation
    assert model_from_json(model.as_json(), "round trip") == model


def test_a_code_whose_held_out_f1_stays_low_is_left_out() -> None:
    """Positives that share no word with each other cannot be told apart from the
    negatives: out of fold the code is never found, so it gets no weights."""
    data = [
        Example(frozenset({f"kata{i}", "sama"}), frozenset(), frozenset({"x"})) for i in range(6)
    ]
    data += [Example(frozenset({f"lain{i}", "sama"}), frozenset(), frozenset()) for i in range(6)]
    assert adapt(None, data, ["x"], "study") is None


def test_fit_matches_scikit_learn_on_the_same_objective() -> None:
    """Starting from zero, the fit is an L2 logistic regression whose bias is
    penalised like any weight: scikit-learn's, with a column of ones for the bias."""
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    dense = (rng.random((60, 8)) < 0.3).astype(float)
    y = (dense[:, 0] + dense[:, 1] + rng.random(60) > 1.2).astype(float)
    w, b = fit_offset(csr_matrix(dense), y, np.zeros(8), 0.0, strength=2.0)
    ones = np.hstack([dense, np.ones((60, 1))])
    reference = LogisticRegression(C=2.0, fit_intercept=False, tol=1e-10, max_iter=10_000)
    coef = reference.fit(ones, y).coef_[0]
    assert np.allclose(w, coef[:8], atol=1e-4) and b == pytest.approx(coef[8], abs=1e-4)


def test_fit_starts_from_the_prior_and_pays_for_moving() -> None:
    """With an offset, the optimum balances the data against the distance from the
    prior: the gradient of the whole objective is zero there, and a weaker pull
    (larger strength) moves further."""
    rng = np.random.default_rng(1)
    dense = (rng.random((40, 5)) < 0.4).astype(float)
    y = (rng.random(40) < 0.5).astype(float)
    w0, b0 = rng.normal(size=5), -0.5
    near, _ = fit_offset(csr_matrix(dense), y, w0, b0, strength=0.1)
    far, far_bias = fit_offset(csr_matrix(dense), y, w0, b0, strength=10.0)
    assert np.linalg.norm(near - w0) < np.linalg.norm(far - w0)
    z = dense @ far + far_bias
    residual = 1 / (1 + np.exp(-z)) - y
    gradient = np.append(dense.T @ residual, residual.sum())
    gradient += np.append(far - w0, far_bias - b0) / 10.0
    assert np.abs(gradient).max() < 1e-3
