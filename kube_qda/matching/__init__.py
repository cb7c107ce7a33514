"""The pre-tagger: codebook rules compiled to pattern data and run over segments.

``Matcher`` and the suggestion records are imported lazily, so that a module of this
package that needs neither numpy nor spaCy (``compile``, for ``search``) stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kube_qda.matching.matcher import Matcher
    from kube_qda.matching.suggestion import Evidence, SegmentSuggestions, Suggestion

_LAZY = {
    "Matcher": "kube_qda.matching.matcher",
    "Evidence": "kube_qda.matching.suggestion",
    "SegmentSuggestions": "kube_qda.matching.suggestion",
    "Suggestion": "kube_qda.matching.suggestion",
}

__all__ = ["Evidence", "Matcher", "SegmentSuggestions", "Suggestion"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kube_qda.matching' has no attribute {name!r}")
    return getattr(import_module(module), name)
