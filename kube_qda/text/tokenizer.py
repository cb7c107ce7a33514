"""spaCy's Indonesian tokenizer, ready in tens of milliseconds instead of seconds.

``spacy.blank("id")`` takes seconds to build: spaCy's Indonesian data lists about
15,600 special cases with a hyphen (reduplications such as ``abu-abu`` in five
spellings each, loanwords such as ``add-on``), and the tokenizer prepares every one
of them (tokenises it, adds it to a phrase matcher) before the first text. Importing
that data alone costs a tenth of a second.

Here the tokenizer is the same spaCy ``Tokenizer`` with the same rules, made faster
in two ways:

1. **Hyphenated special cases on demand.** They are left out at first and each is
   added the first time a text contains it (``HyphenatedWords.add_for``). A special
   case can only change how a text is split where its own characters occur, and it
   has no whitespace, so it can only act inside a whitespace-delimited chunk that
   contains it: adding every special case found in a chunk before the chunk is
   tokenised gives exactly the tokens of the fully built tokenizer.
2. **Shipped in spaCy's serialised form.** ``data/tokenizer/indonesian.bin`` is
   ``Tokenizer.to_bytes()`` of that tokenizer (its affix patterns and the other 349
   special cases) and ``indonesian.json`` lists the hyphenated special cases and the
   spaCy version they come from. ``make tokenizer`` writes both
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

#: No hyphenated special case is longer (spaCy 3.8's Indonesian data: 25 characters).
LONGEST = 40
DATA = resources.files("kube_qda") / "data" / "tokenizer"
SERIALISED = "indonesian.bin"
HYPHENATED = "indonesian.json"


class HyphenatedWords:
    """Adds hyphenated special cases to one tokenizer as texts need them."""

    def __init__(self, tokenizer: Any, special_cases: Iterable[str]) -> None:
        self.tokenizer = tokenizer
        self.waiting = set(special_cases)  # not added yet
        self._seen: set[str] = set()  # chunks already looked at

    def add_for(self, texts: Iterable[str]) -> bool:
        """Add every special case that occurs in ``texts``; True when any was added
        (spaCy then empties its token cache)."""
        added = False
        for text in texts:
            if "-" not in text:
                continue
            for chunk in text.split():
                if "-" in chunk and chunk not in self._seen:
                    self._seen.add(chunk)
                    added |= self._add_in(chunk)
        return added

    def _add_in(self, chunk: str) -> bool:
        """Add the special cases that are substrings of ``chunk``. Each is one token
        (its own text), as all of spaCy's hyphenated Indonesian special cases are."""
        from spacy.symbols import ORTH

        added = False
        for start in range(len(chunk)):
            for end in range(start + 2, min(len(chunk), start + LONGEST) + 1):
                piece = chunk[start:end]
                if piece in self.waiting:
                    self.tokenizer.add_special_case(piece, [{ORTH: piece}])
                    self.waiting.discard(piece)
                    added = True
        return added


def indonesian_tokenizer(vocab: Any) -> tuple[Any, HyphenatedWords]:
    """A spaCy tokenizer for Indonesian on ``vocab``, without its hyphenated special
    cases, and the helper that adds them on demand (call ``words.add_for([text])``
    before tokenising ``text``)."""
    from spacy.about import __version__ as spacy_version
    from spacy.tokenizer import Tokenizer

    shipped = json.loads((DATA / HYPHENATED).read_text("utf-8"))
    if shipped["spacy"] == spacy_version:
        tokenizer = Tokenizer(vocab).from_bytes((DATA / SERIALISED).read_bytes(), exclude=["vocab"])
        hyphenated: list[str] = shipped["special_cases"]
    else:
        tokenizer, hyphenated = _from_language_data(vocab)
    return tokenizer, HyphenatedWords(tokenizer, hyphenated)


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


def _from_language_data(vocab: Any) -> tuple[Any, list[str]]:
    """The tokenizer from the installed spaCy's Indonesian data, as ``spacy.blank("id")``
    builds it but without the hyphenated special cases, and those special cases."""
    from spacy.lang.id import Indonesian
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = Indonesian.Defaults
    exceptions: dict[str, Any] = defaults.tokenizer_exceptions
    hyphenated = sorted(text for text in exceptions if "-" in text)
    assert all(exceptions[text] == [{65: text}] for text in hyphenated)  # 65: ORTH
    assert max(map(len, hyphenated), default=0) <= LONGEST
    tokenizer = Tokenizer(
        vocab,
        rules={text: tokens for text, tokens in exceptions.items() if "-" not in text},
        prefix_search=compile_prefix_regex(defaults.prefixes).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex(defaults.infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )
    return tokenizer, hyphenated


def write_tokenizer_data(folder: Path) -> None:
    """Write the serialised tokenizer and its hyphenated special cases (``make tokenizer``)."""
    from spacy.about import __version__ as spacy_version
    from spacy.vocab import Vocab

    tokenizer, hyphenated = _from_language_data(Vocab())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SERIALISED).write_bytes(tokenizer.to_bytes(exclude=["vocab"]))
    listing = {"spacy": spacy_version, "special_cases": hyphenated}
    (folder / HYPHENATED).write_text(
        json.dumps(listing, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
