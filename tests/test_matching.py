"""The pre-tagger: every rule kind, negation, speakers, evidence offsets, score."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kube_qda import codebook_from_text
from kube_qda.matching import Matcher
from kube_qda.matching.arrays import IntArray
from kube_qda.transcripts.model import Segment
from tests.conftest import Write

HEAD = """
id: t
title: T
categories:
  - id: c
    label: C
    codes:
"""


def matcher(*codes: str) -> Matcher:
    return Matcher(codebook_from_text(HEAD + "".join(codes)))


def code(code_id: str, match: str) -> str:
    body = "\n".join("          " + line for line in match.strip().splitlines())
    return f"""
      - id: {code_id}
        label: L
        definition: D
        match:
{body}
"""


def codes_of(m: Matcher, text: str, *, interviewer: bool = False) -> dict[str, bool]:
    """code -> negated"""
    return {s.code: s.negated for s in m.suggest_text(text, interviewer=interviewer)}


@pytest.fixture(scope="module")
def kube() -> Matcher:
    return Matcher()


# -- acceptance examples (bundled KUBE codebook) ---------------------------------------


def test_denied_marketing_obstacle_is_not_a_plain_suggestion(kube: Matcher) -> None:
    found = codes_of(kube, "Alhamdulillah soal jualan nggak ada kendala")
    assert found.get("kendala.pemasaran", True) is True  # absent or flagged negated


def test_dapat_pinjaman_is_not_income(kube: Matcher) -> None:
    assert "hasil.pendapatan" not in codes_of(kube, "kami dapat pinjaman dari koperasi")


def test_susah_laku_is_a_marketing_obstacle(kube: Matcher) -> None:
    assert codes_of(kube, "jualannya susah laku").get("kendala.pemasaran") is False


def test_ngasih_semangat_is_motivation(kube: Matcher) -> None:
    assert codes_of(kube, "Bu Sri sering ngasih semangat").get("strategi.motivasi") is False


# -- rule kinds ----------------------------------------------------------------------


def test_stem_keyword_matches_affixed_and_colloquial_forms() -> None:
    m = matcher(code("a", "keywords: [latih]"))
    for text in ("ada pelatihan", "kami dilatih", "Pak Agus ngelatih kami", "Melatih"):
        assert "c.a" in codes_of(m, text), text
    assert codes_of(m, "latihan")  # same stem
    assert not codes_of(m, "kami libur")


def test_exact_form_only() -> None:
    m = matcher(code("a", "keywords: ['=kas']"))
    assert "c.a" in codes_of(m, "uang kas kelompok")
    assert not codes_of(m, "terima kasih")


def test_exact_form_matches_normalised_spelling() -> None:
    m = matcher(code("a", "keywords: ['=tidak laku']"))
    assert codes_of(m, "barangnya nggak laku") == {"c.a": False}


def test_prefix_wildcard() -> None:
    m = matcher(code("a", "keywords: ['jual*']"))
    for text in ("jual", "jualan kami", "jualannya"):
        assert "c.a" in codes_of(m, text), text
    assert not codes_of(m, "juara")


def test_phrase_needs_consecutive_words() -> None:
    m = matcher(code("a", "keywords: ['susah laku']"))
    assert codes_of(m, "barangnya susah laku")
    assert not codes_of(m, "susah sekali laku")


def test_hyphenated_and_spaced_forms_match_each_other() -> None:
    m = matcher(code("a", "keywords: ['simpan pinjam', gotong-royong]"))
    assert codes_of(m, "ada simpan-pinjam")
    assert codes_of(m, "ada simpan pinjam")
    assert codes_of(m, "kerja gotong royong")
    assert codes_of(m, "kerja gotong-royong")


def test_hyphenated_words_spacy_splits_still_match() -> None:
    # spaCy keeps gotong-royong whole (a tokenizer exception) but splits rasan-rasan
    # and tuku-jual into word, hyphen, word
    m = matcher(
        code("a", "keywords: ['=rasan-rasan']"),
        code("b", "keywords: [tuku-jual]"),
        code("c", "keywords: ['=bisik-bisik =terus']"),
    )
    assert [t.text for t in m.analyzer.tokenizer("rasan-rasan")] == ["rasan", "-", "rasan"]
    assert codes_of(m, "yang lain jadi rasan-rasan") == {"c.a": False}
    assert codes_of(m, "usaha tuku-jual") == {"c.b": False}
    assert codes_of(m, "pada bisik-bisik terus") == {"c.c": False}
    assert not codes_of(m, "rasan dan rasan")


def test_no_stem_words_do_not_match_their_common_stem() -> None:
    m = matcher(code("a", "keywords: [pendapatan]"))
    assert codes_of(m, "pendapatannya naik")
    assert not codes_of(m, "kami dapat pinjaman")


def test_token_pattern_with_stem_as_norm() -> None:
    m = matcher(code("a", "patterns: [[{NORM: harga}, {LOWER: {IN: [jatuh, anjlok]}}]]"))
    found = m.suggest_text("kalau panen raya harganya jatuh")
    assert [(s.code, [e.match for e in s.evidence]) for s in found] == [("c.a", ["harganya jatuh"])]


def test_regex_offsets_are_exact_characters() -> None:
    m = matcher(code("a", r"regex: ['\bRp\.?\s?\d[\d.]*']"))
    text = "modalnya Rp. 500.000 dari program"
    (suggestion,) = m.suggest_text(text)
    (e,) = suggestion.evidence
    assert (e.rule, e.match, text[e.start : e.end]) == (
        "regex:" + r"\bRp\.?\s?\d[\d.]*",
        "Rp. 500.000",
        "Rp. 500.000",
    )


def test_near_within_window_and_sentence() -> None:
    m = matcher(code("a", "near: [{groups: [[harga], [murah, jatuh]], within: 3}]"))
    assert codes_of(m, "harganya di pasar murah")
    assert not codes_of(m, "harga kambing di pasar hewan sangat murah")
    assert not codes_of(m, "Itu harganya. Murah sekali")


def test_near_across_sentences_of_one_segment() -> None:
    rule = "groups: [[bilang], [mau, semangat]], within: 8, ordered: true"
    m = matcher(
        code("two", f"near: [{{{rule}, across_sentences: true}}]"),
        code(
            "three",
            "near: [{groups: [[bilang], [usaha], [mau]], within: 8, "
            "ordered: true, across_sentences: true}]",
        ),
        code("one", f"near: [{{{rule}}}]"),
    )
    text = "Bu Sri bilang usaha itu bisa. Akhirnya kami mau."
    assert codes_of(m, text) == {"c.two": False, "c.three": False}
    # in one sentence: the sentence-bound rule too (the three-group rule lacks usaha)
    assert codes_of(m, "Bu Sri bilang kami pasti mau.") == {"c.two": False, "c.one": False}
    # within still counts, and a hit never joins two segments
    assert not codes_of(m, "Bu Sri bilang. " + "Kami diam saja. " * 4 + "Akhirnya mau.")
    segs = [
        Segment("d", 0, 0, 12, "Bu Sri bilang", None, None, False),
        Segment("d", 1, 13, 18, "Ya mau", None, None, False),
    ]
    assert [r.suggestions for r in m.suggest(segs)] == [(), ()]


def test_unless_looks_near_the_pieces_of_a_long_hit() -> None:
    rule = (
        "near: [{groups: [[bilang], [mau]], within: 20, ordered: true, "
        "across_sentences: true}]\nunless: [pasar]\nunless_window: 2"
    )
    m = matcher(code("a", rule))
    # "pasar" lies between the pieces, far from both: the hit stands
    assert codes_of(m, "Bu Sri bilang bisa. Dulu kami jual di pasar saja. Lalu kami mau.")
    # next to a piece it cancels the hit
    assert not codes_of(m, "Bu Sri bilang bisa. Dulu susah sekali. Lalu pasar mau.")


def test_near_ordered() -> None:
    m = matcher(
        code("a", "near: [{groups: [['=dulu'], ['tidak tahu']], within: 5, ordered: true}]")
    )
    assert codes_of(m, "dulu saya nggak tahu")
    assert not codes_of(m, "nggak tahu dulu")


def test_near_with_three_groups_and_with_two_in_one_codebook() -> None:
    m = matcher(
        code("a", "near: [{groups: [[harga], [pasar], [murah]], within: 4}]"),
        code("b", "near: [{groups: [[harga], [murah]], within: 2}]"),
    )
    assert set(codes_of(m, "harga di pasar murah")) == {"c.a"}  # b: murah 3 words away
    assert set(codes_of(m, "harga murah di pasar")) == {"c.a", "c.b"}
    assert not codes_of(m, "harga di pasar. Murah")


def test_unless_cancels_nearby_hits_only() -> None:
    m = matcher(code("a", "keywords: [untung]\nunless: ['=tipis']\nunless_window: 2"))
    assert not codes_of(m, "untungnya jadi tipis")
    assert codes_of(m, "untungnya lumayan, tapi kadang modalnya tipis sekali")


def test_speakers_restriction() -> None:
    m = matcher(
        code("a", "keywords: [latih]"),
        code("b", "keywords: [latih]\nspeakers: any"),
        code("i", "keywords: [latih]\nspeakers: interviewer"),
    )
    assert set(codes_of(m, "ada pelatihan?")) == {"c.a", "c.b"}
    assert set(codes_of(m, "ada pelatihan?", interviewer=True)) == {"c.b", "c.i"}


# -- negation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("ada kendala", False),
        ("nggak ada kendala", True),
        ("ora ono kendala", True),
        ("tidak pernah ada sih kendala", True),
        ("mboten wonten kendala", True),
        ("kendalanya nggak ada", True),
        ("kendala apa? nggak ada", False),
        ("nggak, tapi kendala banyak", False),
        ("tidak ada masalah, kendala banyak", False),
        ("belum ada kendala besar", True),
    ],
)
def test_negation_flag(text: str, negated: bool) -> None:
    m = matcher(code("a", "keywords: [kendala]"))
    assert codes_of(m, text) == {"c.a": negated}


def test_negator_inside_the_match_does_not_negate() -> None:
    m = matcher(code("a", "keywords: ['tidak laku']"))
    assert codes_of(m, "barangnya nggak laku") == {"c.a": False}


def test_a_term_that_begins_with_a_negator_carries_its_own_negation() -> None:
    m = matcher(
        code("rule", "keywords: ['=tidak =oleh =bagian']"),
        code("far", "near:\n  - groups: [['=tidak =oleh'], [bagian]]\n    within: 3"),
    )
    # a conditional rule: the first "ora" does not deny the second
    assert codes_of(m, "Sing ora teka ora oleh bagian.") == {"c.rule": False, "c.far": False}
    assert codes_of(m, "Ora teka, ora oleh bagian.") == {"c.rule": False, "c.far": False}
    # a term without its own negator is still negated by one before it
    m2 = matcher(code("a", "keywords: ['oleh bagian']"))
    assert codes_of(m2, "sing ora teka ora oleh bagian") == {"c.a": True}


def test_negation_suppress_and_ignore() -> None:
    m = matcher(
        code("s", "keywords: [kendala]\nnegation: suppress"),
        code("i", "keywords: [kendala]\nnegation: ignore"),
    )
    assert codes_of(m, "nggak ada kendala") == {"c.i": False}
    assert codes_of(m, "ada kendala") == {"c.s": False, "c.i": False}


def test_one_plain_hit_makes_the_suggestion_plain() -> None:
    m = matcher(code("a", "keywords: [kendala]"))
    assert codes_of(m, "dulu nggak ada kendala, sekarang kendala banyak") == {"c.a": False}


def test_negation_does_not_reach_into_the_next_segment() -> None:
    m = matcher(code("a", "keywords: [kendala]"))
    segs = [
        Segment("d", 0, 0, 12, "saya nggak.", None, None, False),
        Segment("d", 1, 13, 30, "kendala banyak", None, None, False),
    ]
    results = list(m.suggest(segs))
    assert [s.negated for s in results[1].suggestions] == [False]


# -- output ----------------------------------------------------------------------------


def test_score_is_one_minus_product_of_misses() -> None:
    m = matcher(
        code("a", "keywords: [latih, 'studi banding']\nnear: [{groups: [[dinas], [latih]]}]")
    )
    (s,) = m.suggest_text("dinas mengadakan pelatihan dan studi banding")
    rules = sorted(e.rule for e in s.evidence)
    assert rules == ["keyword:latih", "keyword:studi banding", "near:dinas+latih"]
    assert s.score == round(1 - (1 - 0.4) * (1 - 0.6) * (1 - 0.6), 2)


def test_suggestions_sorted_by_score_then_codebook_order() -> None:
    m = matcher(
        code("a", "keywords: [latih]"),
        code("b", "keywords: [latih, kursus]"),
        code("z", "keywords: [kursus]"),
    )
    assert [s.code for s in m.suggest_text("pelatihan dan kursus")] == ["c.b", "c.a", "c.z"]


def test_batches_give_the_same_results_as_one_batch(kube: Matcher) -> None:
    from kube_qda import read_transcript, segments
    from tests.conftest import ROOT

    segs = segments(read_transcript(ROOT / "transcripts_sample" / "w03_ketua_parno.txt"))
    whole = [r.as_json() for r in kube.suggest(segs)]
    small = [r.as_json() for r in kube.suggest(segs, batch_chars=50)]
    assert whole == small


def test_suggest_files_streams_one_file_at_a_time(kube: Matcher, write: Write) -> None:
    from kube_qda import TranscriptError

    good = write("a.txt", "P: Ada pelatihan?\nI: Ada, pelatihan membuat keripik.\n")
    bad = write("b.txt", "")
    stream = kube.suggest_files([good, bad])
    transcript, results = next(stream)
    assert transcript.id == "a"
    assert [s.code for s in results[1].suggestions] == ["strategi.kesadaran_pelatihan"]
    with pytest.raises(TranscriptError):
        next(stream)


# -- the batch negation table answers exactly as the token-by-token scan ----------

_KINDS = ("word", "negator", "stop", "filler", "ada", "negstop")


@given(
    st.lists(st.sampled_from(_KINDS), min_size=1, max_size=30),
    st.integers(min_value=0, max_value=6),
    st.data(),
)
def test_negation_table_equals_the_scan(kinds: list[str], window: int, data: st.DataObject) -> None:
    import numpy as np

    from kube_qda.matching.negation import NegationTable
    from kube_qda.matching.tokens import TypeInfo
    from tests.reference_negation import is_negated

    def info(kind: str) -> TypeInfo:
        return TypeInfo(
            norm="ada" if kind == "ada" else kind,
            stem=kind,
            preds=(),
            first_preds=(),
            negator=kind in ("negator", "negstop"),
            filler=kind == "ada",
            stop=kind in ("stop", "negstop"),
            sentence_end=False,
        )

    infos = [info(k) for k in kinds] + [info("stop")]  # a batch ends with a boundary

    def flags(attr: str) -> np.ndarray:
        return np.array([getattr(i, attr) for i in infos], dtype=bool)

    table = NegationTable(
        flags("negator"),
        flags("stop"),
        flags("filler"),
        np.array([i.norm == "ada" for i in infos]),
        window,
    )
    n = len(kinds)
    for start in range(n):  # every one-piece hit
        for end in range(start + 1, n + 1):
            pieces = [(start, end)]
            assert table.negated(pieces) == is_negated(infos, pieces, window), (start, end)
    for _ in range(5):  # proximity hits: sorted, disjoint pieces
        cuts = sorted(data.draw(st.sets(st.integers(0, n), min_size=2, max_size=6)))
        pieces = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
        assert table.negated(pieces) == is_negated(infos, pieces, window), pieces


# -- proximity rules of two groups, all at once: as the one-by-one search per rule --

_SPANS = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 3)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=12,
)


@given(
    st.lists(
        st.tuples(_SPANS, _SPANS, st.integers(min_value=1, max_value=8), st.booleans()),
        min_size=1,
        max_size=4,
    ),
    st.sets(st.integers(0, 45), max_size=6),
)
# a second-group span that runs past the sentence end, and a nearer one that does not
@example(rules=[([(33, 34)], [(37, 40), (38, 39)], 5, False)], sentence_ends={0, 39})
# a left neighbour that overlaps the anchor
@example(rules=[([(10, 12)], [(9, 11), (5, 6), (14, 15)], 6, False)], sentence_ends=set())
def test_near_pair_hits_equal_the_search_per_rule(
    rules: list[tuple[list[tuple[int, int]], list[tuple[int, int]], int, bool]],
    sentence_ends: set[int],
) -> None:
    import numpy as np

    from kube_qda.matching.compile import NearRule
    from kube_qda.matching.hits import near_hits, near_pair_hits

    ends = sorted(sentence_ends)
    compiled = [NearRule(f"near:{k}", ((), ()), w, o) for k, (_, _, w, o) in enumerate(rules)]

    def flat(groups: list[list[tuple[int, int]]]) -> tuple[IntArray, IntArray, IntArray]:
        """(rule number, start, end) of every span of every rule, as arrays."""
        rows = [(q, s, e) for q, spans in enumerate(groups) for s, e in spans]
        table = np.array(rows, dtype=np.int64).reshape(-1, 3)
        return table[:, 0], table[:, 1], table[:, 2]

    got = near_pair_hits(
        compiled,
        flat([first for first, _, _, _ in rules]),
        flat([second for _, second, _, _ in rules]),
        np.array(ends, dtype="int64"),
        50,
    )
    expected = {
        q: near_hits(rule, [first, second], ends)
        for q, (rule, (first, second, _, _)) in enumerate(zip(compiled, rules, strict=True))
        if first and second and near_hits(rule, [first, second], ends)
    }
    assert got == expected


# -- texts tokenised in joined groups get exactly their own tokens -------------------

_EDGE_TEXTS = [
    "Kami jualan keripik, tapi susah laku.",
    "",
    "  diawali spasi",
    "diakhiri baris baru\n",
    "Rp. 50.000,- per bulan (dll.)",
    "gotong-royong\ttiap Minggu\n\nlalu rapat",
    "\n",
    "Bu Sri sering ngasih semangat.",
    "nggak",
]


@pytest.mark.parametrize("join", [1, 2, 3, 8])
def test_joined_groups_give_each_text_its_own_tokens(
    kube: Matcher, join: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kube_qda.matching.tokens as tokens

    monkeypatch.setattr(tokens, "JOIN", join)
    analyzer = kube.analyzer
    batch = analyzer.batch(_EDGE_TEXTS)
    tokenizer = analyzer.tokenizer
    assert len(batch.bounds) == len(_EDGE_TEXTS) + 1
    for k, text in enumerate(_EDGE_TEXTS):
        alone = [(t.text, t.idx) for t in tokenizer(text)]
        rows = range(batch.bounds[k], batch.bounds[k + 1] - 1)
        got = [(text[batch.idx[r] : batch.idx[r] + batch.length[r]], batch.idx[r]) for r in rows]
        assert got == alone, (join, text)
        assert batch.infos[batch.bounds[k + 1] - 1].sentence_end  # the boundary token


def test_groups_keep_whitespace_edged_and_empty_texts_alone() -> None:
    from kube_qda.matching.tokens import _groups

    texts = ["a", "b", " c", "d", "", "e", "f\n", "g", "h", "i"]
    assert _groups(texts, 2) == [(0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 9), (9, 10)]
    assert _groups(texts, 1) == [(k, k + 1) for k in range(len(texts))]
    assert _groups([], 8) == []


def test_a_separator_that_merges_falls_back_to_one_text_per_doc(
    kube: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a separator ever not become a token of its own (here: grouping forced
    onto a text that ends with a newline), the batch is tokenised again one text
    per Doc, with the same result."""
    import kube_qda.matching.tokens as tokens

    texts = ["jualannya susah laku\n", "kendalanya nggak ada", "kami nabung tiap minggu"]
    expected = [r.as_json() for r in kube.suggest(_segments(texts))]
    sizes: list[int] = []
    real = tokens._groups

    def one_group(texts: list[str], size: int) -> list[tuple[int, int]]:
        sizes.append(size)
        return [(0, len(texts))] if size > 1 else real(texts, size)

    monkeypatch.setattr(tokens, "_groups", one_group)
    assert [r.as_json() for r in kube.suggest(_segments(texts))] == expected
    assert sizes == [tokens.JOIN, 1]
    assert any(s["suggestions"] for s in expected)


def test_new_chunks_are_tokenised_alone_first_with_the_same_tokens(kube: Matcher) -> None:
    """Each whitespace-delimited chunk not seen before is tokenised alone once (so
    spaCy caches it even after a special case in a long Doc); the tokens of every
    text are spaCy's own, however often the batch is analysed."""
    analyzer = kube.analyzer
    calls: list[str] = []
    real = analyzer.tokenizer
    texts = [
        "Bu Sri (dll.) sering ngasih semangat,kopi",
        "abu-abu\nkami nabung, tiap minggu",
        "zzqx-baru wqzz.",
    ]
    analyzer.special_cases.add_for(texts)  # special cases first (they empty the cache)
    before = set(analyzer._chunks)

    class Spy:
        def __call__(self, text: str) -> object:
            calls.append(text)
            return real(text)

        def pipe(self, texts: object, batch_size: int = 64) -> object:
            return real.pipe(texts, batch_size=batch_size)

    analyzer.tokenizer = Spy()
    try:
        first = analyzer.batch(texts)
        again = analyzer.batch(texts)
    finally:
        analyzer.tokenizer = real
    new = {c for t in texts for c in t.split()} - before
    assert "zzqx-baru" in new
    assert sorted(calls) == sorted(new) and len(calls) == len(set(calls))
    for batch in (first, again):
        for k, text in enumerate(texts):
            rows = range(batch.bounds[k], batch.bounds[k + 1] - 1)
            got = [
                (text[batch.idx[r] : batch.idx[r] + batch.length[r]], int(batch.idx[r]))
                for r in rows
            ]
            assert got == [(t.text, t.idx) for t in real(text)], text


def test_the_tokenizer_caches_more_chunks_than_spacys_default(kube: Matcher) -> None:
    from kube_qda.matching.tokens import TOKEN_CACHE

    assert kube.analyzer.tokenizer.max_cache_size == TOKEN_CACHE > 10_000


def _segments(texts: list[str]) -> list[Segment]:
    return [Segment("d", k, 0, len(t), t, None, None, False) for k, t in enumerate(texts)]


def test_the_separator_is_whitespace_and_no_spacy_special_case(kube: Matcher) -> None:
    import kube_qda.matching.tokens as tokens

    assert tokens.SEPARATOR.isspace() and len(tokens.SEPARATOR) == 1
    assert tokens.SEPARATOR not in kube.analyzer.tokenizer.rules
    assert "\n" in kube.analyzer.tokenizer.rules  # why it is not a newline
