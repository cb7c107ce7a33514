"""Training a learned model (matching/learned.py) from coded segments.

One L2-regularised logistic regression per code (scikit-learn's liblinear, fixed
seed: the same coding gives the same model), over the features ``learned.py``
describes. Only segments the coding names are examples; a named segment without a
code is a negative example of every code ("reviewed, no code").
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kube_qda import __version__
from kube_qda.codings_file import read_rows
from kube_qda.errors import KubeQdaError
from kube_qda.learning_settings import STRENGTH, THRESHOLD, VETO
from kube_qda.matching.arrays import FloatArray
from kube_qda.matching.learned import LearnedModel, question_stems
from kube_qda.matching.questions import with_questions
from kube_qda.matching.tokens import usable
from kube_qda.transcripts.model import Segment, Transcript

if TYPE_CHECKING:
    from kube_qda.matching.matcher import Matcher

#: (document, segment) -> the codes a coder gave it (empty: reviewed, no code).
Coding = Mapping[tuple[str, int], frozenset[str]]

#: A stem is a feature when at least this many training segments have it.
MIN_SEGMENTS = 2
#: A code gets weights when at least this many training segments have it.
MIN_POSITIVE = 3
#: Segments read per batch while collecting examples.
BATCH = 1000
#: Weights are stored to this many decimals (smaller ones are dropped).
DECIMALS = 3


@dataclass(frozen=True)
class Example:
    """A coded segment: its stems, its question's stems, its codes."""

    stems: frozenset[str]
    question: frozenset[str]
    codes: frozenset[str]


def examples(
    matcher: Matcher,
    pairs: Sequence[tuple[Segment, str | None]],
    codes: Mapping[tuple[str, int], frozenset[str]],
) -> list[Example]:
    """The examples among ``pairs`` (informant segments with their questions) that
    ``codes`` names, their stems read exactly as the matcher reads them."""
    chosen = [(seg, q) for seg, q in pairs if (seg.document, seg.index) in codes]
    out: list[Example] = []
    for first in range(0, len(chosen), BATCH):
        out.extend(_examples(matcher, chosen[first : first + BATCH], codes))
    return out


def _examples(
    matcher: Matcher,
    chosen: Sequence[tuple[Segment, str | None]],
    codes: Mapping[tuple[str, int], frozenset[str]],
) -> list[Example]:
    batch = matcher.analyzer.batch([seg.text for seg, _ in chosen])
    stemmer = matcher.stemmer
    out = []
    for k, (seg, question) in enumerate(chosen):
        stems = {
            batch.infos[token].stem for token in range(batch.bounds[k], batch.bounds[k + 1] - 1)
        }
        asked = question_stems(stemmer, question) if question else set()
        out.append(
            Example(
                frozenset(s for s in stems if usable(s)),
                frozenset(asked),
                codes[(seg.document, seg.index)],
            )
        )
    return out


def train(
    data: Sequence[Example],
    code_ids: Sequence[str],
    codebook: str,
    *,
    strength: float = STRENGTH,
    threshold: float = THRESHOLD,
    veto: float = VETO,
    trained: Mapping[str, Any] | None = None,
) -> LearnedModel:
    """A model for the codes of ``code_ids`` with at least MIN_POSITIVE examples."""
    from sklearn import __version__ as sklearn_version
    from sklearn.linear_model import LogisticRegression

    if not data:
        raise KubeQdaError("no coded informant segment to learn from")
    vocabulary = stem_vocabulary(e.stems for e in data)
    question_vocabulary = stem_vocabulary(e.question for e in data)
    matrix = feature_matrix(data, vocabulary, question_vocabulary)
    bias: dict[str, float] = {}
    words: dict[str, dict[str, float]] = {}
    question: dict[str, dict[str, float]] = {}
    split = len(vocabulary)
    for code in code_ids:
        y = [code in e.codes for e in data]
        if sum(y) < MIN_POSITIVE or all(y):
            continue
        fit = LogisticRegression(C=strength, solver="liblinear", random_state=0).fit(matrix, y)
        w = fit.coef_[0]
        bias[code] = round(float(fit.intercept_[0]), DECIMALS)
        words[code] = nonzero_weights(vocabulary, w[:split])
        question[code] = nonzero_weights(question_vocabulary, w[split:])
    info = {
        "segments": len(data),
        "coded": sum(bool(e.codes) for e in data),
        "strength": strength,
        **(trained or {}),
        "data_sha256": data_digest(data),
        "versions": {"kube-qda": __version__, "scikit-learn": sklearn_version},
    }
    return LearnedModel(
        codebook, threshold, vocabulary, question_vocabulary, bias, words, question, info, veto
    )


def data_digest(data: Sequence[Example]) -> str:
    """A SHA-256 of the training examples (each one's stems, question stems and codes,
    in order): two models trained on the same data carry the same digest."""
    digest = hashlib.sha256()
    for example in data:
        for part in (example.stems, example.question, example.codes):
            digest.update(" ".join(sorted(part)).encode("utf-8") + b"\n")
    return digest.hexdigest()


def feature_matrix(
    data: Sequence[Example], vocabulary: Sequence[str], question_vocabulary: Sequence[str]
) -> Any:
    """Sparse rows: the segment's features, then the question's (learned.py)."""
    from scipy.sparse import csr_matrix

    column = {stem: i for i, stem in enumerate(vocabulary)}
    question_column = {stem: len(vocabulary) + i for i, stem in enumerate(question_vocabulary)}
    rows, cols, values = [], [], []
    for row, e in enumerate(data):
        for stems, where in ((e.stems, column), (e.question, question_column)):
            present = [where[s] for s in stems if s in where]
            for col in present:
                rows.append(row)
                cols.append(col)
                values.append(1.0 / np.sqrt(len(present)))
    shape = (len(data), len(vocabulary) + len(question_vocabulary))
    return csr_matrix((values, (rows, cols)), shape=shape)


def stem_vocabulary(stem_sets: Iterable[frozenset[str]]) -> list[str]:
    counts = Counter(stem for stems in stem_sets for stem in stems)
    return sorted(stem for stem, n in counts.items() if n >= MIN_SEGMENTS)


def nonzero_weights(stems: Sequence[str], values: FloatArray) -> dict[str, float]:
    out = {}
    for stem, value in zip(stems, values.tolist(), strict=True):
        w = round(value, DECIMALS)
        if w:
            out[stem] = w
    return out


def coding_from_csv(path: Path, code_ids: Sequence[str], coder: str | None) -> Coding:
    """(document, segment) -> codes from a codings CSV (``kube-qda codings export``
    or a plain ``document,segment,code`` list); rejected codes do not count.
    Raises KubeQdaError naming the file and line."""
    known = set(code_ids)
    rows = read_rows(path)
    coders = sorted({row["coder"] for _, row in rows if row["coder"]})
    if coder is None and len(coders) > 1:
        raise KubeQdaError(
            f"{path}: codings of {len(coders)} coders ({', '.join(coders)}); "
            "choose one with --coder"
        )
    coding: dict[tuple[str, int], set[str]] = {}
    for number, row in rows:
        if coder is not None and row["coder"] and row["coder"] != coder:
            continue
        where = f"{path}:{number}"
        if not row["segment"].isdigit():
            raise KubeQdaError(f"{where}: segment must be a number, not '{row['segment']}'")
        code = row["code"]
        if code and code not in known:
            raise KubeQdaError(f"{where}: unknown code '{code}'")
        codes = coding.setdefault((row["document"], int(row["segment"])), set())
        if code and row["status"] != "rejected":
            codes.add(code)
    if not coding:
        raise KubeQdaError(f"{path}: no codings" + (f" by '{coder}'" if coder else ""))
    return {unit: frozenset(codes) for unit, codes in coding.items()}


def learn(
    matcher: Matcher,
    coding: Coding,
    transcripts: Iterable[Transcript],
    *,
    threshold: float = THRESHOLD,
    veto: float = VETO,
    source: str = "",
) -> tuple[LearnedModel, list[str]]:
    """A model from ``coding`` of ``transcripts`` (turn segments) for the matcher's
    codebook, and notes on coded units that were left out (none of them quote text)."""
    from kube_qda.transcripts.segment import segments

    data: list[Example] = []
    found: set[tuple[str, int]] = set()
    documents: set[str] = set()
    for transcript in transcripts:
        documents.add(transcript.id)
        every = segments(transcript, "turn")
        found.update((seg.document, seg.index) for seg in every)
        informant = [(seg, q) for seg, q in with_questions(every) if not seg.interviewer]
        data.extend(examples(matcher, informant, coding))
    notes = []
    missing = sorted({doc for doc, _ in coding} - documents)
    if missing:
        notes.append(
            f"{len(missing)} coded documents not among the transcripts: {', '.join(missing[:5])}"
        )
    absent = [unit for unit in coding if unit[0] in documents and unit not in found]
    if absent:
        doc, index = absent[0]
        raise KubeQdaError(
            f"the coding names segment {index} of {doc}, which has no such segment "
            "(codings are by turn, numbered as in kube-qda segments)"
        )
    skipped = len([u for u in coding if u[0] in documents]) - len(data)
    if skipped:
        notes.append(f"{skipped} coded interviewer segments left out (the model reads informants)")
    model = train(
        data,
        matcher.codebook.code_ids(),
        matcher.codebook.id,
        threshold=threshold,
        veto=veto,
        trained={
            "source": source,
            "documents": len(documents & {d for d, _ in coding}),
            "document_ids": sorted(documents & {d for d, _ in coding}),
        },
    )
    return model, notes
