"""kube-qda: qualitative coding of Indonesian interview transcripts.

The library API (imported lazily, so ``import kube_qda`` stays light)::

    from kube_qda import load_codebook, read_transcript, segments, Matcher, Project
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_codebook": "kube_qda.codebook.loader",
    "codebook_from_text": "kube_qda.codebook.loader",
    "Codebook": "kube_qda.codebook.model",
    "lint_codebook": "kube_qda.codebook.lint",
    "read_transcript": "kube_qda.transcripts.readers",
    "segments": "kube_qda.transcripts.segment",
    "read_attributes_csv": "kube_qda.transcripts.attributes",
    "Transcript": "kube_qda.transcripts.model",
    "Segment": "kube_qda.transcripts.model",
    "Matcher": "kube_qda.matching.matcher",
    "Project": "kube_qda.project.store",
    "ReviewSession": "kube_qda.review.session",
    "ProjectError": "kube_qda.errors",
    "KubeQdaError": "kube_qda.errors",
    "CodebookError": "kube_qda.errors",
    "TranscriptError": "kube_qda.errors",
    "UnknownCode": "kube_qda.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kube_qda' has no attribute {name!r}")
    return getattr(import_module(module), name)
