"""PySastrawi's stemmer, with its regular expressions looked up faster.

PySastrawi (1.2) calls ``re.match(pattern_string, word)`` about fifty times per
word it stems, and ``re.sub(stem, "", word, count=1)`` with each word's own stem
as the pattern, so every new word compiles a new regular expression and churns
Python's regex cache. Its modules get a stand-in for ``re`` that keeps compiled
patterns without churn and removes a plain-letter pattern as the literal text it
is; the stems are the same (``tests/test_stem.py`` compares both on thousands of
words). A cold run stems several thousand word types, and this makes that about a
third cheaper.
"""

from __future__ import annotations

import re
import sys
from typing import Any

#: A pattern with no regex syntax in it (Sastrawi's stems: letters, digits, hyphens).
_LITERAL = re.compile(r"[a-z0-9\-]*\Z")
_MAX_PATTERNS = 1024


class FastRe:
    """The part of ``re`` PySastrawi uses (``match``, ``sub``), plus everything
    else of ``re`` by delegation."""

    def __init__(self) -> None:
        self._compiled: dict[tuple[str, int], re.Pattern[str]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    def _pattern(self, pattern: str, flags: int) -> re.Pattern[str]:
        key = (pattern, int(flags))
        found = self._compiled.get(key)
        if found is None:
            if len(self._compiled) >= _MAX_PATTERNS:
                self._compiled.clear()
            found = self._compiled[key] = re.compile(pattern, flags)
        return found

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self._pattern(pattern, flags).match(string)

    def sub(self, pattern: str, repl: str, string: str, count: int = 0, flags: int = 0) -> str:
        if (
            not flags
            and isinstance(pattern, str)
            and isinstance(repl, str)
            and "\\" not in repl
            and _LITERAL.match(pattern)
        ):
            return string.replace(pattern, repl, count if count > 0 else -1)
        return self._pattern(pattern, flags).sub(repl, string, count)


def use_fast_re(on: bool = True) -> int:
    """Give every loaded PySastrawi module that imported ``re`` the stand-in (or,
    with ``on`` false, ``re`` back); the number of modules changed."""
    fast = FastRe() if on else None
    changed = 0
    for name, module in list(sys.modules.items()):
        current = getattr(module, "re", None)
        if name.startswith("Sastrawi") and (current is re or isinstance(current, FastRe)):
            module.re = fast or re  # type: ignore[attr-defined]
            changed += 1
    return changed


def stemmer() -> Any:
    """A new PySastrawi stemmer (its uncached core: the caller caches), with the
    stand-in for ``re`` installed."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    made = StemmerFactory().create_stemmer().delegatedStemmer
    use_fast_re()
    return made
