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
        document.paragraphs[-1].paragraph_format.keep_with_next = True
        _caption(document, block.label, block.caption)


def _caption(document: Any, label: str, caption: str) -> None:
    """A caption kept on the page of what it names."""
    paragraph = document.add_paragraph(style="Caption")
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(label).bold = True
    paragraph.add_run(f" {caption}")


def _table(document: Any, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.autofit = False
    widths = column_widths(block)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice and Word both read
    _repeat_header(table.rows[0])
    for cell, name, width in zip(table.rows[0].cells, block.columns, widths, strict=True):
        cell.text = ""
        cell.width = Cm(width)
        run = cell.paragraphs[0].add_run(name)
        run.bold, run.font.size = True, Pt(10)
    for row in block.rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = ""
            cell.paragraphs[0].add_run(cell_text(value)).font.size = Pt(10)
            cell.width = Cm(widths[i])
            if i in block.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


#: The narrowest a text column gets before number columns are narrowed (14 characters).
TEXT_MIN = 0.21 * 14 + 0.45


def column_widths(block: Table, total: float = 16.5) -> list[float]:
    """Centimetres per column (tables are set in 10 point): what the longest entry of
    each column needs (text columns at most 40 characters, wrapped beyond), text
    columns stretched to fill the page width, everything shrunk when it is wider."""
    needed = [
        max([len(block.columns[i])] + [len(cell_text(row[i])) for row in block.rows])
        for i in range(len(block.columns))
    ]
    widths = [0.21 * (n if i in block.numeric else min(n, 40)) + 0.45 for i, n in enumerate(needed)]
    text = [i for i in range(len(widths)) if i not in block.numeric]
    spare = total - sum(widths)
    if spare > 0 and text:
        share = sum(widths[i] for i in text)
        for i in text:
            widths[i] += spare * widths[i] / share
    elif spare < 0:  # text columns give way first (down to 14 characters), then all
        for i in text:
            give = min(-spare, max(widths[i] - TEXT_MIN, 0.0))
            widths[i], spare = widths[i] - give, spare + give
        widths = [w * total / sum(widths) for w in widths]
    return widths


def _repeat_header(row: Any) -> None:
    """Repeat the header row on every page a long table runs over."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)
