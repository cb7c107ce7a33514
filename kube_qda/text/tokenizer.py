"""spaCy's Indonesian tokenizer, ready in tens of milliseconds instead of seconds.

``spacy.blank("id")`` takes seconds to build: spaCy's Indonesian data lists about
15,960 special cases (reduplications such as ``abu-abu`` in five spellings each,
loanwords such as ``add-on``, abbreviations such as ``dll.``, emoticons), and the
tokenizer prepares every one of them (tokenises it, adds it to a phrase matcher)
before the first text. Importing that data alone costs a tenth of a second.

Here the tokenizer is the same spaCy ``Tokenizer`` with the same rules, made faster
in two ways:

1. **Special cases on demand.** Only the ten with whitespace in them are built in;
   every other one is added the first time a text contains it
   (``SpecialCases.add_for``). A special case can only change how a text is split
   where its own characters occur, and one without whitespace can only act inside a
   whitespace-delimited chunk that contains it: adding every special case found in a
   chunk before the chunk is tokenised gives exactly the tokens of the fully built
   tokenizer.
2. **Shipped in spaCy's serialised form.** ``data/tokenizer/indonesian.bin`` is
   ``Tokenizer.to_bytes()`` of that tokenizer (its affix patterns and the ten special
   cases) and ``indonesian.json`` lists the other special cases (``one_token``: those
   that keep their text as one token; ``other``: the few that split it or set a NORM)
   and the spaCy version they come from. ``make tokenizer`` writes both
   (``write_tokenizer_data``); with any other spaCy version installed, the tokenizer
   is built from that version's own language data instead.

``tests/test_tokenizer.py`` compares the tokens with ``spacy.blank("id")`` on every
sample transcript, the robustness corpus and generated text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

#: No special case is longer (spaCy 3.8's Indonesian data: 25 characters).
LONGEST = 40
DATA = resources.files("kube_qda") / "data" / "tokenizer"
SERIALISED = "indonesian.bin"
SPECIAL_CASES = "indonesian.json"
#: A special case's tokens: their attributes by name (``ORTH``, sometimes ``NORM``).
Tokens = list[dict[str, str]]


class SpecialCases:
    """Adds special cases to one tokenizer as the texts it meets need them."""

    def __init__(self, tokenizer: Any, waiting: dict[str, Tokens]) -> None:
        self.tokenizer = tokenizer
        self.waiting = set(waiting)  # not added yet
        #: the tokens of each waiting special case that is not simply one token, itself
        self._tokens = {
            text: tokens for text, tokens in waiting.items() if tokens != [{"ORTH": text}]
        }
        #: the waiting special cases made of letters and digits only (a few emoticons
        #: and abbreviations): the only ones a chunk of letters and digits can hold
        self._alphanumeric = [text for text in waiting if text.isalnum()]
        self._seen: set[str] = set()  # chunks already looked at

    def add_own(self, text: str) -> None:
        """Add a special case of the caller's own now: ``text`` stays one token. It
        replaces spaCy's special case for the same text, if any."""
        from spacy.symbols import ORTH

        self.waiting.discard(text)
        self.tokenizer.add_special_case(text, [{ORTH: text}])

    def add_for(self, texts: Iterable[str]) -> bool:
        """Add every special case that occurs in ``texts``; True when any was added
        (spaCy then empties its token cache)."""
        return self.add_for_chunks({chunk for text in texts for chunk in text.split()})

    def add_for_chunks(self, chunks: Iterable[str]) -> bool:
        """``add_for`` for whitespace-delimited chunks of text."""
        added = False
        for chunk in chunks:
            if chunk not in self._seen:
                self._seen.add(chunk)
                added |= self._add_in(chunk)
        return added

    def _add_in(self, chunk: str) -> bool:
        """Add the waiting special cases that are substrings of ``chunk``."""
        if chunk.isalnum():
            found = [text for text in self._alphanumeric if text in chunk]
        else:
            found = [
                chunk[start:end]
                for start in range(len(chunk))
                for end in range(start + 1, min(len(chunk), start + LONGEST) + 1)
                if chunk[start:end] in self.waiting
            ]
        for text in found:
            if text in self.waiting:
                self.waiting.discard(text)
                tokens = self._tokens.get(text, [{"ORTH": text}])
                self.tokenizer.add_special_case(text, _attributes(tokens))
        return bool(found)


def _attributes(tokens: Tokens) -> list[dict[int, str]]:
    """Token attributes keyed by spaCy's attribute ids, as ``add_special_case`` takes them."""
    from spacy.symbols import NORM, ORTH

    ids = {"ORTH": ORTH, "NORM": NORM}
    return [{ids[name]: value for name, value in token.items()} for token in tokens]


def _names(tokens: list[dict[int, str]]) -> Tokens:
    from spacy.symbols import NORM, ORTH

    names = {ORTH: "ORTH", NORM: "NORM"}
    return [{names[key]: value for key, value in token.items()} for token in tokens]


def indonesian_tokenizer(vocab: Any) -> tuple[Any, SpecialCases]:
    """A spaCy tokenizer for Indonesian on ``vocab`` and the helper that adds its
    special cases on demand (call ``special_cases.add_for([text])`` before tokenising
    ``text``)."""
    from spacy.about import __version__ as spacy_version
    from spacy.tokenizer import Tokenizer

    shipped = json.loads((DATA / SPECIAL_CASES).read_text("utf-8"))
    if shipped["spacy"] == spacy_version:
        tokenizer = Tokenizer(vocab).from_bytes((DATA / SERIALISED).read_bytes(), exclude=["vocab"])
        waiting = {text: [{"ORTH": text}] for text in shipped["one_token"]}
        waiting.update(shipped["other"])
    else:
        tokenizer, waiting = _from_language_data(vocab)
    return tokenizer, SpecialCases(tokenizer, waiting)


def indonesian_vocab(*, lexical_attributes: bool) -> Any:
    """A spaCy vocabulary. Token patterns and the sentencizer read lexical attributes
    (``LIKE_NUM``, ``IS_STOP``, ``IS_PUNCT`` ...), which need spaCy's Indonesian
    language data (``True``); tokenising alone does not."""
    if lexical_attributes:
        from spacy.lang.id import Indonesian
        from spacy.vocab import create_vocab

        return create_vocab("id", Indonesian.Defaults)
    from spacy.vocab import Vocab

    return Vocab()


def _from_language_data(vocab: Any) -> tuple[Any, dict[str, Tokens]]:
    """The tokenizer from the installed spaCy's Indonesian data, as ``spacy.blank("id")``
    builds it but with only the special cases that hold whitespace, and the others."""
    from spacy.lang.id import Indonesian
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = Indonesian.Defaults
    exceptions: dict[str, Any] = defaults.tokenizer_exceptions
    built_in = {text: tokens for text, tokens in exceptions.items() if _has_space(text)}
    waiting = {text: _names(tokens) for text, tokens in exceptions.items() if not _has_space(text)}
    assert max(map(len, waiting), default=0) <= LONGEST
    tokenizer = Tokenizer(
        vocab,
        rules=built_in,
        prefix_search=compile_prefix_regex(defaults.prefixes).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex(defaults.infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )
    return tokenizer, waiting


def _has_space(text: str) -> bool:
    return any(c.isspace() for c in text)


def write_tokenizer_data(folder: Path) -> None:
    """Write the serialised tokenizer and its other special cases (``make tokenizer``)."""
    from spacy.about import __version__ as spacy_version
    from spacy.vocab import Vocab

    tokenizer, waiting = _from_language_data(Vocab())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SERIALISED).write_bytes(tokenizer.to_bytes(exclude=["vocab"]))
    one_token = sorted(text for text, tokens in waiting.items() if tokens == [{"ORTH": text}])
    other = {text: waiting[text] for text in sorted(set(waiting) - set(one_token))}
    listing = {"spacy": spacy_version, "one_token": one_token, "other": other}
    (folder / SPECIAL_CASES).write_text(
        json.dumps(listing, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
