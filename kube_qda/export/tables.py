"""One table model, many outputs. Every exporter takes a path or a file object.

CSV and XLSX neutralise text cells that begin with ``=``, ``+``, ``-`` or ``@``
(spreadsheet formula injection: quotes are participants' words) by prefixing ``'``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kube_qda.errors import KubeQdaError

FORMATS = ("table", "csv", "md", "json", "xlsx")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class TableData:
    """A titled table; ``numeric`` columns are right-aligned."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    numeric: set[int] = field(default_factory=set)
    caption: str = ""


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def write_csv(table: TableData, out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([[neutralise(v) for v in row] for row in table.rows])


def _md_cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def write_md(tables: Sequence[TableData], out: IO[str]) -> None:
    for n, table in enumerate(tables):
        if n:
            out.write("\n")
        out.write(f"## {table.title}\n\n")
        out.write("| " + " | ".join(table.columns) + " |\n")
        out.write(
            "|"
            + "|".join("--:" if i in table.numeric else "---" for i in range(len(table.columns)))
            + "|\n"
        )
        for row in table.rows:
            out.write("| " + " | ".join(_md_cell(v) for v in row) + " |\n")
        if table.caption:
            out.write(f"\n_{table.caption}_\n")


def write_xlsx(tables: Sequence[TableData], path: Path) -> None:
    """One sheet per table: bold frozen header, column widths from the content."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([neutralise(v) for v in row])
        sheet.freeze_panes = "A2"
        for i, name in enumerate(table.columns, start=1):
            longest = max([len(str(name))] + [len(str(r[i - 1])) for r in table.rows])
            letter = sheet.cell(row=1, column=i).column_letter
            sheet.column_dimensions[letter].width = min(max(10, longest + 2), 80)
            if longest > 80:
                for cell in sheet[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(str(path))


def render_rich(tables: Sequence[TableData]) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    out = []
    for data in tables:
        table = Table(title=data.title, caption=data.caption or None)
        for i, column in enumerate(data.columns):
            table.add_column(
                column, justify="right" if i in data.numeric else "left", no_wrap=i == 0
            )
        for row in data.rows:
            table.add_row(*[Text(_md_cell(v)) for v in row])
        out.append(table)
    return out


def emit(
    tables: Sequence[TableData], payload: Any, fmt: str, output: Path | None, console: Any
) -> None:
    """Write ``tables`` (or the JSON ``payload``) in ``fmt`` to ``output`` or stdout."""
    if fmt not in FORMATS:
        raise KubeQdaError(f"unknown format '{fmt}': use {', '.join(FORMATS)}")
    if fmt == "xlsx":
        if output is None:
            raise KubeQdaError("--format xlsx needs -o FILE.xlsx")
        write_xlsx(tables, output)
        return
    if fmt == "table" and output is None:
        for table in render_rich(tables):
            console.print(table)
        return
    import sys

    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "json":
            handle.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        elif fmt == "csv":
            for n, table in enumerate(tables):
                if n:
                    handle.write("\n")
                write_csv(table, handle)
        else:  # md, or a table written to a file
            write_md(tables, handle)
    finally:
        if output:
            handle.close()
