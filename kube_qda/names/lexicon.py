"""The words around names (``data/names.yaml``): honorifics, titles, role labels."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True)
class Lexicon:
    honorifics: frozenset[str]
    abbreviations: frozenset[str]
    titles: frozenset[str]
    roles: frozenset[str]
    not_names: frozenset[str]
    person_attributes: frozenset[str]
    place_attributes: frozenset[str]
    suffixes: tuple[str, ...]


@functools.cache
def lexicon() -> Lexicon:
    """The bundled lexicon (read once per process)."""
    text = resources.files("kube_qda").joinpath("data/names.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    words = {key: frozenset(str(w).lower() for w in data[key]) for key in data if key != "suffixes"}
    # the longest suffix first, so "nya" wins over "e" in the pattern
    suffixes = tuple(sorted((str(s) for s in data["suffixes"]), key=len, reverse=True))
    return Lexicon(suffixes=suffixes, **words)
