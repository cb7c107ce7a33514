"""Term occurrences: the vectorised TermIndex.find against a token-by-token scan."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kube_qda.matching import Matcher
from kube_qda.matching.tokens import Batch
from kube_qda.transcripts import read_transcript, segments
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def kube() -> Matcher:
    return Matcher()


def _scan(matcher: Matcher, batch: Batch) -> dict[int, set[tuple[int, int]]]:
    """The definition: at every token, every alternative of every term whose
    predicates the following tokens satisfy, one by one."""
    infos = batch.infos
    n = len(infos)
    out: dict[int, set[tuple[int, int]]] = {}
    for t, term in enumerate(matcher.index.terms):
        for i in range(n):
            for alt in term.alternatives:
                k = len(alt)
                if i + k <= n and all(alt[j] in infos[i + j].preds for j in range(k)):
                    out.setdefault(t, set()).add((i, i + k))
    return out


@pytest.mark.parametrize(
    "name", ["w04_fgd_ngadirejo.md", "w32_ketua_harjo.txt", "w36_anggota_marto.vtt"]
)
def test_find_equals_the_token_by_token_scan(kube: Matcher, name: str) -> None:
    texts = [s.text for s in segments(read_transcript(Path(ROOT / "transcripts_sample" / name)))]
    batch = kube.analyzer.batch(texts)
    occurrences = kube.index.find(batch.infos, batch.positions, batch.type_of)
    found: dict[int, list[tuple[int, int]]] = {}
    rows = zip(*(a.tolist() for a in occurrences), strict=True)
    for t, start, end in rows:  # listed term by term, in the order find gives
        found.setdefault(t, []).append((start, end))
    expected = _scan(kube, batch)
    assert {t: set(spans) for t, spans in found.items()} == expected
    for spans in found.values():  # each occurrence once, in text order
        assert spans == sorted(set(spans))
    assert any(len(term.alternatives[0]) > 2 for term in kube.index.terms)  # 3+ word terms


@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 2**21), st.sampled_from([0, 1, 2**40, 2**61])),
        max_size=60,
    )
)
def test_lex_order_is_lexsorts_order(rows: list[tuple[int, int, int]]) -> None:
    """One int64 key when the ranges fit, numpy.lexsort when they do not (the
    third column's huge values force it): the same order either way, ties kept."""
    import numpy as np

    from kube_qda.matching.terms import lex_order

    table = np.array(rows, dtype="int64").reshape(-1, 3)
    a, b, c = table[:, 0], table[:, 1], table[:, 2]
    assert lex_order(a, b, c).tolist() == np.lexsort((c, b, a)).tolist()
    assert lex_order(a, b).tolist() == np.lexsort((b, a)).tolist()
