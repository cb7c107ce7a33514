"""``kube-qda report``: the findings chapter as Word, HTML or Markdown (kube_qda/report/)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kube_qda.cli.common import err_console, handles_errors, pseudonymiser
from kube_qda.cli.options import CodersOption, ProjectOption, PseudonymiseOption
from kube_qda.cli.project_cmd import open_project
from kube_qda.errors import KubeQdaError

if TYPE_CHECKING:
    from kube_qda.report.build import ReportOptions

FORMATS = (".docx", ".html", ".md")


class Language(str, Enum):
    id = "id"
    en = "en"


@handles_errors
def report_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="FILE.docx, .html or .md.")],
    project: ProjectOption = None,
    lang: Annotated[Language, typer.Option("--lang", help="id (Indonesian) or en.")] = Language.id,
    chapter: Annotated[int, typer.Option("--chapter", min=1, help="Chapter number.")] = 4,
    quotes: Annotated[int, typer.Option("--quotes", min=0, help="Quotes per code.")] = 3,
    by: Annotated[
        str | None, typer.Option("--by", help="Frequencies per value of this attribute.")
    ] = None,
    attribution: Annotated[
        str, typer.Option("--attribution", help="Who said a quote: {who}, {doc}, any attribute.")
    ] = "{who}, {role}, {doc}",
    role: Annotated[
        str, typer.Option("--role", help="The attribute with the informant's role.")
    ] = "role",
    coder: CodersOption = None,
    pseudonymise: PseudonymiseOption = None,
) -> None:
    """The findings chapter: the material, per category frequencies, definitions and
    quotes, the co-occurrence figure, the code matrix, the codebook as an appendix."""
    from kube_qda.report import ReportOptions, build_report, report_data, write_report
    from kube_qda.report.blocks import Table

    if output.suffix.lower() not in FORMATS:
        raise KubeQdaError(f"{output}: the report is written as {', '.join(FORMATS)}")
    options = ReportOptions(lang.value, chapter, quotes, by, attribution, role)
    with open_project(project) as opened:
        _check(opened.document_attributes(), options)
        names = pseudonymiser(opened, pseudonymise)
        data = report_data(opened, coder or [], role, names)
    blocks = build_report(data, options)
    written = write_report(blocks, output, data.codebook.title, lang.value)
    tables = sum(1 for b in blocks if isinstance(b, Table))
    state = "pseudonymised" if names else "with participants' names as transcribed"
    err_console.print(
        f"wrote {', '.join(map(str, written))}: {tables} tables, {state}", markup=False
    )


def _check(attributes: dict[str, dict[str, str]], options: ReportOptions) -> None:
    """--by and the attribution's fields must name attributes the documents have."""
    from kube_qda.report.build import ATTRIBUTION_FIELDS, ReportOptions, template_fields

    known = {key for values in attributes.values() for key in values}
    if options.by is not None and options.by not in known | {"document"}:
        raise KubeQdaError(f"--by {options.by}: no document has this attribute")
    try:
        fields = template_fields(options.attribution)
    except ValueError as err:
        raise KubeQdaError(f"--attribution: {err}") from None
    unknown = [f for f in fields if f not in known and f not in ATTRIBUTION_FIELDS]
    # the default names {role}, which a study may not record: then it is left out
    if unknown and options.attribution != ReportOptions().attribution:
        raise KubeQdaError(f"--attribution: no document has the attribute {unknown[0]}")
