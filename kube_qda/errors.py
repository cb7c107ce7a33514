"""Named exceptions. The CLI turns each into a one-line ``Error: ...``.

The message of every error names the file and the place (line, column or
segment) it concerns, and never quotes a participant's words.
"""

from __future__ import annotations

from dataclasses import dataclass


class KubeQdaError(Exception):
    """Base class of every error a user can cause; ``str(err)`` is what they see."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class CodebookError(KubeQdaError):
    """A codebook could not be read or is invalid; ``problems`` lists every error."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class TranscriptError(KubeQdaError):
    """A transcript could not be read or parsed."""


class UnknownCode(KubeQdaError):
    """A code id that is not in the codebook."""


class MatcherError(KubeQdaError):
    """A match rule failed while running (for instance a regex over its time budget)."""


class ModelError(KubeQdaError):
    """A learned model file cannot be read or does not fit the codebook."""


class ProjectError(KubeQdaError):
    """The project file is missing, not a kube-qda project, or cannot be used."""
