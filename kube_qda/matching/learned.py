"""Learned suggestions: a logistic model per code over the word stems of a segment
and of the question before it, trained from a coding (``kube-qda learn``).

The rules find what they were written for; the model finds codes phrased in ways no
rule foresaw, by the words that went with each code in segments a researcher coded.
It only adds: a code the rules already suggest (plain or negated) is left to the
rules, so negation still decides, and every learned suggestion shows the words of
the segment that weighed most for it. docs/matching.md, "Learned suggestions".

A model is data: a JSON file of weights per code and word stem, readable and
diff-able (``kube_qda/data/learned/`` holds the one for the bundled codebook).

Features (the same in training and in use, both read from a ``Batch``):
- each distinct usable stem of the segment (letters only, at least three), weight
  1/sqrt(their number);
- each distinct usable stem of the interviewer's question before it, likewise.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kube_qda.errors import ModelError
from kube_qda.matching.arrays import FloatArray, IntArray
from kube_qda.matching.questions import WORD
from kube_qda.matching.suggestion import Made
from kube_qda.matching.tokens import Batch, usable
from kube_qda.text.stem import WordStemmer
from kube_qda.transcripts.model import Segment

FORMAT = "kube-qda-learned/1"
#: The evidence rule id of a learned suggestion.
RULE = "learned"
#: Words shown as the evidence of one learned suggestion (the heaviest first).
EVIDENCE_WORDS = 3
#: Distinct question texts remembered (interviews repeat their questions).
QUESTION_CACHE = 4096


@dataclass
class LearnedModel:
    """Weights per code: ``words`` for the segment's stems, ``question`` for the
    question's. A code is suggested when its probability reaches ``threshold``; a
    rule's plain suggestion of a code the model weighs is dropped when the code's
    probability is below ``veto`` (0: never)."""

    codebook: str
    threshold: float
    vocabulary: list[str]  # every segment stem the model counts (weights may be 0)
    question_vocabulary: list[str]  # every question stem it counts
    bias: dict[str, float]
    words: dict[str, dict[str, float]]  # code -> stem -> weight
    question: dict[str, dict[str, float]]  # code -> stem -> weight
    trained: dict[str, Any] = field(default_factory=dict)  # what it was trained on
    veto: float = 0.0
    thresholds: dict[str, float] = field(default_factory=dict)  # per code, where it differs

    @property
    def codes(self) -> list[str]:
        return list(self.bias)

    def as_json(self) -> dict[str, Any]:
        own = {"thresholds": self.thresholds} if self.thresholds else {}
        return {
            "format": FORMAT,
            "codebook": self.codebook,
            "threshold": self.threshold,
            **own,
            "veto": self.veto,
            "trained": self.trained,
            "vocabulary": self.vocabulary,
            "question_vocabulary": self.question_vocabulary,
            "codes": {
                code: {
                    "bias": self.bias[code],
                    "words": self.words[code],
                    "question": self.question[code],
                }
                for code in self.codes
            },
        }

    def save(self, path: Path) -> None:
        text = json.dumps(self.as_json(), ensure_ascii=False, separators=(",", ":"))
        tmp = path.with_name(path.name + ".tmp")
        try:
            tmp.write_text(text + "\n", encoding="utf-8")
            tmp.replace(path)  # a failed write leaves the old file whole
        except OSError as err:
            tmp.unlink(missing_ok=True)
            raise ModelError(f"{path}: cannot write ({err.strerror})") from None


def read_model(path: str | Path) -> LearnedModel:
    """Load a model file; raises ModelError naming the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ModelError(f"{path}: cannot read ({err.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        where = f":{err.lineno}" if isinstance(err, json.JSONDecodeError) else ""
        raise ModelError(f"{path}{where}: not a kube-qda model (not JSON)") from None
    return model_from_json(data, str(path))


def model_from_json(data: Any, name: str) -> LearnedModel:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(f"{name}: not a kube-qda model (format must be {FORMAT})")
    try:
        threshold = float(data["threshold"])
        thresholds = {str(k): float(v) for k, v in data.get("thresholds", {}).items()}
        veto = float(data.get("veto", 0.0))
        codebook = str(data["codebook"])
        vocabulary = [str(w) for w in data["vocabulary"]]
        question_vocabulary = [str(w) for w in data["question_vocabulary"]]
        bias: dict[str, float] = {}
        words: dict[str, dict[str, float]] = {}
        question: dict[str, dict[str, float]] = {}
        for code, entry in data["codes"].items():
            bias[code] = float(entry["bias"])
            words[code] = {str(k): float(v) for k, v in entry["words"].items()}
            question[code] = {str(k): float(v) for k, v in entry["question"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise ModelError(f"{name}: malformed model ({type(err).__name__}: {err})") from None
    if not 0.0 < threshold < 1.0:
        raise ModelError(f"{name}: threshold must be between 0 and 1, not {threshold}")
    if not 0.0 <= veto < min([threshold, *thresholds.values()]):
        raise ModelError(f"{name}: veto must be at least 0 and below the threshold, not {veto}")
    if any(not 0.0 < t < 1.0 or code not in bias for code, t in thresholds.items()):
        raise ModelError(f"{name}: a code's own threshold must be between 0 and 1")
    known, known_q = set(vocabulary), set(question_vocabulary)
    for code in bias:
        if not (words[code].keys() <= known and question[code].keys() <= known_q):
            raise ModelError(f"{name}: code {code} weighs a stem missing from the vocabulary")
    trained = data.get("trained", {})
    return LearnedModel(
        codebook,
        threshold,
        vocabulary,
        question_vocabulary,
        bias,
        words,
        question,
        dict(trained),
        veto,
        thresholds,
    )


def question_stems(stemmer: WordStemmer, question: str) -> set[str]:
    """The feature stems of an interviewer's question (training and use read it alike)."""
    return {stem for stem in (stemmer(w)[1] for w in WORD.findall(question)) if usable(stem)}


def describe(model: LearnedModel | None, *, bundled: bool = False) -> str:
    """One line saying what suggested: the rules alone, or the rules with which
    learned model (what it was trained on, its threshold and veto)."""
    if model is None:
        return "rules alone (no learned model)"
    trained = model.trained
    parts = [f"{k} {trained[k]}" for k in ("source", "documents", "segments") if k in trained]
    origin = "the bundled learned model" if bundled else "a learned model"
    on = f", trained on {', '.join(parts)}" if parts else ""
    return (
        f"rules and {origin} for {model.codebook}{on}"
        f" (threshold {model.threshold:.0%}, veto {model.veto:.0%})"
    )


@cache
def bundled_model() -> LearnedModel:
    """The model trained on the bundled samples for the bundled KUBE codebook."""
    ref = resources.files("kube_qda") / "data" / "learned" / "kube_wonogiri.json"
    return model_from_json(json.loads(ref.read_text(encoding="utf-8")), "bundled model")


class LearnedScorer:
    """A model fitted to one codebook's code order, applied batch by batch."""

    def __init__(self, model: LearnedModel, code_ids: Sequence[str], stemmer: WordStemmer):
        self.model = model
        self.threshold = model.threshold
        self.veto = model.veto
        position = {code: i for i, code in enumerate(code_ids)}
        #: the model's codes that the codebook has, as codebook indices
        self.codes = [position[c] for c in model.codes if c in position]
        used = [c for c in model.codes if c in position]
        self.model_codes = used  # the code id of each column
        self.vocabulary, self.weights = _matrix(model.vocabulary, [model.words[c] for c in used])
        self.question_vocabulary, self.question_weights = _matrix(
            model.question_vocabulary, [model.question[c] for c in used]
        )
        self.bias = np.array([model.bias[c] for c in used], dtype="float64")
        #: each column's threshold
        self.thresholds = np.array([model.thresholds.get(c, model.threshold) for c in used])
        self._stemmer = stemmer
        self._questions: dict[str, FloatArray] = {}

    def __bool__(self) -> bool:
        return bool(self.codes)

    def question_logits(self, question: str) -> FloatArray:
        """The question's part of every code's log-odds (cached per question text)."""
        found = self._questions.get(question)
        if found is None:
            if len(self._questions) >= QUESTION_CACHE:
                self._questions.clear()
            ids = {
                self.question_vocabulary.get(stem, -1)
                for stem in question_stems(self._stemmer, question)
            }
            found = _logits(self.question_weights, sorted(ids - {-1}))
            self._questions[question] = found
        return found

    def apply(
        self,
        active: Sequence[Segment],
        batch: Batch,
        questions: Sequence[FloatArray | None],
        made: Made,
        eligible: Sequence[bool],
    ) -> FloatArray:
        """Veto and add to the rules' suggestions ``made`` for the texts of ``batch``
        (``active``, each with its question's logits or None). For informant
        segments (the model learned from them): drop a plain rule suggestion the model
        gives under ``veto``; add the codes (``eligible`` for informants) the rules did
        not suggest, plain or negated, that reach ``threshold``, each with the segment
        words that weighed most for it (none: no suggestion). Returns each text's
        uncertainty: 1 − min over codes of |2p − 1| (1: some code is a coin toss)."""
        chances = self.probabilities(batch, questions)
        doubts: FloatArray = 1.0 - np.abs(2.0 * chances - 1.0).min(axis=1, initial=1.0)
        interviewer = np.fromiter((seg.interviewer for seg in active), bool, len(active))
        column_of = np.full(len(eligible), -1)
        column_of[self.codes] = np.arange(len(self.codes))
        flat = [x for k, pairs in made.items() for ci, s in pairs for x in (k, ci, s[2])]
        found = len(flat) // 3
        if found:
            k_of, ci_of, negated = np.fromiter(flat, "int64", len(flat)).reshape(-1, 3).T
            negated = negated.astype(bool)
            column = column_of[ci_of]
            weighed = column >= 0
            if self.veto:  # on informant segments, which the model was trained on
                low = weighed & ~negated & ~interviewer[k_of]
                low[low] &= chances[k_of[low], column[low]] < self.veto
                for k in np.unique(k_of[low]).tolist():
                    made[k] = [
                        (ci, s)
                        for ci, s in made[k]
                        if s[2] or column_of[ci] < 0 or chances[k, column_of[ci]] >= self.veto
                    ]
        wanted = chances >= self.thresholds
        if not wanted.any():
            return doubts
        wanted &= ~interviewer[:, None]
        wanted &= np.array(eligible)[self.codes]
        if found:  # codes the rules suggest (plain or negated) stay theirs
            wanted[k_of[weighed], column[weighed]] = False
        texts, columns = np.nonzero(wanted)
        pair, token = self.evidence_tokens(texts, columns, batch)
        starts = np.asarray(batch.idx)[token]
        ends = (starts + np.asarray(batch.length)[token]).tolist()
        chosen: list[list[tuple[int, int]]] = [[] for _ in range(len(texts))]
        for p, a, b in zip(pair.tolist(), starts.tolist(), ends, strict=True):
            chosen[p].append((a, b))
        for k, col, spans in zip(texts.tolist(), columns.tolist(), chosen, strict=True):
            if not spans:  # no word of the segment weighs for the code
                continue
            seg = active[k]
            text, base = seg.text, seg.start
            words = tuple([(RULE, text[a:b], base + a, base + b) for a, b in spans])
            chance = round(float(chances[k, col]), 2)
            suggestion = (self.model_codes[col], chance, False, words)
            made.setdefault(k, []).append((self.codes[col], suggestion))
        return doubts

    def probabilities(self, batch: Batch, questions: Sequence[FloatArray | None]) -> FloatArray:
        """Probability per text of the batch and model code (``batch.features`` must
        come from an analyzer given this scorer's vocabulary)."""
        n = len(batch.bounds) - 1
        token_feature = _features(batch)
        keep = token_feature >= 0
        size = max(len(self.vocabulary), 1)
        small = "int32" if n * size < 2**31 else "int64"  # a faster sort when it fits
        pairs = np.asarray(batch.segment_of)[keep].astype(small) * size
        pairs += token_feature[keep]
        pairs.sort()  # a sort and a neighbour test: cheaper than numpy.unique's hashing
        if len(pairs):
            pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
        texts, features = np.divmod(pairs, size)
        logits = np.zeros((n, len(self.codes)), dtype="float64")
        if len(pairs):
            first = np.flatnonzero(np.r_[True, texts[1:] != texts[:-1]])
            counts = np.diff(np.r_[first, len(texts)])
            sums = np.add.reduceat(self.weights[features], first, axis=0)
            logits[texts[first]] = sums / np.sqrt(counts)[:, None]
        logits += self.bias
        asked = [k for k, q in enumerate(questions) if q is not None]
        if asked:
            logits[asked] += np.array([questions[k] for k in asked])
        return 1.0 / (1.0 + np.exp(-logits))

    def evidence_tokens(
        self, texts: IntArray, columns: IntArray, batch: Batch
    ) -> tuple[IntArray, IntArray]:
        """For each (text, model code column) pair, numbered in order: the tokens of
        the text's words that weigh most for the code, at most EVIDENCE_WORDS, each
        word once (its first token), heaviest first and then in text order. Returned
        as (pair number, token) arrays sorted by pair and token; all pairs of a batch
        in a few array passes."""
        bounds = np.asarray(batch.bounds)
        starts, ends = bounds[texts], bounds[texts + 1] - 1
        lengths = ends - starts
        pair = np.repeat(np.arange(len(texts)), lengths)
        offset = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        token = np.arange(int(lengths.sum())) + offset
        feature = _features(batch)[token]
        known = feature >= 0
        pair, token, feature = pair[known], token[known], feature[known]
        weight = self.weights[feature, columns[pair]]
        weighs = weight > 0
        pair, token, feature, weight = pair[weighs], token[weighs], feature[weighs], weight[weighs]
        _, first = np.unique(pair * len(self.vocabulary) + feature, return_index=True)
        pair, token, weight = pair[first], token[first], weight[first]
        order = np.lexsort((token, -weight, pair))
        pair, token = pair[order], token[order]
        best = np.arange(len(pair)) - np.searchsorted(pair, pair) < EVIDENCE_WORDS
        pair, token = pair[best], token[best]
        order = np.lexsort((token, pair))
        return pair[order], token[order]


def _matrix(
    stems: list[str], per_code: list[dict[str, float]]
) -> tuple[dict[str, int], FloatArray]:
    """(stem -> row, weights as rows of stems and columns of codes)."""
    vocabulary = {stem: row for row, stem in enumerate(stems)}
    matrix = np.zeros((max(len(vocabulary), 1), len(per_code)), dtype="float32")
    for column, weights in enumerate(per_code):
        for stem, w in weights.items():
            matrix[vocabulary[stem], column] = w
    return vocabulary, matrix


def _logits(weights: FloatArray, rows: list[int]) -> FloatArray:
    if not rows:
        return np.zeros(weights.shape[1])
    summed: FloatArray = weights[rows].sum(axis=0)
    return summed / math.sqrt(len(rows))


def _features(batch: Batch) -> NDArray[np.int32]:
    """Each token's column in the model (set when the analyzer knows the model)."""
    if batch.features is None:
        raise ValueError("the batch was analysed without the learned model's vocabulary")
    return batch.features
