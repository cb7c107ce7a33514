"""A findings chapter as a flat list of blocks, which each writer (Word, HTML,
Markdown) turns into its own format. Tables and figures carry their numbers
("Tabel 4.1", "Gambar 4.1"), given in the order they appear."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    level: int  # 1: the chapter and the appendix, 2: sections, 3: codes
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    #: a run in bold before the text (a term being defined)
    lead: str = ""


@dataclass(frozen=True)
class ListItem:
    """One item of a numbered list; ``number`` continues the list across the
    paragraphs between its items."""

    number: int
    text: str


@dataclass(frozen=True)
class Quote:
    """An interview excerpt set off as a quotation, with who said it."""

    text: str
    attribution: str


@dataclass(frozen=True)
class Table:
    label: str  # "Tabel 4.1"
    caption: str  # the caption's words after the label
    columns: list[str]
    rows: list[list[str | int | float]]
    numeric: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Figure:
    label: str  # "Gambar 4.1"
    caption: str
    png: bytes
    #: the width to print it at, in centimetres
    width_cm: float = 15.0


Block = Heading | Paragraph | ListItem | Quote | Table | Figure


def cell_text(value: str | int | float) -> str:
    """A table cell as written: numbers with two decimals when not whole."""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
