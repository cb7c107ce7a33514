"""Normalisation and stemming of colloquial Indonesian and Javanese word forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kube_qda.codebook.model import Profile
from kube_qda.text.profile import language_profile
from kube_qda.text.stem import (
    WordStemmer,
    _sastrawi,
    analysis_form,
    colloquial_variants,
    javanese_roots,
    sastrawi_may_change,
)


@pytest.fixture(scope="module")
def stemmer() -> WordStemmer:
    return WordStemmer(language_profile())


@pytest.mark.parametrize(
    ("word", "norm", "stem"),
    [
        ("nggak", "tidak", "tidak"),
        ("gak", "tidak", "tidak"),
        ("ora", "tidak", "tidak"),
        ("mboten", "tidak", "tidak"),
        ("udah", "sudah", "sudah"),
        ("wis", "sudah", "sudah"),
        ("sampun", "sudah", "sudah"),
        ("ngasih", "memberi", "beri"),
        ("nabung", "menabung", "tabung"),
        ("pinjem", "pinjam", "pinjam"),
        ("payu", "laku", "laku"),
        ("dodolan", "jualan", "jual"),
        ("Pelatihan", "pelatihan", "latih"),
        ("ngajarin", "mengajarkan", "ajar"),  # -in for -kan, ng- prefix
        ("dijelaske", "dijelaskan", "jelas"),  # Javanese -ke
        ("njelaske", "menjelaskan", "jelas"),  # Javanese nasal prefix
        ("kelompoke", "kelompok", "kelompok"),  # Javanese -e
        ("anake", "anak", "anak"),  # a root ending in k + -e, not -ke
        ("ngenalke", "mengenalkan", "kenal"),  # ng + kenal, Javanese -ke
        ("ngajuke", "mengajukan", "aju"),
        ("ngecek", "cek", "cek"),  # nge + a one-syllable root
        ("ngelola", "mengelola", "kelola"),
        ("saiki", "sekarang", "sekarang"),  # Javanese everyday words
        ("ewu", "ribu", "ribu"),
        ("nanging", "tetapi", "tetapi"),
        ("nyatet", "mencatat", "catat"),
        ("modalipun", "modal", "modal"),  # krama -ipun
        ("dipunsade", "dijual", "jual"),
        ("alon", "pelan", "pelan"),
        ("ngenalaken", "mengenalkan", "kenal"),  # krama -aken
        ("dipunpesen", "dipesan", "pesan"),  # krama passive dipun-
        ("nglatih", "melatih", "latih"),  # ng before l, r, w, y
        ("ngendika", "bilang", "bilang"),
        ("disepakati", "disepakati", "sepakat"),  # Sastrawi would over-stem to "pakat"
        ("kumpul-kumpul", "berkumpul", "kumpul"),
        ("simpan-pinjam", "simpan-pinjam", "simpan-pinjam"),
        # Javanese roots the profile knows, found under Javanese affixes
        ("dirembug", "dimusyawarah", "musyawarah"),  # di- + rembug
        ("madosaken", "cari", "cari"),  # m replaced p: pados, krama -aken
        ("nggolekke", "cari", "cari"),  # not the dictionary's golek (a puppet)
        ("dibalekke", "dikembali", "kembali"),
        ("nggawakke", "bawa", "bawa"),  # gawa + -kke
        ("raosipun", "rasa", "rasa"),  # krama -ipun
        ("ndherek", "ikut", "ikut"),
        ("nentuke", "menentukan", "tentu"),  # n replaced t; not n + entuk (dapat)
        # everyday colloquial Indonesian Sastrawi would leave or over-stem
        ("dapet", "dapat", "dapat"),
        ("belom", "belum", "belum"),  # Sastrawi alone: "bom"
        ("nyari", "mencari", "cari"),  # not ny + sari
        ("nyoba", "mencoba", "coba"),
        ("dikit", "sedikit", "sedikit"),
        # more everyday Javanese, and its affixed forms through the lexicon root
        ("liyane", "lainnya", "lain"),
        ("sanese", "lainnya", "lain"),  # krama "the other(s)", not the negator sanes
        ("banjur", "lalu", "lalu"),
        ("kesed", "malas", "malas"),
        ("dendo", "denda", "denda"),
        ("didendo", "didenda", "denda"),
        ("kawruh", "pengetahuan", "pengetahuan"),
        ("telung", "tiga", "tiga"),
        ("pametu", "penghasilan", "penghasilan"),  # not pa- + metu (keluar)
    ],
)
def test_colloquial_forms(stemmer: WordStemmer, word: str, norm: str, stem: str) -> None:
    assert stemmer(word) == (norm, stem)


@pytest.mark.parametrize("word", ["pendapatan", "pendapatannya", "pengetahuan", "kebersamaan"])
def test_no_stem_words_keep_their_form(stemmer: WordStemmer, word: str) -> None:
    norm, stem = stemmer(word)
    assert stem in {"pendapatan", "pengetahuan", "kebersamaan"}
    assert stem != stemmer("dapat")[1]


def test_javanese_tau_is_ever_not_know(stemmer: WordStemmer) -> None:
    # "ora tau" is Javanese "never"; Jakarta "nggak tau" would be "don't know",
    # so the word is left as it is rather than guessed either way
    assert stemmer("tau")[0] == "tau"


@pytest.mark.parametrize("word", ["ingin", "mungkin", "rutin", "main", "miskin"])
def test_real_words_ending_in_in_are_left_alone(stemmer: WordStemmer, word: str) -> None:
    assert stemmer(word) == (word, word)


def test_codebook_profile_extends_the_builtin_one() -> None:
    profile = language_profile(Profile(normalize={"ngopeni": "merawat"}, no_stem=["dipakai"]))
    stemmer = WordStemmer(profile)
    assert stemmer("ngopeni") == ("merawat", "rawat")
    assert stemmer("dipakai") == ("dipakai", "dipakai")
    assert stemmer("nggak") == ("tidak", "tidak")  # built-in entries remain


def test_javanese_roots_undo_nasals_prefixes_and_suffixes() -> None:
    assert (True, "rembug") in javanese_roots("dirembug")
    assert (False, "celeng") in javanese_roots("nyelengi")  # ny replaced c
    assert (False, "pados") in javanese_roots("madosaken")
    assert (False, "dandan") in javanese_roots("ndandani")  # n before a consonant: kept
    assert (False, "entuk") not in javanese_roots("nentuke")  # n before a vowel replaced t
    assert all(len(root) >= 4 for _, root in javanese_roots("ngana"))


def test_a_lexicon_root_must_map_to_a_root() -> None:
    # ngumpul -> berkumpul is an affixed form, so ngumpulke keeps its causative reading
    stemmer = WordStemmer(language_profile())
    assert stemmer("ngumpulke") == ("mengumpulkan", "kumpul")


def test_variants_are_guarded_by_the_dictionary() -> None:
    assert "mengajarkan" in colloquial_variants("ngajarin")


def test_stems_are_cached_per_type(stemmer: WordStemmer) -> None:
    first = stemmer("pelatihan")
    assert stemmer("pelatihan") is first


# Words never sent to Sastrawi must be words Sastrawi returns unchanged.
SYLLABLES = st.sampled_from(
    "a i u e o ba be bi da di ka ke ki la le li ma me mi na ne ni nga nge nya nye pa pe "
    "pi ra re ri sa se si ta te ti wa ya dha tha kan an is isme nya ku kau mu lah pun ng m n "
    "el em er in".split()
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(SYLLABLES, min_size=1, max_size=5).map("".join))
def test_words_sastrawi_cannot_change_are_not_sent(word: str) -> None:
    if not sastrawi_may_change(word, _sastrawi().dictionary.contains):
        assert _sastrawi().stem_word(word) == word


def test_every_sample_word_sastrawi_leaves_alone_is_known() -> None:
    import re

    from tests.conftest import ROOT

    words: set[str] = set()
    for path in (ROOT / "transcripts_sample").glob("w*"):
        if path.suffix in {".txt", ".md", ".srt", ".vtt"}:
            words.update(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
    known = _sastrawi().dictionary.contains
    skipped = [w for w in words if not sastrawi_may_change(w, known)]
    assert len(skipped) > 1000  # the shortcut matters: mostly Javanese words
    assert [w for w in skipped if _sastrawi().stem_word(w) != w] == []


@pytest.mark.parametrize(
    "word", ["mengajar", "telunjuk", "kupu-kupu", "rumahnya", "masukan", "kaulaken", "nangis"]
)
def test_words_sastrawi_may_change_are_sent(word: str) -> None:
    assert sastrawi_may_change(word, _sastrawi().dictionary.contains)


@pytest.mark.parametrize(
    ("written", "analysed"),
    [
        ("di*-handle*", "di-handle"),
        ("*nge-share*", "nge-share"),
        ("\\*\\*Kiki", "Kiki"),
        ("_di-manage_", "di-manage"),
        ("**", "**"),
        ("jualan", "jualan"),
    ],
)
def test_emphasis_markers_are_not_part_of_a_word(written: str, analysed: str) -> None:
    assert analysis_form(written) == analysed


def test_a_word_with_emphasis_is_analysed_as_the_bare_word(stemmer: WordStemmer) -> None:
    assert stemmer("di*-manage*") == stemmer("di-manage")
    assert stemmer("*dijual*") == stemmer("dijual")


@pytest.mark.parametrize("word", ["di*", "se.", "ke(", "be+", "me?", "di[a", "te\\", "pe$"])
def test_symbols_never_reach_sastrawi(stemmer: WordStemmer, word: str) -> None:
    # PySastrawi uses parts of a word as regular expressions; these would break it
    norm, stem = stemmer(word)
    assert isinstance(norm, str) and isinstance(stem, str)


@settings(max_examples=1500, deadline=None)
@given(st.text(min_size=0, max_size=30))
def test_any_string_is_analysed_without_error(word: str) -> None:
    stemmer = WordStemmer(language_profile())
    norm, stem = stemmer(word)
    assert isinstance(norm, str) and isinstance(stem, str)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("aiueo*_-.()+?[]\\$^|{}") + ["di", "me", "ng", "kan", "nya"]),
        max_size=8,
    ).map("".join)
)
def test_affixes_mixed_with_symbols_are_analysed_without_error(word: str) -> None:
    stemmer = WordStemmer(language_profile())
    assert len(stemmer(word)) == 2
