"""``kube-qda search``: keyword in context over a project or transcript files
(analysis/search.py, search.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kube_qda.cli.common import emit_tables, handles_errors, out_console, pseudonymiser
from kube_qda.cli.options import (
    CodebookOption,
    DocOption,
    Format,
    FormatOption,
    OutputOption,
    ProjectOption,
    PseudonymiseOption,
)
from kube_qda.cli.project_cmd import open_project
from kube_qda.cli.quotes_cmd import Where, emit_reading

if TYPE_CHECKING:
    from kube_qda.analysis.search import Query
    from kube_qda.codebook.model import Codebook
    from kube_qda.export.tables import TableData
    from kube_qda.names import Pseudonymiser
    from kube_qda.project import Project
    from kube_qda.search import Found

Files = Annotated[
    list[Path] | None,
    typer.Argument(help="Transcript files or folders (default: the project's segments)."),
]


QueryArg = Annotated[str, typer.Argument(help='jual, =harga, "susah laku", harga+murah~5')]
CodeFilter = Annotated[
    list[str] | None, typer.Option("--code", help="Only segments with this code (confirmed).")
]
Uncoded = Annotated[bool, typer.Option("--uncoded", help="Only segments with no confirmed code.")]
By = Annotated[
    str | None, typer.Option("--by", help="Count matches per value of a document attribute.")
]
Interviewer = Annotated[
    bool, typer.Option("--interviewer", help="Search interviewer segments too.")
]
Width = Annotated[int, typer.Option("--width", min=10, help="Characters of context on each side.")]


@handles_errors
def search_command(
    query: QueryArg,
    transcripts: Files = None,
    project: ProjectOption = None,
    codebook: CodebookOption = None,
    doc: DocOption = None,
    where: Where = None,
    code: CodeFilter = None,
    uncoded: Uncoded = False,
    by: By = None,
    interviewer: Interviewer = False,
    width: Width = 40,
    pseudonymise: PseudonymiseOption = None,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """Every place a word or phrase occurs, in all its forms, as concordance lines."""
    found = _search(query, transcripts, project, codebook, doc, where, code, uncoded, interviewer)
    names = _names(project, bool(transcripts), pseudonymise)
    if names:
        found, query = [_renamed(f, names) for f in found], names(query)
    documents = len({f.document for f in found})
    count = f"{sum(len(f.spans) for f in found)} matches in {len(found)} segments of "
    count += f"{documents} documents: {query}"
    if by is not None:
        emit_tables([_by_table(found, by)], None, format, output)
        return
    table = _table(found, width)
    payload = {
        "header": count,
        "matches": [dict(zip(table.columns, row, strict=True)) for row in table.rows],
    }
    emit_reading(
        format,
        output,
        lambda: _show(found, count, width),
        lambda: f"_{count}_\n\n" + _markdown(table),
        lambda: ([table], payload),
    )


def _names(project: Path | None, files: bool, wanted: bool | None) -> Pseudonymiser | None:
    """The project's names when they are to be replaced: by its setting, or (searching
    files) only when asked."""
    if wanted is False or (files and wanted is None):
        return None
    with open_project(project) as opened:
        return pseudonymiser(opened, wanted)


def _renamed(found: Found, names: Pseudonymiser) -> Found:
    """A match with the names in its segment replaced, its spans moved with the text."""
    from dataclasses import replace

    from kube_qda.names.mapping import moved, scrub

    text, edits = names.with_edits(found.text)
    return replace(
        found,
        document=names(found.document),
        speaker=names(found.speaker) if found.speaker else found.speaker,
        attributes=scrub(found.attributes, names),
        text=text,
        spans=tuple((moved(a, edits), moved(b, edits)) for a, b in found.spans),
    )


def _markdown(table: TableData) -> str:
    import io

    from kube_qda.export.tables import write_md

    handle = io.StringIO()
    write_md([table], handle)
    return handle.getvalue()


def _search(
    query: str,
    transcripts: list[Path] | None,
    project: Path | None,
    codebook: Path | None,
    doc: str | None,
    where: list[str] | None,
    codes: list[str] | None,
    uncoded: bool,
    interviewer: bool,
) -> list[Found]:
    """The matches in the files, or in the project's segments that pass the filters. The
    query is compiled first: a malformed one reads and caches nothing."""
    from kube_qda.codebook.loader import load_codebook
    from kube_qda.errors import KubeQdaError
    from kube_qda.search import search_segments

    if transcripts:
        if codes or uncoded or where:
            raise KubeQdaError("--code, --uncoded and --where need a project, not files")
        book = load_codebook(codebook)
        compiled = _compiled(query, book)
        return search_segments(compiled, _file_segments(transcripts, book, doc, interviewer))
    with open_project(project) as opened:
        compiled = _compiled(query, opened.codebook)
        segments = _project_segments(opened, doc, where or [], codes or [], uncoded, interviewer)
    return search_segments(compiled, segments)


def _compiled(query: str, book: Codebook) -> Query:
    """The query, compiled with the codebook's language profile."""
    from kube_qda.errors import KubeQdaError
    from kube_qda.search import compile_query

    try:
        return compile_query(query, book)
    except ValueError as err:
        raise KubeQdaError(str(err)) from None


def _project_segments(
    project: Project,
    doc: str | None,
    where: list[str],
    codes: list[str],
    uncoded: bool,
    interviewer: bool,
) -> list[tuple[Any, dict[str, str], Any]]:
    """The project's segments that pass the filters, with their cached tokens."""
    from kube_qda.analysis.quotes import parse_where
    from kube_qda.errors import KubeQdaError
    from kube_qda.search import project_tokens

    for c in codes:
        project.codebook.code(c)  # raises UnknownCode
    attributes = project.document_attributes()
    try:
        conditions = parse_where(where, {k for a in attributes.values() for k in a})
    except ValueError as err:
        raise KubeQdaError(str(err)) from None
    coded: dict[tuple[str, int], set[str]] = {}
    if codes or uncoded:
        for app in project.applications(status="confirmed"):
            coded.setdefault((app.document, app.segment), set()).add(app.code)
    rows = [
        r
        for r in project.segments(document=doc, informant_only=not interviewer)
        if all(attributes[r.document].get(k) in v for k, v in conditions.items())
        and (not codes or coded.get((r.document, r.index), set()) & set(codes))
        and (not uncoded or not coded.get((r.document, r.index)))
    ]
    tokens = project_tokens(project, rows)
    return [(r, attributes[r.document], tokens[r.id]) for r in rows]


def _file_segments(
    transcripts: list[Path], book: Codebook, doc: str | None, interviewer: bool
) -> list[tuple[Any, dict[str, str], Any]]:
    from kube_qda.cli.transcript_cmd import transcript_files
    from kube_qda.search import analyse
    from kube_qda.transcripts import read_transcript, segments

    chosen = []
    for path in transcript_files(transcripts):
        transcript = read_transcript(path)
        if doc is None or transcript.id == doc:
            attributes = {k: str(v) for k, v in transcript.attributes.items()}
            chosen += [
                (s, attributes) for s in segments(transcript) if interviewer or not s.interviewer
            ]
    tokens = analyse(book, [s for s, _ in chosen])
    return [(s, a, t) for (s, a), t in zip(chosen, tokens, strict=True)]


def _table(found: list[Found], width: int) -> TableData:
    from kube_qda.export.quotes import attributes_text
    from kube_qda.export.tables import TableData

    rows = [
        [f.document, f.segment, f.speaker or "", attributes_text(f.attributes),
         _flat(f.text[max(0, a - width):a]), f.text[a:b], _flat(f.text[b:b + width])]
        for f in found
        for a, b in f.spans
    ]  # fmt: skip
    columns = ["document", "segment", "speaker", "attributes", "left", "match", "right"]
    return TableData("search", "Search", columns, rows, numeric={1})


def _by_table(found: list[Found], attribute: str) -> TableData:
    from kube_qda.export.tables import TableData

    segments = Counter(f.attributes.get(attribute, "(none)") for f in found)
    matches: Counter[str] = Counter()
    for f in found:
        matches[f.attributes.get(attribute, "(none)")] += len(f.spans)
    rows = [[value, segments[value], matches[value]] for value in sorted(segments)]
    return TableData(
        f"by {attribute}",
        f"Matches by {attribute}",
        [attribute, "segments", "matches"],
        rows,
        numeric={1, 2},
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def _show(found: list[Found], count: str, width: int) -> None:
    """Concordance lines, the matches aligned in one column."""
    from rich.text import Text

    console = out_console()
    console.print(Text(count, style="bold"))
    for f in found:
        for a, b in f.spans:
            line = Text(f"{_flat(f.text[max(0, a - width) : a]):>{width}} ")
            line.append(f.text[a:b], style="bold yellow")
            line.append(f" {_flat(f.text[b : b + width]):<{width}}  ")
            line.append(f"{f.document} #{f.segment}", style="dim")
            console.print(line, no_wrap=True, overflow="ellipsis")
