"""Frequency and co-occurrence functions, checked against hand-computed values."""

from __future__ import annotations

from kube_qda.analysis import CodeApplication, code_frequency, cooccurrence

A = CodeApplication
APPS = [
    A("d1", 0, "x", "I"), A("d1", 0, "y", "I"),
    A("d1", 1, "x", "I"),
    A("d1", 2, "y", "Bu Sri"), A("d1", 2, "z", "Bu Sri"),
    A("d2", 0, "x", "I"), A("d2", 0, "y", "I"), A("d2", 0, "x", "I"),  # duplicate
    A("d2", 3, "z", None),
]  # fmt: skip


def test_frequency_counts_distinct_segments_documents_informants() -> None:
    rows = {r.code: r for r in code_frequency(APPS, codes=["x", "y", "z", "w"])}
    # x: d1#0, d1#1, d2#0 -> 3 segments, 2 documents, informants (d1,I), (d2,I)
    assert (rows["x"].segments, rows["x"].documents, rows["x"].informants) == (3, 2, 2)
    # y: d1#0, d1#2, d2#0 -> informants (d1,I), (d1,Bu Sri), (d2,I)
    assert (rows["y"].segments, rows["y"].documents, rows["y"].informants) == (3, 2, 3)
    # z: d1#2 (Bu Sri), d2#3 (no speaker)
    assert (rows["z"].segments, rows["z"].documents, rows["z"].informants) == (2, 2, 1)
    assert (rows["w"].segments, rows["w"].documents, rows["w"].informants) == (0, 0, 0)


def test_cooccurrence_against_hand_computation() -> None:
    rows = {(r.code_a, r.code_b): r for r in cooccurrence(APPS, codes=["x", "y", "z"])}
    assert set(rows) == {("x", "y"), ("y", "z")}
    xy = rows[("x", "y")]  # n_x = 3, n_y = 3, n_xy = 2 (d1#0, d2#0)
    assert xy.count == 2
    assert xy.jaccard == round(2 / (3 + 3 - 2), 4)
    assert (xy.conditional_a_b, xy.conditional_b_a) == (round(2 / 3, 4), round(2 / 3, 4))
    yz = rows[("y", "z")]  # n_y = 3, n_z = 2, n_yz = 1 (d1#2)
    assert (yz.count, yz.jaccard) == (1, round(1 / (3 + 2 - 1), 4))
    assert (yz.conditional_a_b, yz.conditional_b_a) == (round(1 / 3, 4), 0.5)


def test_cooccurrence_order_follows_codes() -> None:
    rows = cooccurrence(APPS, codes=["z", "y", "x"])
    assert [(r.code_a, r.code_b) for r in rows] == [("z", "y"), ("y", "x")]
