"""``kube-qda quotes`` (coded retrieval) and ``kube-qda memos``: reading coded
material back (analysis/quotes.py, export/quotes.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kube_qda.cli.common import emit_tables, handles_errors, out_console, pseudonymiser
from kube_qda.cli.options import (
    CodersOption,
    DocOption,
    Format,
    FormatOption,
    OutputOption,
    ProjectOption,
    PseudonymiseOption,
    Status,
    StatusOption,
)
from kube_qda.cli.project_cmd import open_project

if TYPE_CHECKING:
    from rich.console import Console

    from kube_qda.analysis.quotes import QuoteQuery
    from kube_qda.codebook.model import Codebook
    from kube_qda.export.quotes import MemoRow, QuoteRow
    from kube_qda.export.tables import TableData
    from kube_qda.project import Project

Codes = Annotated[list[str] | None, typer.Option("--code", help="A code (repeatable).")]
Categories = Annotated[
    list[str] | None, typer.Option("--category", help="Every code of a category (repeatable).")
]
AlsoCodes = Annotated[
    list[str] | None, typer.Option("--and", help="The segment must also have this code.")
]
NotCodes = Annotated[
    list[str] | None, typer.Option("--not", help="The segment must not have this code.")
]
Where = Annotated[
    list[str] | None,
    typer.Option("--where", help="A document attribute, e.g. role=anggota (repeatable)."),
]
Context = Annotated[bool, typer.Option("--context", help="Show the turn before each segment.")]


@handles_errors
def quotes_command(
    project: ProjectOption = None,
    code: Codes = None,
    category: Categories = None,
    also: AlsoCodes = None,
    without: NotCodes = None,
    doc: DocOption = None,
    where: Where = None,
    coder: CodersOption = None,
    status: StatusOption = Status.confirmed,
    context: Context = False,
    pseudonymise: PseudonymiseOption = None,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """Every segment with some codes, with its source, memos and (for suggestions) evidence."""
    from kube_qda.analysis.quotes import select
    from kube_qda.export.quotes import header, quotes_markdown, quotes_payload, quotes_table
    from kube_qda.names.mapping import scrub

    with open_project(project) as opened:
        query = _query(opened, code, category, also, without, where)
        applications = opened.applications(status=status.value, coders=coder or (), document=doc)
        chosen = select(applications, query, opened.codebook.code_ids())
        rows = _rows(opened, chosen, query, status, coder or [], context)
        if names := pseudonymiser(opened, pseudonymise):
            rows = scrub(rows, names)
    scope = (
        "suggestions"
        if status is Status.suggested
        else (f"confirmed by {', '.join(coder)}" if coder else "confirmed by any coder")
    )
    count = header(rows, ", ".join(sorted(query.any_of)), scope)
    emit_reading(
        format,
        output,
        lambda: _show(out_console(), rows, count),
        lambda: quotes_markdown(rows, count),
        lambda: ([quotes_table(rows)], quotes_payload(rows, count)),
    )


def emit_reading(
    format: Format,
    output: Path | None,
    show: Callable[[], None],
    markdown: Callable[[], str],
    tables: Callable[[], tuple[list[TableData], Any]],
) -> None:
    """A reading view on the terminal, Markdown, or the tables (CSV, XLSX; JSON prints
    the payload)."""
    if format is Format.table and output is None:
        show()
    elif format is Format.md:
        text = markdown()
        if output is None:
            print(text, end="")
        else:
            output.write_text(text, encoding="utf-8")
    else:
        emit_tables(*tables(), format, output)


def _query(
    project: Project,
    codes: list[str] | None,
    categories: list[str] | None,
    also: list[str] | None,
    without: list[str] | None,
    where: list[str] | None,
) -> QuoteQuery:
    """The query, every code and attribute checked against the project."""
    from kube_qda.analysis.quotes import QuoteQuery, parse_where
    from kube_qda.errors import KubeQdaError

    book = project.codebook
    wanted = set(_known(book, codes or []))
    for category in categories or []:
        ids = [cid for cid in book.code_ids() if cid.split(".", 1)[0] == category]
        if not ids:
            raise KubeQdaError(f"unknown category '{category}'")
        wanted.update(ids)
    if not wanted:
        raise KubeQdaError("name the codes to quote: --code ID or --category ID")
    known = {key for _, _, attributes in project.document_rows() for key in attributes}
    try:
        conditions = parse_where(where or [], known)
    except ValueError as err:
        raise KubeQdaError(str(err)) from None
    return QuoteQuery(
        frozenset(wanted),
        frozenset(_known(book, also or [])),
        frozenset(_known(book, without or [])),
        conditions,
    )


def _known(book: Codebook, codes: list[str]) -> list[str]:
    for code in codes:
        book.code(code)  # raises UnknownCode
    return codes


def _rows(
    project: Project,
    chosen: list,  # type: ignore[type-arg]
    query: QuoteQuery,
    status: Status,
    coders: list[str],
    context: bool,
) -> list[QuoteRow]:
    from kube_qda.export.quotes import QuoteRow

    memos: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for document, index, who, text in project.memo_rows():
        if not coders or who in coders:
            memos.setdefault((document, index), []).append((who, text))
    rows = []
    for quote in chosen:
        evidence: tuple[str, ...] = ()
        if status is Status.suggested:
            segment_id = project.segment_id(quote.document, quote.segment)
            evidence = tuple(
                f"{s['code']} {e['rule']}: “{e['match']}”"
                for s in project.suggestions(segment_id or -1)
                if s["code"] in query.any_of and not s["negated"]
                for e in s["evidence"]
            )
        before = project.segment_text(quote.document, quote.segment - 1) if context else None
        rows.append(
            QuoteRow(quote, before, tuple(memos.get((quote.document, quote.segment), [])), evidence)
        )
    return rows


@handles_errors
def memos_command(
    project: ProjectOption = None,
    code: Annotated[
        list[str] | None, typer.Option("--code", help="Only segments with this code.")
    ] = None,
    doc: DocOption = None,
    where: Where = None,
    coder: CodersOption = None,
    pseudonymise: PseudonymiseOption = None,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """Every memo with its segment and coder, filtered like quotes."""
    from kube_qda.export.quotes import memos_markdown, memos_payload, memos_table
    from kube_qda.names.mapping import scrub

    with open_project(project) as opened:
        rows = _memo_rows(opened, code or [], doc, where or [], coder or [])
        if names := pseudonymiser(opened, pseudonymise):
            rows = scrub(rows, names)
    documents = len({r.document for r in rows})
    count = f"{len(rows)} memos on {documents} documents"
    emit_reading(
        format,
        output,
        lambda: _show_memos(out_console(), rows, count),
        lambda: memos_markdown(rows, count),
        lambda: ([memos_table(rows)], memos_payload(rows, count)),
    )


def _memo_rows(
    project: Project, codes: list[str], doc: str | None, where: list[str], coders: list[str]
) -> list[MemoRow]:
    from kube_qda.analysis.quotes import parse_where
    from kube_qda.errors import KubeQdaError
    from kube_qda.export.quotes import MemoRow

    _known(project.codebook, codes)
    attributes = {name: attrs for name, _, attrs in project.document_rows()}
    try:
        conditions = parse_where(where, {k for attrs in attributes.values() for k in attrs})
    except ValueError as err:
        raise KubeQdaError(str(err)) from None
    coded: dict[tuple[str, int], list[str]] = {}
    for app in project.applications(status="confirmed"):
        coded.setdefault((app.document, app.segment), []).append(app.code)
    segments = {(r.document, r.index): r for r in project.segments(informant_only=False)}
    rows = []
    for document, index, who, memo in project.memo_rows():
        attrs = {k: str(v) for k, v in attributes.get(document, {}).items()}
        codes_here = tuple(coded.get((document, index), []))
        if (doc and document != doc) or (coders and who not in coders):
            continue
        if codes and not set(codes) & set(codes_here):
            continue
        if not all(attrs.get(key) in values for key, values in conditions.items()):
            continue
        row = segments[(document, index)]
        rows.append(MemoRow(document, index, row.speaker, attrs, who, memo, row.text, codes_here))
    return rows


def _show_memos(console: Console, rows: list[MemoRow], count: str) -> None:
    from rich.text import Text

    console.print(Text(count, style="bold"))
    for r in rows:
        codes = f" · {', '.join(r.codes)}" if r.codes else ""
        console.print(
            Text(f"\n{r.document} #{r.segment} · {r.speaker or '—'}{codes}", style="cyan")
        )
        console.print(Text(f"memo ({r.coder}): {r.memo}", style="italic"))
        console.print(Text(r.text, style="dim"))


def _show(console: Console, rows: list[QuoteRow], count: str) -> None:
    """The terminal view, paged when it is long and the output is a terminal."""
    from contextlib import nullcontext

    from rich.text import Text

    from kube_qda.export.quotes import attributes_text

    paging = console.is_terminal and len(rows) > 8
    with console.pager(styles=True) if paging else nullcontext():
        console.print(Text(count, style="bold"))
        for row in rows:
            q = row.quote
            source = f"{q.document} #{q.segment} · {q.speaker or '—'}"
            if q.attributes:
                source += f" · {attributes_text(q.attributes)}"
            console.print(Text(f"\n{source} · {', '.join(q.matched)}", style="cyan"))
            if row.context:
                console.print(Text(row.context, style="dim"))
            console.print(Text(q.text))
            for who, text in row.memos:
                console.print(Text(f"memo ({who}): {text}", style="italic"))
            for item in row.evidence:
                console.print(Text(f"evidence: {item}", style="dim"))
