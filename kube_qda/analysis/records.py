"""The plain record every analysis function takes."""

from __future__ import annotations

from typing import NamedTuple


class CodeApplication(NamedTuple):
    """One code on one segment. ``speaker`` is the canonical speaker (None if unknown)."""

    document: str
    segment: int
    code: str
    speaker: str | None = None
