"""``kube-qda codebook ...``: check and show codebooks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kube_qda.cli.common import err_console, handles_errors, out_console
from kube_qda.cli.options import ProjectOption, ShowFormat

app = typer.Typer(help="Check, show, export and import codebooks.", no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="Codebook YAML file.", dir_okay=False)]


@app.command("check")
@handles_errors
def check(
    file: FileArg,
    strict: Annotated[bool, typer.Option(help="Exit 1 when there are lint warnings.")] = False,
) -> None:
    """Validate a codebook: every error as FILE:LINE:COL, then lint warnings."""
    from kube_qda.codebook.lint import lint_codebook
    from kube_qda.codebook.loader import load_codebook

    codebook = load_codebook(file)
    warnings = lint_codebook(codebook, file)
    for warning in warnings:
        err_console.print(f"Warning: {warning}", markup=False, soft_wrap=True)
    count = sum(1 for _ in codebook.codes())
    err_console.print(
        f"{file}: {len(codebook.categories)} categories, {count} codes, {len(warnings)} warning(s)",
        markup=False,
    )
    if strict and warnings:
        raise typer.Exit(1)


@app.command("show")
@handles_errors
def show(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Codebook YAML file (default: the bundled KUBE codebook).", dir_okay=False
        ),
    ] = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ShowFormat.tree
    ),
) -> None:
    """Show a codebook as a tree, Markdown or normalised JSON."""
    from kube_qda.codebook import render
    from kube_qda.codebook.loader import load_codebook

    codebook = load_codebook(file)
    console = out_console()
    if format is ShowFormat.json:
        print(render.codebook_json(codebook))
    elif format is ShowFormat.md:
        print(render.codebook_markdown(codebook), end="")
    else:
        console.print(render.codebook_tree(codebook))


@app.command("update")
@handles_errors
def update(
    file: FileArg,
    project: ProjectOption = None,
) -> None:
    """Store a new codebook snapshot in the project; run `pretag` to refresh suggestions."""
    from kube_qda.codebook.loader import load_codebook, read_codebook_text
    from kube_qda.project import Project, project_path

    codebook = load_codebook(file)
    with Project.open(project_path(project)) as opened:
        unknown = opened.coded_codes() - set(codebook.code_ids())
        opened.set_codebook(read_codebook_text(file), str(file))
    err_console.print(
        f"codebook {codebook.id} v{codebook.version} is now active; "
        "run `kube-qda pretag` to refresh suggestions",
        markup=False,
    )
    if unknown:
        err_console.print(
            f"Warning: codings use codes not in the new codebook: {', '.join(sorted(unknown))}",
            markup=False,
        )


@app.command("propose")
@handles_errors
def propose(
    project: ProjectOption = None,
    per_code: Annotated[
        int, typer.Option("--per-code", min=1, help="Most proposals per code.")
    ] = 3,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into", dir_okay=False, help="Write a copy of the codebook with the proposals added."
        ),
    ] = None,
) -> None:
    """Propose keywords for each code from the project's confirmed codings, with how many
    confirmed segments each would find and how many it would wrongly hit."""
    from kube_qda.project import Project, project_path
    from kube_qda.propose import codebook_with, proposals_yaml, propose

    with Project.open(project_path(project)) as opened:
        proposals = propose(opened, per_code=per_code)
        yaml_text = opened.codebook_yaml()
    if not proposals:
        err_console.print("no proposals: confirm codes on more segments first", markup=False)
        return
    out_console().print(proposals_yaml(proposals), markup=False, highlight=False, end="")
    if into is not None:
        codebook_with(yaml_text, proposals, into)
        err_console.print(f"wrote {into} ({len(proposals)} keywords added)", markup=False)


@app.command("export")
@handles_errors
def export(
    file: FileArg,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The .qdc (REFI-QDA) or .csv file to write.")
    ],
) -> None:
    """Write a codebook as REFI-QDA .qdc (NVivo, ATLAS.ti, MAXQDA, QualCoder) or, for a
    .csv output, as the CSV codebook Taguette imports."""
    from kube_qda.codebook.loader import load_codebook
    from kube_qda.refi.codebook import export_codebook, export_codebook_csv

    codebook = load_codebook(file)
    if output.suffix.lower() == ".csv":
        output.write_text(export_codebook_csv(codebook), encoding="utf-8")
    else:
        output.write_bytes(export_codebook(codebook))
    count = sum(1 for _ in codebook.codes())
    err_console.print(
        f"wrote {output}: {len(codebook.categories)} categories, {count} codes", markup=False
    )


@app.command("import")
@handles_errors
def import_(
    file: Annotated[Path, typer.Argument(help="A REFI-QDA .qdc (or .qde) file.", dir_okay=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="The YAML codebook to write.")],
) -> None:
    """Read a REFI-QDA codebook into kube-qda YAML (add match rules afterwards)."""
    from kube_qda.codebook.loader import codebook_from_text
    from kube_qda.refi.codebook import codebook_yaml, import_codebook
    from kube_qda.refi.xmlsafe import RefiError

    try:
        data = import_codebook(file)
    except OSError as err:
        raise RefiError(f"{file}: cannot read ({err.strerror})") from None
    text = codebook_yaml(data)
    codebook = codebook_from_text(text, str(output))
    output.write_text(text, encoding="utf-8")
    count = sum(1 for _ in codebook.codes())
    err_console.print(
        f"wrote {output}: {len(codebook.categories)} categories, {count} codes "
        "(no match rules yet)",
        markup=False,
    )
