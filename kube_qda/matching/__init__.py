"""The pre-tagger: codebook rules compiled to pattern data and run over segments."""

from kube_qda.matching.matcher import Matcher
from kube_qda.matching.suggestion import Evidence, SegmentSuggestions, Suggestion

__all__ = ["Evidence", "Matcher", "SegmentSuggestions", "Suggestion"]
