"""Checks that need the whole codebook: unique ids, valid spaCy token patterns.

They run on the raw YAML data, before and independently of field validation, so
a codebook with a mistyped field still gets its duplicate ids reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Path_ = tuple[str | int, ...]


def whole_codebook_problems(data: dict[str, Any]) -> list[tuple[Path_, str]]:
    """Every cross-field problem as (data path, message)."""
    problems: list[tuple[Path_, str]] = []
    seen_categories: set[str] = set()
    seen_codes: set[str] = set()
    for ci, category in _items(data.get("categories")):
        cat_id = category.get("id")
        if isinstance(cat_id, str):
            if cat_id in seen_categories:
                problems.append((("categories", ci, "id"), f"duplicate category id '{cat_id}'"))
            seen_categories.add(cat_id)
        for ki, code in _items(category.get("codes")):
            path: Path_ = ("categories", ci, "codes", ki)
            code_id = code.get("id")
            if isinstance(code_id, str) and isinstance(cat_id, str):
                full = code_id if "." in code_id else f"{cat_id}.{code_id}"
                if full in seen_codes:
                    problems.append((path + ("id",), f"duplicate code id '{full}'"))
                seen_codes.add(full)
            match = code.get("match")
            patterns = match.get("patterns") if isinstance(match, dict) else None
            for pi, pattern in enumerate(patterns if isinstance(patterns, list) else []):
                if not isinstance(pattern, list):
                    continue  # a type error, reported by field validation
                for message in token_pattern_errors(pattern):
                    problems.append((path + ("match", "patterns", pi), f"token pattern: {message}"))
    return problems


def _items(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def token_pattern_errors(pattern: list[Any]) -> list[str]:
    """What spaCy says is wrong with a Matcher token pattern (empty if valid)."""
    if not pattern:
        return ["a token pattern needs at least one token"]
    from spacy.schemas import validate_token_pattern

    return [str(e) for e in validate_token_pattern(pattern)]
