"""Shared fixtures: a tmp working directory, the CLI runner, file writers."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from kube_qda.cli import app

ROOT = Path(__file__).resolve().parent.parent

# Property tests are reproducible: the same examples on every run and in CI.
settings.register_profile("kube", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("kube")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in its own directory with no project or coder from the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("KUBE_QDA_PROJECT", "KUBE_QDA_CODER", "KUBE_QDA_DEBUG"):
        monkeypatch.delenv(var, raising=False)


#: The ``write`` fixture: write dedented text to a file under tmp_path.
Write = Callable[[str, str], Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, input: str | None = None) -> Result:
        return self.runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def cli() -> Cli:
    return Cli()
