"""A project's own model: a prior model adjusted to the study's decisions.

A study that reuses a codebook has few coded interviews and its own informants'
words. Trained on those alone, a model floods the coder; ignoring them wastes the
most informative signal there is (a rejected suggestion). Here each code's model
starts from the prior's weights (the bundled model, for the bundled codebook) and
moves only as far as the project's decisions pull it: logistic regression on the
project's reviewed informant segments, with the prior's logit as a fixed offset and
an L2 penalty on the *change* (``STRENGTH``). With no decisions the model is the
prior; with a few it is the prior nudged; with many it is the project's own.

Without a prior (another codebook), a code gets weights once it has ``MIN_POSITIVE``
confirmed segments, starting from its share of the reviewed segments. Its threshold
is chosen by cross-validation inside the project's data (``FOLDS`` consecutive parts
of the reviewed segments, so mostly whole interviews: trained on the others, scored
on each): the one with the best F1, and the code is left out when even that F1 stays
under ``MIN_F1`` or does not beat suggesting the code everywhere. Such a model only
adds codes (no veto: a model of a few interviews is not sure enough to drop a rule's
suggestion).

Examples are the reviewed informant segments: a code a coder accepted or added is a
positive of that code; every other code is a negative on that segment, which is how
a rejected suggestion and "reviewed, no code" teach (``tests/test_adapt.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from kube_qda.matching.arrays import FloatArray
from kube_qda.matching.learned import LearnedModel
from kube_qda.matching.training import (
    DECIMALS,
    MIN_POSITIVE,
    Example,
    feature_matrix,
    nonzero_weights,
    stem_vocabulary,
)

#: Inverse strength of the pull toward the prior (liblinear's C): larger follows the
#: project's decisions more closely. Chosen with bench/learning_curve.py.
STRENGTH = 1.0
#: Without a prior: the default threshold (each code gets its own, see above), the
#: thresholds tried, the parts of the data, and the F1 a code must reach.
THRESHOLD = 0.5
GRID = tuple(round(0.05 * i, 2) for i in range(2, 19))
FOLDS = 3
MIN_F1 = 0.3


def adapt(
    prior: LearnedModel | None,
    data: Sequence[Example],
    code_ids: Sequence[str],
    codebook: str,
    *,
    strength: float = STRENGTH,
    trained: Mapping[str, Any] | None = None,
) -> LearnedModel | None:
    """The prior adjusted to ``data`` (the project's reviewed segments); the prior
    itself when there is no data; None when there is neither."""
    if not data:
        return prior
    vocabulary = _merged(prior.vocabulary if prior else [], (e.stems for e in data))
    question_vocabulary = _merged(
        prior.question_vocabulary if prior else [], (e.question for e in data)
    )
    matrix = feature_matrix(data, vocabulary, question_vocabulary)
    bias: dict[str, float] = {}
    words: dict[str, dict[str, float]] = {}
    question: dict[str, dict[str, float]] = {}
    split = len(vocabulary)
    thresholds: dict[str, float] = {}
    for code in code_ids:
        y = np.array([code in e.codes for e in data], dtype=float)
        start = _prior_weights(prior, code, vocabulary, question_vocabulary, y)
        if start is None:
            continue
        if prior is None or code not in prior.bias:
            chosen = cross_validated_threshold(matrix, y, start, strength)
            if chosen is None:
                continue
            thresholds[code] = chosen
        w, b = fit_offset(matrix, y, start[0], start[1], strength)
        bias[code] = round(b, DECIMALS)
        words[code] = nonzero_weights(vocabulary, w[:split])
        question[code] = nonzero_weights(question_vocabulary, w[split:])
    if not bias:
        return prior
    info = {"segments": len(data), "coded": sum(bool(e.codes) for e in data), **(trained or {})}
    return LearnedModel(
        codebook,
        prior.threshold if prior else THRESHOLD,
        vocabulary,
        question_vocabulary,
        bias,
        words,
        question,
        info,
        prior.veto if prior else 0.0,
        thresholds,
    )


def _merged(prior: Sequence[str], project: Any) -> list[str]:
    """The prior's stems and the project's (those in at least two of its segments)."""
    return sorted(set(prior) | set(stem_vocabulary(project)))


def _prior_weights(
    prior: LearnedModel | None,
    code: str,
    vocabulary: Sequence[str],
    question_vocabulary: Sequence[str],
    y: FloatArray,
) -> tuple[FloatArray, float] | None:
    """Where ``code``'s weights start: the prior's (zero for stems it does not know)
    and its bias; without a prior, zero weights and the code's share of the segments
    (smoothed); None when the code cannot be learned."""
    if prior is not None and code in prior.bias:
        weights = [prior.words[code].get(s, 0.0) for s in vocabulary]
        weights += [prior.question[code].get(s, 0.0) for s in question_vocabulary]
        return np.array(weights), prior.bias[code]
    positives = float(y.sum())
    if positives < MIN_POSITIVE or positives == len(y):
        return None
    share = (positives + 0.5) / (len(y) + 1.0)
    return np.zeros(len(vocabulary) + len(question_vocabulary)), float(np.log(share / (1 - share)))


def cross_validated_threshold(
    matrix: Any, y: FloatArray, start: tuple[FloatArray, float], strength: float
) -> float | None:
    """The threshold with the best F1 on out-of-fold probabilities (ties: the higher),
    or None when no threshold reaches ``MIN_F1`` and beats suggesting the code for
    every segment (which a model that tells nothing apart would amount to)."""
    n = len(y)
    edges = np.linspace(0, n, FOLDS + 1).astype(int)
    held_out = np.zeros(n)
    for first, last in zip(edges[:-1], edges[1:], strict=True):
        train = np.r_[0:first, last:n]
        w, b = fit_offset(matrix[train], y[train], start[0], start[1], strength)
        held_out[first:last] = 1.0 / (1.0 + np.exp(-(matrix[first:last] @ w + b)))
    share = float(y.mean())
    best, chosen = max(MIN_F1, 2 * share / (1 + share) + 0.05), None
    for threshold in GRID:
        said = held_out >= threshold
        hits = float((said & (y > 0)).sum())
        f1 = 2 * hits / (said.sum() + y.sum()) if said.sum() + y.sum() else 0.0
        if f1 >= best:
            best, chosen = f1, threshold
    return chosen


def fit_offset(
    matrix: Any, y: FloatArray, w0: FloatArray, b0: float, strength: float
) -> tuple[FloatArray, float]:
    """Logistic regression that starts at (``w0``, ``b0``) and pays for moving away:
    minimise the log loss plus ``|change|² / (2 · strength)``, bias included (so a code
    the project has not seen yet is not silenced by a few segments without it).
    Returns the weights and the bias."""
    from scipy.optimize import minimize

    n_features = matrix.shape[1]
    offset = matrix @ w0 + b0

    def loss(change: FloatArray) -> tuple[float, FloatArray]:
        delta, delta_bias = change[:n_features], change[n_features]
        z = offset + matrix @ delta + delta_bias
        # log(1 + e^z) - y z, written to stay finite for large |z|
        value = float(np.sum(np.logaddexp(0.0, z) - y * z))
        residual = 1.0 / (1.0 + np.exp(-z)) - y
        gradient = np.append(matrix.T @ residual, residual.sum()) + change / strength
        return value + float(change @ change) / (2 * strength), gradient

    result = minimize(loss, np.zeros(n_features + 1), jac=True, method="L-BFGS-B")
    change: FloatArray = result.x
    return w0 + change[:n_features], b0 + float(change[n_features])
