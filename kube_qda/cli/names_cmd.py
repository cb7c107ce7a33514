"""``kube-qda names detect | apply | show``: participants' names and their pseudonyms
(kube_qda/names/, docs/names.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kube_qda.cli.common import err_console, handles_errors, out_console
from kube_qda.cli.options import ProjectOption
from kube_qda.cli.project_cmd import open_project

if TYPE_CHECKING:
    from kube_qda.names.detect import DocumentText
    from kube_qda.project import Project

app = typer.Typer(help="Participants' names and their pseudonyms.", no_args_is_help=True)

NamesFile = Annotated[Path, typer.Option("-o", "--output", help="The names file (CSV) to write.")]


@app.command("detect")
@handles_errors
def detect_command(
    project: ProjectOption = None,
    output: NamesFile = Path("names.csv"),
    places: Annotated[
        Path | None, typer.Option("--places", help="A file of place names, one per line.")
    ] = None,
) -> None:
    """List candidate names (speaker labels, honorific + name, attributes, listed places)
    into a names file to edit; names already in the file keep their pseudonyms."""
    from kube_qda.names.detect import detect
    from kube_qda.names.mapping import read_names, write_names
    from kube_qda.names.sheet import SHEET_COLUMNS, sheet_rows
    from kube_qda.text.stem import dictionary_words

    listed = _places(places)
    existing = read_names(output) if output.exists() else []
    with open_project(project) as opened:
        candidates = detect(_documents(opened), listed)
    rows = sheet_rows(candidates, existing, dictionary_words())
    write_names(output, rows, SHEET_COLUMNS)
    _print_sheet(rows)
    new = len(rows) - len(existing)
    err_console.print(
        f"wrote {output}: {len(rows)} names ({new} new); check the pseudonyms, then run "
        f"kube-qda names apply {output}",
        markup=False,
    )


@app.command("apply")
@handles_errors
def apply_command(
    file: Annotated[Path, typer.Argument(help="The names file (CSV: name, pseudonym, kind).")],
    project: ProjectOption = None,
    default: Annotated[
        bool,
        typer.Option(
            "--default/--no-default",
            help="Pseudonymise every export unless --no-pseudonymise is given (default: on).",
        ),
    ] = True,
) -> None:
    """Store the names file's mapping in the project (the transcripts stay as they are)."""
    from kube_qda.names.mapping import read_names

    entries = read_names(file)
    with open_project(project) as opened:
        opened.set_pseudonyms(entries, default)
    when = "by default" if default else "with --pseudonymise"
    err_console.print(f"stored {len(entries)} names; exports replace them {when}", markup=False)


@app.command("show")
@handles_errors
def show_command(project: ProjectOption = None) -> None:
    """The names mapping stored in the project."""
    with open_project(project) as opened:
        entries = opened.pseudonyms()
        default = opened.setting("pseudonymise") == "1"
    rows = [vars(e) for e in entries]
    _print_sheet([{**row, "count": "", "source": "", "example": ""} for row in rows])
    state = "on" if default else "off (use --pseudonymise)"
    err_console.print(f"{len(entries)} names; pseudonymised by default: {state}", markup=False)


def _documents(project: Project) -> list[DocumentText]:
    from kube_qda.names.detect import DocumentText

    speakers: dict[str, list[str]] = {}
    for row in project.segments(informant_only=False):
        if row.speaker:
            speakers.setdefault(row.document, []).append(row.speaker)
    return [
        DocumentText(name, text, {k: str(v) for k, v in attributes.items()}, speakers.get(name, []))
        for name, text, attributes in project.document_rows()
    ]


def _places(path: Path | None) -> list[str]:
    from kube_qda.errors import KubeQdaError

    if path is None:
        return []
    try:
        return [line.strip() for line in path.read_text("utf-8-sig").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as err:
        raise KubeQdaError(f"{path}: cannot read the places file ({err})") from None


def _print_sheet(rows: list[dict[str, object]]) -> None:
    from rich.table import Table

    table = Table("name", "pseudonym", "kind", "case", "count", "source", "example")
    for row in rows:
        table.add_row(*(str(row[c]) for c in ("name", "pseudonym", "kind", "case", "count",
                                               "source", "example")))  # fmt: skip
    out_console().print(table)
