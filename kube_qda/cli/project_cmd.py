"""Project commands: init, add, pretag, status, review, codings export/import."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kube_qda.cli.common import err_console, handles_errors, out_console, pseudonymiser
from kube_qda.cli.learn_cmd import model_choice
from kube_qda.cli.options import (
    CodebookOption,
    CoderOption,
    CodingsFormat,
    InterviewerOption,
    ModelOption,
    NoModelOption,
    ProjectOption,
    PseudonymiseOption,
    ReviewOrder,
    Unit,
    UnitOption,
)
from kube_qda.cli.transcript_cmd import transcript_files
from kube_qda.errors import ProjectError

if TYPE_CHECKING:
    from collections.abc import Callable

    from kube_qda.project import Project
    from kube_qda.review import ReviewSession
    from kube_qda.review.refresh import Refresher


def open_project(path: Path | None) -> Project:
    from kube_qda.project import Project, project_path

    return Project.open(project_path(path))


def coder_name(value: str | None) -> str:
    name = value or os.environ.get("KUBE_QDA_CODER") or getpass.getuser()
    return name.strip()


@handles_errors
def init_command(
    project: ProjectOption = None,
    codebook: CodebookOption = None,
    from_qdpx: Annotated[
        Path | None,
        typer.Option(
            "--from-qdpx", help="Start from another tool's REFI-QDA project export.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Create a project file with a snapshot of the codebook (or from a .qdpx)."""
    from kube_qda.codebook.loader import default_codebook_path, load_codebook, read_codebook_text
    from kube_qda.project import Project, project_path

    if from_qdpx is not None:
        from kube_qda.refi.project_import import init_from_qdpx

        target = project_path(project)
        if target.exists():
            raise ProjectError(f"{target}: already exists; use it, or choose another -p FILE")
        report = init_from_qdpx(from_qdpx, target)
        err_console.print(
            f"created {target} from {from_qdpx}: {report['sources']} sources, "
            f"{report['codings']} codings, {report['memos']} memos",
            markup=False,
        )
        for problem in report["skipped"]:
            err_console.print(f"Warning: {problem}; not imported", markup=False)
        return
    source = codebook or default_codebook_path()
    load_codebook(source)  # validate first: every problem with its place
    path = project_path(project)
    with Project.create(path, read_codebook_text(source), str(source)) as created:
        cb = created.codebook
    err_console.print(f"created {path} with codebook {cb.id} v{cb.version}", markup=False)


@handles_errors
def add_command(
    transcripts: Annotated[list[Path], typer.Argument(help="Transcript files or folders.")],
    project: ProjectOption = None,
    attributes: Annotated[
        Path | None, typer.Option("--attributes", help="CSV: document,attr1,attr2,...")
    ] = None,
    unit: UnitOption = Unit.turn,
    replace: Annotated[
        bool, typer.Option("--replace", help="Update documents whose text changed.")
    ] = False,
    interviewer: InterviewerOption = None,
) -> None:
    """Add transcripts to the project (all of them or none)."""
    from kube_qda.transcripts.attributes import read_attributes_csv

    table = read_attributes_csv(attributes) if attributes else None
    with open_project(project) as opened:
        report = opened.add(
            transcript_files(transcripts),
            attributes=table,
            unit=unit.value,
            replace=replace,
            interviewer=interviewer or (),
        )
    for warning in report.warnings:
        err_console.print(f"Warning: {warning}", markup=False)
    for kind, names in (
        ("added", report.added),
        ("replaced", report.replaced),
        ("unchanged", report.unchanged),
    ):
        if names:
            err_console.print(f"{kind}: {', '.join(names)}", markup=False)
    for doc, seg, code, coder in report.orphaned:
        err_console.print(
            f"orphaned: {doc}#{seg} {code or '(reviewed, no code)'} by {coder}"
            " (segment text changed; kept in the orphans table)",
            markup=False,
        )


@handles_errors
def pretag_command(
    project: ProjectOption = None,
    model: ModelOption = None,
    no_model: NoModelOption = False,
    unreviewed: Annotated[
        bool,
        typer.Option(
            "--unreviewed",
            help="Only segments nobody has reviewed, with the model of the last pretag "
            "(review runs this as decisions accumulate).",
        ),
    ] = False,
) -> None:
    """Suggest codes for every segment with the project's codebook (decisions untouched)."""
    from kube_qda.pretag import pretag

    with open_project(project) as opened:
        if unreviewed and model is None and not no_model:
            model, no_model = remembered_model(opened.setting("pretag_model"))
        choice = model_choice(model, no_model, opened.codebook.id)
        count = pretag(opened, choice, unreviewed=unreviewed)
        remembered = "none" if no_model else str(model.resolve()) if model else "default"
        opened.set_setting("pretag_model", remembered)
    err_console.print(f"{count} suggestions stored", markup=False)


def remembered_model(value: str | None) -> tuple[Path | None, bool]:
    """(--model, --no-model) as the last pretag used them."""
    if value == "none":
        return None, True
    if value in (None, "default"):
        return None, False
    return Path(str(value)), False


@handles_errors
def status_command(project: ProjectOption = None) -> None:
    """Documents, segments and how much each coder has reviewed."""
    with open_project(project) as opened:
        info = opened.status()
    console = out_console()
    console.print(
        f"project   {info['project']}\ncodebook  {info['codebook']}\n"
        f"documents {info['documents']}\nsegments  {info['segments']} informant "
        f"segments, {info['segments_with_suggestions']} with suggestions\n"
        f"pretag    {info['pretag']}",
        markup=False,
        highlight=False,
    )
    for coder, done in info["coders"].items():
        share = done / info["segments"] if info["segments"] else 0.0
        console.print(
            f"coder     {coder}: {done} of {info['segments']} reviewed ({share:.0%})",
            markup=False,
            highlight=False,
        )


ReviewCode = Annotated[
    str | None, typer.Option("--code", help="Only segments suggested this code.")
]
ReviewUncoded = Annotated[
    bool, typer.Option("--uncoded", help="Only segments you have not decided.")
]
ReviewOrderOption = Annotated[
    ReviewOrder,
    typer.Option(
        "--order",
        help="document, or uncertain: the segments the learned model is least sure "
        "about first (the last pretag's).",
    ),
]
ReviewLearn = Annotated[
    bool | None,
    typer.Option(
        "--learn/--no-learn",
        help="Re-suggest the segments nobody has reviewed, in the background, at the "
        "start and every 20 decisions (default: on a terminal, unless the last "
        "pretag used the rules alone).",
    ),
]


@handles_errors
def review_command(
    project: ProjectOption = None,
    coder: CoderOption = None,
    code: ReviewCode = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document.")] = None,
    uncoded: ReviewUncoded = False,
    order: ReviewOrderOption = ReviewOrder.document,
    learn: ReviewLearn = None,
    plain: Annotated[
        bool, typer.Option("--plain", help="The line protocol, also on a terminal.")
    ] = False,
) -> None:
    """Confirm, reject or add codes segment by segment; every decision is saved at once."""
    from kube_qda.review import ReviewSession

    with open_project(project) as opened:
        name = coder_name(coder)
        uncertain = order is ReviewOrder.uncertain
        session = ReviewSession(
            opened, name, code=code, document=doc, uncoded=uncoded, uncertain_first=uncertain
        )
        opened.claim_review(name)
        interactive = sys.stdin.isatty()
        refresher = _refresher(opened, learn, interactive)
        after = refresher.after_decision if refresher else None
        try:
            if interactive and sys.stdout.isatty() and not plain:
                _workspace(session, after)
            else:
                _line_protocol(session, interactive, after)
        finally:
            opened.release_review(name)


def _workspace(session: ReviewSession, after: Callable[[int], None] | None) -> None:
    """The full-screen workspace (review/workspace.py)."""
    from kube_qda.review.workspace import Workspace

    decided = Workspace(session, after_decision=after).run()
    err_console.print(f"saved {decided or 0} decisions", markup=False)


def _line_protocol(
    session: ReviewSession, interactive: bool, after: Callable[[int], None] | None
) -> None:
    """One segment below the last, commands read a key or a line at a time."""
    import click

    from kube_qda.review import terminal

    terminal.run(session, out_console(), err_console, sys.stdin, interactive=interactive,
                 getchar=click.getchar if interactive else None, after_decision=after)  # fmt: skip


def _refresher(project: Project, learn: bool | None, interactive: bool) -> Refresher | None:
    """The background re-suggesting of a review (started), or None when it is off: by
    default on a terminal, unless the last pretag used the rules alone."""
    from kube_qda.review.refresh import Refresher

    if learn is None:
        learn = interactive and project.setting("pretag_model") not in (None, "none")
    if not learn:
        return None
    refresher = Refresher(project.path)
    refresher.start()
    return refresher


@handles_errors
def export_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="The .qdpx file to write.")],
    project: ProjectOption = None,
    pseudonymise: PseudonymiseOption = None,
) -> None:
    """Export the project as REFI-QDA .qdpx (sources, codebook, confirmed codings, memos,
    cases with attributes)."""
    from kube_qda.refi.project_export import export_project

    with open_project(project) as opened:
        counts = export_project(opened, output, pseudonymiser(opened, pseudonymise))
    err_console.print(
        f"wrote {output}: {counts['sources']} sources, {counts['codings']} codings and "
        f"{counts['memos']} memos by {counts['users']} coders",
        markup=False,
    )


codings_app = typer.Typer(help="Export and import codings.", no_args_is_help=True)


@codings_app.command("export")
@handles_errors
def codings_export(
    project: ProjectOption = None,
    format: Annotated[CodingsFormat, typer.Option("--format", "-f", help="csv or jsonl.")] = (
        CodingsFormat.csv
    ),
    coder: Annotated[str | None, typer.Option("--coder", help="Only this coder.")] = None,
    pseudonymise: PseudonymiseOption = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to FILE.")] = None,
) -> None:
    """Write every coding as document,segment,code,status,coder,memo."""
    from kube_qda.codings_file import write_codings
    from kube_qda.names.mapping import scrub

    with open_project(project) as opened:
        rows = list(opened.coding_rows(coder))
        if names := pseudonymiser(opened, pseudonymise):
            rows = scrub(rows, names)
    if output is None:
        write_codings(rows, sys.stdout, format.value)
    else:
        with output.open("w", encoding="utf-8", newline="") as f:
            write_codings(rows, f, format.value)


@codings_app.command("import")
@handles_errors
def codings_import(
    file: Annotated[Path, typer.Argument(help="Codings CSV (as written by export).")],
    coder: Annotated[str, typer.Option("--coder", help="The coder these codings belong to.")],
    project: ProjectOption = None,
) -> None:
    """Import one coder's codings: every row is checked first, then all are saved or none."""
    from kube_qda.project.codings import import_codings

    with open_project(project) as opened:
        count = import_codings(opened, file, coder.strip())
    err_console.print(f"imported {count} segments decided by {coder}", markup=False)
