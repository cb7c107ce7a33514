"""The plain record every analysis function takes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class CodeApplication(NamedTuple):
    """One code on one segment.

    ``speaker`` is the canonical speaker; ``person`` names the informant across
    documents when known (the ``informant`` attribute of a one-informant document);
    ``attributes`` are the document's attributes; ``text`` the segment text (quotes).
    """

    document: str
    segment: int
    code: str
    speaker: str | None = None
    person: str | None = None
    attributes: Mapping[str, str] | None = None
    text: str = ""

    def informant(self) -> tuple[str, str] | None:
        """Who said it: the named person, else (document, speaker); None if unknown."""
        if self.person:
            return ("", self.person)
        if self.speaker:
            return (self.document, self.speaker)
        return None

    def attribute(self, name: str) -> str:
        """The document attribute ``name``, or "" when it is not set."""
        if name == "document":
            return self.document
        return str((self.attributes or {}).get(name, ""))
