"""The language profile: built-in data merged with a codebook's own ``profile:``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from kube_qda.codebook.model import Profile


@dataclass(frozen=True)
class LanguageProfile:
    """Everything the normaliser, stemmer and negation check need to know."""

    normalize: dict[str, str]
    negation_words: frozenset[str]
    negation_window: int
    negation_skip: frozenset[str]
    negation_stop: frozenset[str]
    no_stem: frozenset[str]
    common_stems: frozenset[str]


@lru_cache(maxsize=1)
def _builtin() -> dict[str, object]:
    text = (resources.files("kube_qda") / "data" / "indonesian.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml if built
    assert isinstance(data, dict)
    return data


def language_profile(own: Profile | None = None) -> LanguageProfile:
    """The built-in Indonesian/Javanese profile with ``own`` merged over it."""
    base = _builtin()
    own = own or Profile()
    normalize = {str(k).lower(): str(v).lower() for k, v in dict(base["normalize"]).items()}  # type: ignore[call-overload]
    normalize.update({k.lower(): v.lower() for k, v in own.normalize.items()})

    def words(key: str, extra: list[str]) -> frozenset[str]:
        values = list(base[key])  # type: ignore[call-overload]
        return frozenset(str(w).lower() for w in values + extra)

    return LanguageProfile(
        normalize=normalize,
        negation_words=words("negation_words", own.negation_words),
        negation_window=own.negation_window or int(base["negation_window"]),  # type: ignore[call-overload]
        negation_skip=words("negation_skip", own.negation_skip),
        negation_stop=words("negation_stop", []),
        no_stem=words("no_stem", own.no_stem),
        common_stems=words("common_stems", []),
    )
