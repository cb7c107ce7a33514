"""Tables on the project: freq, cooc, matrix, summary (docs/tables.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kube_qda.cli.common import emit_tables, handles_errors, pseudonymiser, renamed
from kube_qda.cli.options import (
    CodersOption,
    DocOption,
    Format,
    FormatOption,
    Measure,
    MinOption,
    OutputOption,
    ProjectOption,
    PseudonymiseOption,
    Status,
    StatusOption,
)
from kube_qda.cli.project_cmd import open_project

if TYPE_CHECKING:
    from kube_qda.analysis import CodeApplication
    from kube_qda.codebook.model import Codebook
    from kube_qda.names import Pseudonymiser


def _load(
    project: Path | None, status: Status, coders: list[str] | None, doc: str | None
) -> tuple[Codebook, list[CodeApplication], int]:
    with open_project(project) as opened:
        apps = opened.applications(status=status.value, coders=coders or (), document=doc)
        segments = len(opened.segments(document=doc))
        return opened.codebook, apps, segments


def _names(project: Path | None, wanted: bool | None) -> Pseudonymiser | None:
    with open_project(project) as opened:
        return pseudonymiser(opened, wanted)


def _scope(status: Status, coders: list[str] | None, segments: int) -> str:
    who = (
        "suggestions (unconfirmed)"
        if status is Status.suggested
        else (f"codings by {', '.join(coders)}" if coders else "codings by any coder")
    )
    return f"{who}; {segments} informant segments"


def _labels(codebook: Codebook) -> dict[str, tuple[str, str]]:
    """code -> (category id, label)"""
    return {
        cid: (cat.id, code.label)
        for cid, (cat, code) in zip(codebook.code_ids(), codebook.codes(), strict=True)
    }


@handles_errors
def freq_command(
    project: ProjectOption = None,
    by: Annotated[str | None, typer.Option("--by", help="Split by a document attribute.")] = None,
    category: Annotated[bool, typer.Option("--category", help="Add category roll-ups.")] = False,
    coder: CodersOption = None,
    status: StatusOption = Status.confirmed,
    doc: DocOption = None,
    min: MinOption = 0,
    pseudonymise: PseudonymiseOption = None,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """Per code: segments, documents and informants (optionally split by an attribute)."""
    from kube_qda.analysis import by_category, code_frequency
    from kube_qda.export.views import frequency_view

    codebook, apps, segments = _load(project, status, coder, doc)
    labels = _labels(codebook)
    rows = [r for r in code_frequency(apps, codes=codebook.code_ids(), by=by) if r.segments >= min]
    if category:
        cat_labels = {c.id: c.label for c in codebook.categories}
        cats = code_frequency(
            by_category(apps, {c: labels[c][0] for c in labels}), codes=list(cat_labels), by=by
        )
        labels.update({c: (c, cat_labels[c]) for c in cat_labels})
        rows += [r for r in cats if r.segments >= min]
    view = frequency_view(rows, labels, by, _scope(status, coder, segments))
    table, payload = renamed(view, _names(project, pseudonymise))
    emit_tables([table], payload, format, output)


@handles_errors
def cooc_command(
    project: ProjectOption = None,
    level: Annotated[str, typer.Option("--level", help="segment, document or window:N.")] = (
        "segment"
    ),
    measure: Annotated[
        Measure,
        typer.Option(
            "--measure",
            help="count, jaccard or conditional (orders the table; colours the heatmap).",
        ),
    ] = (Measure.count_),
    heatmap: Annotated[Path | None, typer.Option("--heatmap", help="Also draw FILE.png.")] = None,
    coder: CodersOption = None,
    status: StatusOption = Status.confirmed,
    doc: DocOption = None,
    min: MinOption = 0,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """Code x code co-occurrence with Jaccard (ATLAS.ti c) and P(B|A)."""
    from kube_qda.analysis import code_frequency, cooccurrence
    from kube_qda.analysis import measure as value_of
    from kube_qda.export.views import cooccurrence_view

    codebook, apps, segments = _load(project, status, coder, doc)
    try:
        rows = cooccurrence(apps, codes=codebook.code_ids(), level=level)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--level") from None
    keep = {r.code for r in code_frequency(apps, codes=codebook.code_ids()) if r.segments >= min}
    rows = [r for r in rows if r.code_a in keep and r.code_b in keep]
    ordered = sorted(rows, key=lambda r: -value_of(r, measure.value))
    table, payload = cooccurrence_view(rows, ordered, level, _scope(status, coder, segments))
    if heatmap is not None:
        _heatmap(rows, [c for c in codebook.code_ids() if c in keep], measure, heatmap, level)
    emit_tables([table], payload, format, output)


def _heatmap(rows: list[Any], codes: list[str], measure: Measure, path: Path, level: str) -> None:
    from kube_qda.analysis import measure as value_of
    from kube_qda.export.heatmap import heatmap

    index = {c: i for i, c in enumerate(codes)}
    values = [[0.0] * len(codes) for _ in codes]
    for r in rows:
        a, b = index[r.code_a], index[r.code_b]
        values[a][b] = value_of(r, measure.value)
        values[b][a] = r.conditional_b_a if measure is Measure.conditional else values[a][b]
    heatmap(
        codes,
        values,
        path,
        title=f"Co-occurrence ({measure.value}, {level})",
        integer=measure is Measure.count_,
    )


@handles_errors
def matrix_command(
    project: ProjectOption = None,
    by: Annotated[str, typer.Option("--by", help="document, or a document attribute.")] = (
        "document"
    ),
    coder: CodersOption = None,
    status: StatusOption = Status.confirmed,
    doc: DocOption = None,
    min: MinOption = 0,
    pseudonymise: PseudonymiseOption = None,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """Code x document (or code x attribute value): segments per cell."""
    from kube_qda.analysis import code_frequency, code_matrix
    from kube_qda.export.tables import TableData

    codebook, apps, segments = _load(project, status, coder, doc)
    codes = [r.code for r in code_frequency(apps, codes=codebook.code_ids()) if r.segments >= min]
    result = code_matrix(apps, codes=codes, by=by)
    table = TableData(
        "matrix",
        f"Codes by {by}",
        ["code", *result.columns],
        [[code, *cells] for code, cells in zip(result.rows, result.cells, strict=True)],
        set(range(1, len(result.columns) + 1)),
        _scope(status, coder, segments),
    )
    payload = {"rows": result.rows, "columns": result.columns, "cells": result.cells}
    table, payload = renamed((table, payload), _names(project, pseudonymise))
    emit_tables([table], payload, format, output)


@handles_errors
def summary_command(
    project: ProjectOption = None,
    quotes: Annotated[int, typer.Option("--quotes", help="Exemplar quotes per code.")] = 3,
    category: Annotated[str | None, typer.Option("--category", help="Only this category.")] = None,
    coder: CodersOption = None,
    status: StatusOption = Status.confirmed,
    doc: DocOption = None,
    min: MinOption = 0,
    pseudonymise: PseudonymiseOption = None,
    format: FormatOption = Format.md,
    output: OutputOption = None,
) -> None:
    """Thematic summary per category and code: counts and quotes with their sources."""
    from kube_qda.analysis import CodeInfo, thematic_summary
    from kube_qda.errors import UnknownCode
    from kube_qda.export.summary import summary_markdown, summary_payload, summary_table

    codebook, apps, segments = _load(project, status, coder, doc)
    if category is not None and category not in {c.id for c in codebook.categories}:
        raise UnknownCode(f"unknown category '{category}'")
    infos = [
        CodeInfo(cid, cat.id, code.label, code.definition)
        for cid, (cat, code) in zip(codebook.code_ids(), codebook.codes(), strict=True)
        if category is None or cat.id == category
    ]
    result = [s for s in thematic_summary(apps, infos, quotes=quotes) if s.segments >= min]
    result = renamed(result, _names(project, pseudonymise))
    if format is Format.md:
        text = summary_markdown(result, codebook, _scope(status, coder, segments))
        if output is None:
            print(text, end="")
        else:
            output.write_text(text, encoding="utf-8")
        return
    emit_tables([summary_table(result)], summary_payload(result), format, output)
