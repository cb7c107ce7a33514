"""``kube-qda codes rename|merge`` and ``kube-qda history``: reshaping the codebook of a
coded project without losing a coding (codebook/edit.py, the project's change_codebook)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kube_qda.cli.common import err_console, handles_errors, out_console
from kube_qda.cli.options import ProjectOption
from kube_qda.cli.project_cmd import coder_name, open_project

if TYPE_CHECKING:
    from kube_qda.project import Project

app = typer.Typer(
    help="Rename, merge, split or delete codes in a project and its codebook.",
    no_args_is_help=True,
)

CodebookFile = Annotated[
    Path | None,
    typer.Option(
        "--codebook",
        "-c",
        dir_okay=False,
        help="The codebook YAML file to edit too (comments and order kept).",
    ),
]


@app.command("rename")
@handles_errors
def rename(
    old: Annotated[str, typer.Argument(help="The code's id now.")],
    new: Annotated[str, typer.Argument(help="Its new id, in the same category.")],
    project: ProjectOption = None,
    codebook: CodebookFile = None,
) -> None:
    """Rename a code: codings, suggestions and the codebook follow."""
    from kube_qda.codebook.edit import rename_code
    from kube_qda.errors import KubeQdaError

    with open_project(project) as opened:
        ids = opened.codebook.code_ids()
        opened.codebook.code(old)  # raises UnknownCode
        if new in ids:
            raise KubeQdaError(f"code '{new}' exists already: to join the two, use codes merge")
        if new.split(".", 1)[0] != old.split(".", 1)[0] or "." not in new:
            raise KubeQdaError(
                f"'{new}': a renamed code stays in its category ({old.split('.')[0]}.…)"
            )
        text = _edited(opened, codebook, lambda t: rename_code(t, old, new))
        what = f"rename {old} -> {new}"
        moved = opened.change_codebook(text, coder_name(None), what, move=([old], new))
        _write_back(codebook, text)
    err_console.print(f"renamed {old} to {new}: {moved} codings moved", markup=False)


@app.command("merge")
@handles_errors
def merge(
    codes: Annotated[list[str], typer.Argument(help="The codes to merge.")],
    into: Annotated[str, typer.Option("--into", help="The code they become (one that exists).")],
    project: ProjectOption = None,
    codebook: CodebookFile = None,
) -> None:
    """Merge codes into one: their codings and suggestions move to it and their entries
    leave the codebook."""
    from kube_qda.codebook.edit import remove_code
    from kube_qda.errors import KubeQdaError

    with open_project(project) as opened:
        for code in [*codes, into]:
            opened.codebook.code(code)  # raises UnknownCode
        sources = [c for c in dict.fromkeys(codes) if c != into]
        if not sources:
            raise KubeQdaError("name at least one code besides the --into code")

        def without_sources(text: str) -> str:
            for source in sources:
                text = remove_code(text, source)
            return text

        text = _edited(opened, codebook, without_sources)
        what = f"merge {', '.join(sources)} -> {into}"
        moved = opened.change_codebook(text, coder_name(None), what, move=(sources, into))
        _write_back(codebook, text)
    err_console.print(
        f"merged {', '.join(sources)} into {into}: {moved} codings moved", markup=False
    )


@app.command("split")
@handles_errors
def split(
    code: Annotated[str, typer.Argument(help="The code to split.")],
    into: Annotated[list[str], typer.Option("--into", help="A new code (repeatable).")],
    project: ProjectOption = None,
    codebook: CodebookFile = None,
) -> None:
    """Split a code: new codes next to it in the codebook; its codings stay on it until
    re-coded (review --code CODE offers the new ones)."""
    from kube_qda.codebook.edit import add_codes_after
    from kube_qda.errors import KubeQdaError

    with open_project(project) as opened:
        book = opened.codebook
        old = book.code(code)  # raises UnknownCode
        category = code.split(".", 1)[0]
        parts = list(dict.fromkeys(into))
        for part in parts:
            if part in book.code_ids():
                raise KubeQdaError(f"code '{part}' exists already")
            if part.split(".", 1)[0] != category or "." not in part:
                raise KubeQdaError(f"'{part}': a code split from {code} stays in '{category}'")
        if len(parts) < 2:
            raise KubeQdaError("split into at least two new codes: --into A --into B")
        new = [
            (p, f"{old.label}: {p.split('.', 1)[1]}", f"Split from {code}: {old.definition}")
            for p in parts
        ]
        text = _edited(opened, codebook, lambda t: add_codes_after(t, code, new))
        what = f"split {code} -> {', '.join(parts)}"
        opened.change_codebook(text, coder_name(None), what, split=(code, parts))
        _write_back(codebook, text)
    err_console.print(
        f"split {code} into {', '.join(parts)}; its codings stay on it until re-coded "
        f"(kube-qda review --code {code})",
        markup=False,
    )


@app.command("delete")
@handles_errors
def delete(
    code: Annotated[str, typer.Argument(help="The code to delete.")],
    force: Annotated[
        bool, typer.Option("--force", help="Delete it although codings use it (archived).")
    ] = False,
    project: ProjectOption = None,
    codebook: CodebookFile = None,
) -> None:
    """Delete a code from the codebook; refused while codings use it unless --force,
    which keeps them in the project's orphans table."""
    from kube_qda.codebook.edit import remove_code
    from kube_qda.errors import KubeQdaError

    with open_project(project) as opened:
        opened.codebook.code(code)  # raises UnknownCode
        uses = opened.code_uses(code)
        if uses and not force:
            raise KubeQdaError(
                f"{uses} codings use {code}: merge it into another code, or --force to "
                "delete it and keep its codings in the orphans table"
            )
        text = _edited(opened, codebook, lambda t: remove_code(t, code))
        moved = opened.change_codebook(text, coder_name(None), f"delete {code}", archive=code)
        _write_back(codebook, text)
    err_console.print(f"deleted {code}; {moved} codings archived", markup=False)


def history_command(project: ProjectOption = None) -> None:
    """Every rename and merge of codes in the project: when, who, what, codings moved."""
    with open_project(project) as opened:
        rows = opened.code_history()
    console = out_console()
    if not rows:
        console.print("no code has been renamed or merged", markup=False)
    for at, who, what, moved in rows:
        console.print(f"{at}  {who}  {what}  ({moved} codings)", markup=False, highlight=False)


def _edited(project: Project, codebook: Path | None, edit: Callable[[str], str]) -> str:
    """The codebook text after ``edit``: of FILE when given (it must be the project's
    codebook), else of the project's stored codebook."""
    from kube_qda.codebook.loader import codebook_from_text, read_codebook_text
    from kube_qda.errors import KubeQdaError

    if codebook is None:
        text = project.codebook_yaml()
    else:
        text = read_codebook_text(codebook)
        found = codebook_from_text(text, str(codebook)).id
        if found != project.codebook.id:
            raise KubeQdaError(
                f"{codebook}: codebook '{found}', not the project's '{project.codebook.id}'"
            )
    return edit(text)


def _write_back(codebook: Path | None, text: str) -> None:
    """Replace FILE's text at once (a failed write leaves it as it was)."""
    if codebook is None:
        return
    tmp = codebook.with_name(codebook.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(codebook)


history = handles_errors(history_command)
