"""The ``kube-qda`` command line: a thin layer over the library.

Heavy modules (spaCy, pydantic models, the stemmer) are imported inside the
commands that need them, so ``kube-qda --help`` starts fast.
"""

from __future__ import annotations

from kube_qda.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app(prog_name="kube-qda")


__all__ = ["app", "main"]
