"""Normalisation and stemming of colloquial Indonesian and Javanese word forms."""

from __future__ import annotations

import pytest

from kube_qda.codebook.model import Profile
from kube_qda.text.profile import language_profile
from kube_qda.text.stem import WordStemmer, colloquial_variants


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
    ],
)
def test_colloquial_forms(stemmer: WordStemmer, word: str, norm: str, stem: str) -> None:
    assert stemmer(word) == (norm, stem)


@pytest.mark.parametrize("word", ["pendapatan", "pendapatannya", "pengetahuan", "kebersamaan"])
def test_no_stem_words_keep_their_form(stemmer: WordStemmer, word: str) -> None:
    norm, stem = stemmer(word)
    assert stem in {"pendapatan", "pengetahuan", "kebersamaan"}
    assert stem != stemmer("dapat")[1]


@pytest.mark.parametrize("word", ["ingin", "mungkin", "rutin", "main", "miskin"])
def test_real_words_ending_in_in_are_left_alone(stemmer: WordStemmer, word: str) -> None:
    assert stemmer(word) == (word, word)


def test_codebook_profile_extends_the_builtin_one() -> None:
    profile = language_profile(Profile(normalize={"ngopeni": "merawat"}, no_stem=["dipakai"]))
    stemmer = WordStemmer(profile)
    assert stemmer("ngopeni") == ("merawat", "rawat")
    assert stemmer("dipakai") == ("dipakai", "dipakai")
    assert stemmer("nggak") == ("tidak", "tidak")  # built-in entries remain


def test_variants_are_guarded_by_the_dictionary() -> None:
    assert "mengajarkan" in colloquial_variants("ngajarin")


def test_stems_are_cached_per_type(stemmer: WordStemmer) -> None:
    first = stemmer("pelatihan")
    assert stemmer("pelatihan") is first
