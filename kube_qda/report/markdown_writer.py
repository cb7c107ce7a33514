"""The chapter as Markdown for pandoc: pipe tables with ``Table:`` captions, quotes as
block quotes, the figure as a PNG written beside the Markdown file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from kube_qda.report.blocks import (
    Block,
    Figure,
    Heading,
    ListItem,
    Paragraph,
    Quote,
    Table,
    cell_text,
)


def write_markdown(blocks: Sequence[Block], path: Path) -> list[Path]:
    """Write ``path`` and its figures (``NAME-gambar-4-1.png``); returns the figures."""
    parts: list[str] = []
    figures: list[Path] = []
    for block in blocks:
        if isinstance(block, Figure):
            slug = re.sub(r"[^a-z0-9]+", "-", block.label.lower()).strip("-")
            image = path.with_name(f"{path.stem}-{slug}.png")
            image.write_bytes(block.png)
            figures.append(image)
            parts.append(f"![**{block.label}** {_inline(block.caption)}]({image.name})")
        else:
            parts.append(_markdown(block))
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return figures


def _markdown(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {_inline(block.text)}"
    if isinstance(block, Paragraph):
        lead = f"**{_inline(block.lead.strip())}** " if block.lead else ""
        return lead + _inline(block.text)
    if isinstance(block, ListItem):
        return f"{block.number}. {_inline(block.text)}"
    if isinstance(block, Quote):
        return f"> “{_inline(block.text)}” ({_inline(block.attribution)})"
    assert isinstance(block, Table)
    return _table(block)


def _table(block: Table) -> str:
    def row(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    lines = [row([_inline(c) for c in block.columns])]
    lines.append("|" + "|".join("--:" if i in block.numeric else "---"
                                for i in range(len(block.columns))) + "|")  # fmt: skip
    lines += [row([_inline(cell_text(v)) for v in r]) for r in block.rows]
    lines.append(f"\nTable: **{block.label}** {_inline(block.caption)}")
    return "\n".join(lines)


def _inline(text: str) -> str:
    """Text with Markdown's special characters escaped and line breaks joined."""
    text = " ".join(text.split())
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", text)
