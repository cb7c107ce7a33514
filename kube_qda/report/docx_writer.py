"""The chapter as a Word document (python-docx), with Word's own styles: Heading 1-3,
Caption (above tables, below figures, as Indonesian theses place them), Table Grid,
Quote and List Number, so that the researcher's template restyles it and Word's
table of figures finds the captions."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def write_docx(blocks: Sequence[Block], path: Path, *, title: str, language: str) -> None:
    from docx import Document

    document = Document()
    document.core_properties.title = title
    document.core_properties.language = language
    for block in blocks:
        _add(document, block)
    document.save(str(path))


def _add(document: Any, block: Block) -> None:
    from docx.shared import Cm

    if isinstance(block, Heading):
        document.add_heading(block.text, block.level)
    elif isinstance(block, Paragraph):
        paragraph = document.add_paragraph()
        if block.lead:
            paragraph.add_run(block.lead).bold = True
        paragraph.add_run(block.text)
    elif isinstance(block, ListItem):
        document.add_paragraph(block.text, style="List Number")
    elif isinstance(block, Quote):
        paragraph = document.add_paragraph(style="Quote")
        paragraph.add_run(f"“{block.text}”")
        paragraph.add_run(f" ({block.attribution})").italic = False
    elif isinstance(block, Table):
        _caption(document, block.label, block.caption)
        _table(document, block)
    elif isinstance(block, Figure):
        document.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
        _caption(document, block.label, block.caption)


def _caption(document: Any, label: str, caption: str) -> None:
    paragraph = document.add_paragraph(style="Caption")
    paragraph.add_run(label).bold = True
    paragraph.add_run(f" {caption}")


def _table(document: Any, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.autofit = False
    widths = column_widths(block)
    for cell, name, width in zip(table.rows[0].cells, block.columns, widths, strict=True):
        cell.text = ""
        cell.width = Cm(width)
        cell.paragraphs[0].add_run(name).bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = cell_text(value)
            cell.width = Cm(widths[i])
            if i in block.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def column_widths(block: Table, total: float = 15.0) -> list[float]:
    """Centimetres per column: numbers get what their longest entry needs, text columns
    share the rest in proportion to their longest entry."""
    needed = [
        max([len(block.columns[i])] + [len(cell_text(row[i])) for row in block.rows])
        for i in range(len(block.columns))
    ]
    numeric = {i: max(1.4, 0.22 * needed[i] + 0.5) for i in block.numeric}
    rest = max(total - sum(numeric.values()), 2.0 * (len(needed) - len(numeric)))
    text = [i for i in range(len(needed)) if i not in numeric]
    weight = sum(min(needed[i], 40) for i in text) or 1
    return [numeric[i] if i in numeric else rest * min(needed[i], 40) / weight
            for i in range(len(needed))]  # fmt: skip
