"""Document attributes from a CSV: ``document,attr1,attr2,...``."""

from __future__ import annotations

from pathlib import Path

from kube_qda.csvread import rows as csv_rows
from kube_qda.errors import TranscriptError
from kube_qda.transcripts.decode import decode


def interviewer_names(value: str) -> list[str]:
    """The names in an ``interviewer`` cell: ``Kiki; Galuh`` or ``Kiki, Galuh``."""
    return [name.strip() for name in value.replace(";", ",").split(",") if name.strip()]


def read_attributes_csv(path: str | Path) -> dict[str, dict[str, str]]:
    """Map document id -> {attribute: value}. Empty cells are left out.

    The first column must be named ``document``; each document appears once. Cells
    are separated by ``,`` or ``;`` (sniffed from the header). An ``interviewer``
    column names each document's interviewers (``Kiki; Galuh``) for ``add``.
    Raises TranscriptError naming the file and line.
    """
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise TranscriptError(f"{name}: cannot read ({err.strerror})") from None
    rows = csv_rows(decode(raw, name))
    header = [h.strip() for h in next(rows, [])]
    if not header or header[0].lower() != "document":
        found = f" (found '{header[0]}')" if header and header[0] else ""
        raise TranscriptError(f"{name}:1: the first column must be 'document'{found}")
    if len(set(header)) != len(header) or "" in header:
        raise TranscriptError(f"{name}:1: column names must be unique and not empty")
    table: dict[str, dict[str, str]] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise TranscriptError(f"{name}:{line}: {len(row)} cells but {len(header)} columns")
        doc = row[0].strip()
        if not doc:
            raise TranscriptError(f"{name}:{line}: the document cell is empty")
        if doc in table:
            raise TranscriptError(f"{name}:{line}: document '{doc}' appears twice")
        table[doc] = {
            key: cell.strip()
            for key, cell in zip(header[1:], row[1:], strict=False)
            if cell.strip()
        }
    return table
