"""Normalise and stem one word type, cached: colloquial form -> standard form -> stem.

PySastrawi does the stemming. Colloquial and Javanese affixes it does not know
(``ng-``/``ny-``/``nge-`` prefixes, ``-in`` and Javanese ``-ke``/``-ake`` for
``-kan``, Javanese ``-e``/``-ne``, krama ``dipun-``, ``-aken``, ``-ipun``) are tried
only when the word itself is unknown, and a variant is accepted only when its stem
is in Sastrawi's root-word dictionary, so real words are never rewritten by
guesswork. The accepted variant becomes the
word's normalised form: ``dijelaske`` -> ``dijelaskan`` (stem ``jelas``). A Javanese
word whose root the language profile maps (``rembug: musyawarah``) is found under its
Javanese affixes and nasal (``dirembug``, ``madosaken``, ``nggolekke``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from kube_qda.text.profile import LanguageProfile

#: Clitics stripped before a no_stem lookup (pendapatannya -> pendapatan).
CLITICS = ("nipun", "ipun", "nya", "ne", "ku", "mu", "lah", "pun", "e")
_VOWEL = re.compile(r"^[aiueo]")
_VOWEL_GROUP = re.compile(r"[aiueo]+")
#: Krama possessive endings (-nya): griyanipun, modalipun.
KRAMA_CLITICS = ("nipun", "ipun")
#: The affixes PySastrawi strips (its visitors and prefix rules):
#: a word it cannot change is not sent to it (Sastrawi's failing search is its
#: slowest path: most Javanese words), see ``sastrawi_may_change``.
SASTRAWI_PREFIX = re.compile(
    r"^(?:di|ke|se|be|te|me|pe|ku|kau|er|[bcdfghjklmnpqrstvwxyz](?:el|em|er|in)[aiueo])"
)
#: Sastrawi's suffix steps, in its order: particle, possessive, derivational.
SASTRAWI_SUFFIX_STEPS = tuple(
    re.compile(p)
    for p in (r"-*(lah|kah|tah|pun)$", r"-*(ku|mu|nya)$", r"(is|isme|isasi|i|kan|an)$")
)
#: Affixes tried when checking whether Sastrawi over-stemmed a word.
PREFIXES = ("di", "ke", "se", "ter", "ber", "")
SUFFIXES = ("kan", "an", "i", "")


#: What PySastrawi may be given: letters and digits only. It uses parts of the word
#: as regular expressions, so anything else (``*``, ``(``, ``+``) could break it.
_SASTRAWI_WORD = re.compile(r"[^\W_]+")
#: Markdown emphasis and its converters' escapes, ignored inside and around a word:
#: ``di*-handle*`` is analysed as ``di-handle``, ``\*nge-share\*`` as ``nge-share``.
EMPHASIS = re.compile(r"\\?[*_]")


class RootWords:
    """PySastrawi's root-word dictionary as a set: all its stemmer asks is ``contains``.
    (Its own ``ArrayDictionary`` adds the 30,000 words one call at a time.)"""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(word for word in words if word.strip())

    def contains(self, word: str) -> bool:
        return word in self.words


@lru_cache(maxsize=1)
def _sastrawi() -> Any:
    """PySastrawi's stemmer on its bundled dictionary, uncached (``WordStemmer``
    caches per word)."""
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return Stemmer(RootWords(StemmerFactory().get_words()))


def analysis_form(word: str) -> str:
    """The word as analysed: emphasis markers (``*``, ``_``, escaped or not) removed
    when letters remain; a token of markers alone is kept as punctuation."""
    if "*" not in word and "_" not in word:
        return word
    bare = EMPHASIS.sub("", word)
    return bare if any(c.isalnum() for c in bare) else word


class WordStemmer:
    """Maps a word type to (normalised form, stem); one cache entry per type."""

    def __init__(self, profile: LanguageProfile) -> None:
        self.profile = profile
        self._cache: dict[str, tuple[str, str]] = {}
        #: Sastrawi's (checked) root of each word sent to it: colloquial variants
        #: of different words often lead to the same standard word
        self._roots: dict[str, str] = {}
        self._stemmer = _sastrawi()
        self._dictionary = self._stemmer.dictionary

    def __call__(self, word: str) -> tuple[str, str]:
        """``(norm, stem)`` of a word (any case)."""
        hit = self._cache.get(word)
        if hit is None:
            lower = word.lower()
            hit = self._cache.get(lower)
            if hit is None:
                hit = self._cache[lower] = self._analyse(lower)
            self._cache[word] = hit
        return hit

    def norm(self, word: str) -> str:
        return self(word)[0]

    def stem(self, word: str) -> str:
        return self(word)[1]

    def _analyse(self, lower: str) -> tuple[str, str]:
        lower = analysis_form(lower)
        norm = self.profile.normalize.get(lower, lower)
        literal = self._no_stem_form(norm)
        if literal is not None:
            return norm, literal
        if not any(c.isalpha() for c in norm):
            return norm, norm
        for clitic in KRAMA_CLITICS:  # Sastrawi would take "pun" for the particle
            base = norm.removesuffix(clitic)
            if base != norm and len(base) >= 3:
                base = self.profile.normalize.get(base, base)
                if self._dictionary.contains(base):
                    return base, base
        stem = self._stem(norm)
        if stem == norm and not self._dictionary.contains(norm):
            found = self._colloquial(norm)
            if found is not None:
                return found
        return norm, stem

    def _stem(self, word: str) -> str:
        if "-" in word:
            parts = word.split("-")
            if len(parts) == 2 and parts[0] == parts[1]:  # reduplication: kumpul-kumpul
                return self._root(parts[0])
            return "-".join(self._root(p) for p in parts if p)
        return self._root(word)

    def _root(self, word: str) -> str:
        """Sastrawi's stem, unless it over-stemmed: disepakati -> sepakat, not pakat."""
        found = self._roots.get(word)
        if found is None:
            found = self._roots[word] = self._checked_root(word)
        return found

    def _checked_root(self, word: str) -> str:
        if not _SASTRAWI_WORD.fullmatch(word) or not sastrawi_may_change(
            word, self._dictionary.contains
        ):
            return word
        stem = str(self._stemmer.stem_word(word))
        for prefix in PREFIXES:
            if not word.startswith(prefix):
                continue
            for suffix in SUFFIXES:
                core = word[len(prefix) : len(word) - len(suffix)]
                if (
                    word.endswith(suffix)
                    and len(core) > len(stem)
                    and stem in core
                    and self._dictionary.contains(core)
                ):
                    return core
        return stem

    def _no_stem_form(self, norm: str) -> str | None:
        if norm in self.profile.no_stem:
            return norm
        for clitic in CLITICS:
            base = norm.removesuffix(clitic)
            if base != norm and base in self.profile.no_stem:
                return base
        return None

    def _colloquial(self, word: str) -> tuple[str, str] | None:
        """(standard spelling, stem) of a colloquial word, if a variant is a known root.

        A suffix-stripped form that is itself a root wins over every prefixed
        variant: ``anake`` is ``anak``, while ``ngenalke`` is ``mengenalkan``. Next,
        a Javanese root the profile knows, under Javanese affixes: ``dirembug`` is
        ``musyawarah`` because the profile maps ``rembug``; ``madosaken`` is ``cari``.
        """
        for base in suffix_variants(word)[1:]:
            mapped = self.profile.normalize.get(base, base)
            if self._dictionary.contains(mapped):
                return mapped, mapped
        for passive, root in javanese_roots(word):
            known = self.profile.normalize.get(root)
            if known is not None and self._root(known) == known:  # a root for a root
                return ("di" + known if passive else known), known
        for variant in colloquial_variants(word):
            mapped = self.profile.normalize.get(variant, variant)
            if self._dictionary.contains(mapped):
                return mapped, mapped
            stem = self._root(mapped)
            if stem != mapped and self._dictionary.contains(stem):
                return mapped, stem
        return None


#: Colloquial and Javanese suffixes and their standard forms, longest first.
SUFFIX_VARIANTS = (
    *((clitic, "") for clitic in KRAMA_CLITICS),
    ("aken", "kan"),  # krama -aken: ngenalaken
    ("ake", "kan"),
    ("in", "kan"),
    ("ke", "kan"),
    ("ne", ""),
    ("e", ""),
    ("an", ""),
)


def sastrawi_may_change(word: str, known: Callable[[str], bool]) -> bool:
    """Whether PySastrawi could return anything but ``word`` (lower case); ``known``
    is its root-word dictionary's lookup.

    Sastrawi returns a root it reaches by stripping affixes, or the word itself. A
    word with a hyphen (reduplication) or a prefix it strips may change. Without
    one, no prefix rule applies to the word or to its shorter forms (they begin
    alike), so it can only reach a form with suffixes stripped (and ``k`` put back
    for ``-kan``): if no such form is a root, the word comes back unchanged."""
    if "-" in word or SASTRAWI_PREFIX.match(word):
        return True
    forms = {word}
    for step in SASTRAWI_SUFFIX_STEPS:
        forms |= {step.sub("", form, count=1) for form in forms}
    forms.discard(word)
    return any(known(form) or known(form + "k") for form in forms)


def suffix_variants(word: str) -> list[str]:
    """The word, then the word with each colloquial suffix made standard."""
    out = [word]
    for suffix, standard in SUFFIX_VARIANTS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            out.append(word[: -len(suffix)] + standard)
    return out


#: Javanese prefixes (passive, nominal, krama) stripped whole.
JAVANESE_PREFIXES = ("dipun", "kapi", "di", "ka", "ke", "pi", "sa", "pa")
PASSIVE_PREFIXES = ("dipun", "di", "ka")
#: Javanese nasal prefixes and, before a vowel, the root consonants they replaced
#: ("" = none: ngarit is arit); before a consonant the root is kept (ndandani, mbayar).
JAVANESE_NASALS = (("ny", ("c", "s")), ("ng", ("k", "")), ("m", ("p",)), ("n", ("t",)))
#: Javanese suffixes (-ke/-ake/-aken causative, -i/-ni locative, -e/-ne/-ipun
#: possessive, -an/-na/-a), longest first.
JAVANESE_SUFFIXES = (*"nipun ipun aken kake ake kke ke ane ne ni na an e i a".split(), "")
#: A stripped root shorter than this is never looked up (ana, iki, lan are words).
MIN_JAVANESE_ROOT = 4


def javanese_roots(word: str) -> list[tuple[bool, str]]:
    """Candidate Javanese roots of an affixed word, most likely first, each with
    whether a passive prefix was taken off: ``dirembug`` -> ``(True, rembug)``;
    ``nyelengi`` -> ``(False, celeng)``; ``madosaken`` -> ``(False, pados)``."""
    stems: list[tuple[bool, str]] = []
    for prefix in JAVANESE_PREFIXES:
        if word.startswith(prefix):
            stems.append((prefix in PASSIVE_PREFIXES, word[len(prefix) :]))
    for nasal, replaced in JAVANESE_NASALS:
        if word.startswith(nasal) and not (nasal == "n" and word.startswith(("ng", "ny"))):
            rest = word[len(nasal) :]
            if _VOWEL.match(rest):
                stems.extend((False, first + rest) for first in replaced)
            elif nasal != "ny":
                stems.append((False, rest))
            break
    out: list[tuple[bool, str]] = []
    seen: set[str] = set()
    for passive, stem in [*stems, (False, word)]:
        for suffix in JAVANESE_SUFFIXES:
            if stem.endswith(suffix):
                root = stem[: len(stem) - len(suffix)] if suffix else stem
                if len(root) >= MIN_JAVANESE_ROOT and root != word and root not in seen:
                    seen.add(root)
                    out.append((passive, root))
    return out


def colloquial_variants(word: str) -> list[str]:
    """Standard spellings a colloquial word may stand for, most likely first."""
    stems = suffix_variants(word)
    out: list[str] = []
    for base in stems:
        out.extend(_prefix_variants(base))
        if base != word:
            out.append(base)
    return out


def _prefix_variants(word: str) -> list[str]:
    if word.startswith("nge") and len(word) > 5:
        # nge + a one-syllable root (ngecek, ngecat); otherwise ng + a root whose
        # first k or vowel it replaced (ngenalke: kenal, ngelola: kelola)
        monosyllable = ["me" + word[3:], word[3:]]
        nasal = ["meng" + word[2:]]
        if len(_VOWEL_GROUP.findall(word[3:])) <= 1:
            return monosyllable + nasal
        return nasal + monosyllable
    if word.startswith("ng") and _VOWEL.match(word[2:]):
        return ["meng" + word[2:]]
    if word.startswith("ng") and word[2:3] in ("l", "r", "w", "y"):  # nglatih, ngrawat
        return ["me" + word[2:]]
    if word.startswith("ny") and _VOWEL.match(word[2:]):
        return ["meny" + word[2:]]
    if word.startswith(("n", "m")) and len(word) > 4:
        return ["me" + word]  # Javanese nasal prefix: njelaske, mbantu, nggugah
    if word.startswith("dipun") and len(word) > 7:  # krama passive: dipunsade
        return ["di" + word[5:]]
    if word.startswith("di") and len(word) > 5:
        return [word]
    return []


def dictionary_words() -> frozenset[str]:
    """PySastrawi's Indonesian root words (lower case): common words, for telling a
    name that is also a word (``Untung``, ``Bagus``) from one that is not."""
    words: frozenset[str] = _sastrawi().dictionary.words
    return words
