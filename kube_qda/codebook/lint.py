"""Warnings about rules that will misfire; a codebook with warnings is still valid."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from kube_qda.codebook.loader import parse_yaml, read_codebook_text
from kube_qda.codebook.model import Code, Codebook, full_id
from kube_qda.errors import Problem
from kube_qda.text.profile import language_profile
from kube_qda.text.stem import WordStemmer

Path_ = tuple[str | int, ...]


def lint_codebook(codebook: Codebook, path: str | Path) -> list[Problem]:
    """Lint warnings for a codebook already loaded from ``path``, with positions."""
    _, positions = parse_yaml(read_codebook_text(Path(path)), str(path))
    return [
        Problem(str(path), *positions.of(where), message, severity="warning")
        for where, message in lint_messages(codebook)
    ]


def lint_messages(codebook: Codebook) -> list[tuple[Path_, str]]:
    """Every lint finding as (data path, message), in codebook order."""
    stemmer = WordStemmer(language_profile(codebook.profile))
    found: list[tuple[Path_, str]] = []
    owners: dict[str, list[tuple[str, Path_]]] = defaultdict(list)
    for ci, category in enumerate(codebook.categories):
        for ki, code in enumerate(category.codes):
            path: Path_ = ("categories", ci, "codes", ki)
            code_id = full_id(category, code)
            found += _code_messages(code, code_id, path, stemmer)
            for i, term in enumerate(code.match.keywords):
                owners[term_key(term, stemmer)].append((code_id, path + ("match", "keywords", i)))
    for term, places in owners.items():
        codes = sorted({code_id for code_id, _ in places})
        if len(codes) > 1:
            found.append(
                (places[-1][1], f"keyword '{term}' is used by several codes: {', '.join(codes)}")
            )
    return found


def term_key(term: str, stemmer: WordStemmer) -> str:
    """What a keyword term matches, as one comparable string."""
    words = []
    for word in term.split():
        if word.startswith("=") or word.endswith("*"):
            words.append(word)
        else:
            words.append(stemmer.stem(word))
    return " ".join(words)


def _code_messages(
    code: Code, code_id: str, path: Path_, stemmer: WordStemmer
) -> Iterator[tuple[Path_, str]]:
    match = code.match
    if not match.has_rules():
        yield path + ("id",), f"{code_id}: code has no match rules; it is never suggested"
    seen: dict[str, int] = {}
    unless = {term_key(t, stemmer) for t in match.unless}
    for i, term in enumerate(match.keywords):
        where = path + ("match", "keywords", i)
        key = term_key(term, stemmer)
        if key in seen:
            yield where, f"{code_id}: keyword '{term}' repeats keyword {seen[key] + 1} ('{key}')"
        seen.setdefault(key, i)
        if key in unless:
            yield where, f"{code_id}: keyword '{term}' is also in `unless`; it can never fire"
        yield from _common_stem(term, code_id, where, stemmer)
    for qi, question in enumerate(match.question):
        for ai, term in enumerate(question.answer):
            key = term_key(term, stemmer)
            if key in seen:
                yield (
                    path + ("match", "question", qi, "answer", ai),
                    f"{code_id}: answer '{term}' of question rule {qi + 1} is also keyword "
                    f"{seen[key] + 1}; it counts without the question anyway",
                )
    for i, pattern in enumerate(match.regex):
        if re.search(pattern, "") is not None:
            yield (
                path + ("match", "regex", i),
                f"{code_id}: regex {pattern!r} matches the empty string",
            )


def _common_stem(
    term: str, code_id: str, where: Path_, stemmer: WordStemmer
) -> Iterator[tuple[Path_, str]]:
    for word in term.split():
        if word.startswith("=") or word.endswith("*") or len(term.split()) > 1:
            continue
        norm, stem = stemmer(word)
        if stem != norm and stem in stemmer.profile.common_stems:
            yield (
                where,
                (
                    f"{code_id}: keyword '{word}' is matched by its stem '{stem}', a very common "
                    f"word; write '={word}' or add it to profile.no_stem"
                ),
            )
