"""Documented formats are checked: codebook fields and the command list."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
import typer
from pydantic import BaseModel

from kube_qda.cli import app
from kube_qda.codebook.model import Category, Code, Codebook, Match, Profile, Proximity
from tests.conftest import ROOT

SECTIONS: dict[str, type[BaseModel]] = {
    "Codebook (top level)": Codebook,
    "profile": Profile,
    "categories[]": Category,
    "codes[]": Code,
    "match": Match,
    "near[]": Proximity,
}


def documented_fields(section: str) -> list[str]:
    text = (ROOT / "docs" / "codebook.md").read_text("utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", body, flags=re.M)


@pytest.mark.parametrize("section", list(SECTIONS))
def test_every_codebook_field_is_documented(section: str) -> None:
    assert documented_fields(section) == list(SECTIONS[section].model_fields)


def commands(group: click.Group, prefix: str = "kube-qda") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from commands(command, path)


ALL_COMMANDS = list(commands(typer.main.get_command(app)))  # type: ignore[arg-type]


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=[p for p, _ in ALL_COMMANDS])
def test_every_command_has_help_and_is_documented(path: str, command: click.Command) -> None:
    assert (command.help or "").strip(), f"{path} has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{path} {param.opts} has no help"
    reference = (ROOT / "docs" / "commands.md").read_text("utf-8")
    assert f"`{path}" in reference, f"{path} is not in docs/commands.md"
