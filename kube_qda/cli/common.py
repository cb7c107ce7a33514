"""Shared CLI plumbing: error reporting, consoles, output options."""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console
from typer.exceptions import TyperException

from kube_qda.errors import CodebookError, KubeQdaError

if TYPE_CHECKING:
    from kube_qda.cli.options import Format
    from kube_qda.export.tables import TableData
    from kube_qda.names import Pseudonymiser
    from kube_qda.project import Project

F = TypeVar("F", bound=Callable[..., Any])

#: Data goes to stdout, messages to stderr.
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def out_console() -> Console:
    """stdout; when it is not a terminal (a pipe, a file), tables are 120 columns wide."""
    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(highlight=False, soft_wrap=False, width=120)
    return console


def fail(message: str) -> typer.Exit:
    """Print a one-line ``Error: ...`` to stderr and return the exit to raise."""
    err_console.print(f"[red]Error:[/red] {message}", markup=True, soft_wrap=True)
    return typer.Exit(1)


def handles_errors(func: F) -> F:
    """Turn the library's own errors into ``Error: ...`` lines and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CodebookError as err:
            for problem in err.problems:
                err_console.print(f"Error: {problem}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except KubeQdaError as err:
            raise fail(_escape(str(err))) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None
        except sqlite3.Error as err:
            if debug_enabled():
                raise
            raise fail(_escape(_database_message(err, kwargs.get("project")))) from None
        except KeyboardInterrupt:
            err_console.print("interrupted", markup=False)
            raise typer.Exit(130) from None
        except OSError as err:  # a file that cannot be read or written
            if debug_enabled():
                raise
            where = err.filename if err.filename is not None else "a file"
            raise fail(_escape(f"{where}: {err.strerror or type(err).__name__}")) from None
        except (typer.Exit, typer.Abort, TyperException):
            raise  # usage errors (exit 2) and deliberate exits
        except Exception as err:  # a bug: say so without a traceback (participants' words)
            if debug_enabled():
                raise
            raise fail(
                f"unexpected internal error ({type(err).__name__}); set KUBE_QDA_DEBUG=1 "
                "to see the full traceback for a bug report"
            ) from None

    return wrapper  # type: ignore[return-value]


def _database_message(err: sqlite3.Error, project: Any) -> str:
    from kube_qda.project.store import project_path

    path = project_path(project)
    text = str(err)
    if "locked" in text or "busy" in text:
        return f"{path}: the project is busy (another kube-qda is writing to it); try again"
    if "readonly" in text or "read-only" in text:
        return f"{path}: the project file is read-only; nothing was changed"
    return f"{path}: database error ({text})"


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def emit_tables(tables: list[TableData], payload: Any, fmt: Format, output: Path | None) -> None:
    """Print (or write to ``output``) the tables in ``fmt``; JSON prints ``payload``."""
    from kube_qda.export.tables import emit

    emit(tables, payload, fmt.value, output, out_console())


def pseudonymiser(project: Project, wanted: bool | None) -> Pseudonymiser | None:
    """The project's names mapping when names are to be replaced (``wanted``, else the
    project's setting), or None."""
    from kube_qda.errors import KubeQdaError
    from kube_qda.names import Pseudonymiser

    if wanted is None:
        wanted = project.setting("pseudonymise") == "1"
    if not wanted:
        return None
    entries = project.pseudonyms()
    if not entries:
        raise KubeQdaError(
            f"{project.path}: no names mapping yet; run kube-qda names detect, edit "
            "names.csv, then kube-qda names apply names.csv"
        )
    return Pseudonymiser(entries)


T = TypeVar("T")


def renamed(value: T, names: Pseudonymiser | None) -> T:
    """``value`` (tables, payloads, records) with participants' names replaced by their
    pseudonyms when ``names`` is given, else as it is."""
    from kube_qda.names.mapping import scrub

    return scrub(value, names) if names else value


def debug_enabled() -> bool:
    return os.environ.get("KUBE_QDA_DEBUG", "") not in ("", "0")


def progress(items: list[T], description: str) -> Iterator[T]:
    """Iterate with a progress bar on stderr, only when stderr is a terminal."""
    if not err_console.is_terminal or len(items) < 2:
        yield from items
        return
    from rich.progress import track

    yield from track(items, description=description, console=err_console, transient=True)
