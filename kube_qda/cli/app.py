"""The Typer application and its top-level options."""

from __future__ import annotations

from typing import Annotated

import typer

from kube_qda import __version__
from kube_qda.cli import (
    codebook_cmd,
    codes_cmd,
    learn_cmd,
    names_cmd,
    project_cmd,
    quotes_cmd,
    reliability_cmd,
    report_cmd,
    search_cmd,
    suggest_cmd,
    tables_cmd,
    transcript_cmd,
)

app = typer.Typer(
    name="kube-qda",
    help="Qualitative coding of interview transcripts: codebooks, pre-tagging, review, tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
app.add_typer(codebook_cmd.app, name="codebook")
app.command("segments")(transcript_cmd.segments_command)
app.command("suggest")(suggest_cmd.suggest_command)
app.command("analyze")(suggest_cmd.analyze_command)
app.command("learn")(learn_cmd.learn_command)
app.command("init")(project_cmd.init_command)
app.command("add")(project_cmd.add_command)
app.command("pretag")(project_cmd.pretag_command)
app.command("status")(project_cmd.status_command)
app.command("review")(project_cmd.review_command)
app.command("export")(project_cmd.export_command)
app.add_typer(project_cmd.codings_app, name="codings")
app.command("freq")(tables_cmd.freq_command)
app.command("cooc")(tables_cmd.cooc_command)
app.command("matrix")(tables_cmd.matrix_command)
app.command("summary")(tables_cmd.summary_command)
app.command("quotes")(quotes_cmd.quotes_command)
app.command("memos")(quotes_cmd.memos_command)
app.command("search")(search_cmd.search_command)
app.command("report")(report_cmd.report_command)
app.add_typer(codes_cmd.app, name="codes")
app.add_typer(names_cmd.app, name="names")
app.command("history")(codes_cmd.history)
app.command("agreement")(reliability_cmd.agreement_command)
app.command("evaluate")(reliability_cmd.evaluate_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kube-qda {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Qualitative coding of interview transcripts: codebooks, pre-tagging, review, tables."""
