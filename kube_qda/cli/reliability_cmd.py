"""``kube-qda agreement`` and ``kube-qda evaluate``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from kube_qda.cli.common import emit_tables, handles_errors, pseudonymiser, renamed
from kube_qda.cli.options import (
    Format,
    FormatOption,
    OutputOption,
    ProjectOption,
    PseudonymiseOption,
)
from kube_qda.cli.project_cmd import open_project
from kube_qda.errors import KubeQdaError

if TYPE_CHECKING:
    from kube_qda.export.tables import TableData


@handles_errors
def agreement_command(
    coder: Annotated[list[str], typer.Option("--coder", help="A coder (give two or more).")],
    project: ProjectOption = None,
    code: Annotated[str | None, typer.Option("--code", help="Only this code.")] = None,
    disagreements: Annotated[
        bool, typer.Option("--disagreements", help="List the segments where coders differ.")
    ] = False,
    pseudonymise: PseudonymiseOption = None,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """Inter-coder agreement per code and overall: percent, kappas, Krippendorff's alpha."""
    from kube_qda.analysis.reliability import agreement_report
    from kube_qda.export.views import agreement_view

    coders = list(dict.fromkeys(c.strip() for c in coder))
    if len(coders) < 2:
        raise KubeQdaError("agreement needs two or more --coder")
    with open_project(project) as opened:
        codes = opened.codebook.code_ids()
        if code is not None:
            opened.codebook.code(code)
            codes = [code]
        decisions = opened.coder_decisions(coders)
        texts = {(r.document, r.index): r.text for r in opened.segments()}
        names = pseudonymiser(opened, pseudonymise) if disagreements else None
    missing = [c for c in coders if not any(c in per for per in decisions.values())]
    if missing:
        raise KubeQdaError(f"no codings by {', '.join(missing)} in this project")
    report = agreement_report(decisions, coders, codes)
    tables = [agreement_view(report, coders)]
    if disagreements:
        tables.append(_disagreements(report, decisions, coders, texts))
    emit_tables(*renamed((tables, report), names), format, output)


def _disagreements(
    report: dict[str, Any],
    decisions: dict[tuple[str, int], dict[str, frozenset[str]]],
    coders: list[str],
    texts: dict[tuple[str, int], str],
) -> TableData:
    """The segments where the coders differ: into ``report``, and as a table."""
    from kube_qda.analysis.reliability import disagreements
    from kube_qda.export.views import disagreements_view

    diff = disagreements(decisions, coders)
    report["disagreements"] = [
        {"document": d, "segment": s, "text": texts.get((d, s), ""), "codes": per}
        for (d, s), per in diff
    ]
    return disagreements_view(diff, coders, texts)


@handles_errors
def evaluate_command(
    project: ProjectOption = None,
    coder: Annotated[
        str | None,
        typer.Option("--coder", help="Whose codings are the truth (default: the only coder)."),
    ] = None,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """The pre-tagger against a coder's codings: per code and per rule, worst misfires first."""
    from kube_qda.analysis.reliability import evaluate
    from kube_qda.export.views import evaluation_views

    with open_project(project) as opened:
        coders = list(opened.status()["coders"])
        if coder is None:
            if len(coders) != 1:
                raise KubeQdaError(f"say --coder NAME (coders here: {', '.join(coders) or 'none'})")
            coder = coders[0]
        decisions = opened.coder_decisions([coder])
        if not decisions:
            raise KubeQdaError(f"no codings by {coder} in this project")
        confirmed = {unit: per[coder] for unit, per in decisions.items()}
        report = evaluate(opened.suggestion_rules(), confirmed, opened.codebook.code_ids())
    tables = evaluation_views(report, coder)
    emit_tables(tables, report, format, output)
