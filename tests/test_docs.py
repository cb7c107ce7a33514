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
    """Every command and group below ``group``, by path. (Typer builds them with its
    own copy of click, so they are recognised by their attributes, not their class.)"""
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if hasattr(command, "commands"):
            yield from commands(command, path)  # type: ignore[arg-type]


def options(command: click.Command) -> list[click.Parameter]:
    """The command's options (not its arguments)."""
    return [p for p in command.params if p.param_type_name == "option"]


ALL_COMMANDS = list(commands(typer.main.get_command(app)))  # type: ignore[arg-type]
assert len(ALL_COMMANDS) > 20 and sum(len(options(c)) for _, c in ALL_COMMANDS) > 60


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=[p for p, _ in ALL_COMMANDS])
def test_every_command_has_help_and_is_documented(path: str, command: click.Command) -> None:
    assert (command.help or "").strip(), f"{path} has no help text"
    for param in options(command):
        assert param.help, f"{path} {param.opts} has no help"
    reference = (ROOT / "docs" / "commands.md").read_text("utf-8")
    assert f"`{path}" in reference, f"{path} is not in docs/commands.md"


def documented_section(path: str) -> str:
    """The text of every docs/commands.md section whose heading names ``path``, plus
    the shared options of its part of the page (a paragraph with "Common options:")."""
    reference = (ROOT / "docs" / "commands.md").read_text("utf-8")
    text = ""
    for part in reference.split("\n## ")[1:]:
        shared = [p for p in part.split("\n\n") if "Common options:" in p]
        for section in part.split("\n### ")[1:]:
            heading = section.split("\n", 1)[0]
            if re.match(rf"`{re.escape(path)}(?: |`)", heading):
                text += section + "\n" + "\n".join(shared)
    return text


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=[p for p, _ in ALL_COMMANDS])
def test_every_option_is_documented_with_its_command(path: str, command: click.Command) -> None:
    if hasattr(command, "commands"):
        return
    section = documented_section(path)
    assert section, f"no section of docs/commands.md is headed {path}"
    missing = [
        max(param.opts, key=len)
        for param in options(command)
        if param.name != "help"
        and not any(re.search(rf"{re.escape(o)}\b", section) for o in param.opts)
    ]
    assert missing == [], f"{path}: options not in docs/commands.md: {missing}"


def test_every_file_the_internals_page_names_exists() -> None:
    text = (ROOT / "docs" / "internals.md").read_text("utf-8")
    named = set(re.findall(r"[\w/]+\.(?:py|md|yaml)\b", text))
    assert len(named) > 15
    for name in named:
        candidates = [ROOT / name, ROOT / "kube_qda" / name, ROOT / "docs" / name.split("/")[-1]]
        found = any(c.exists() for c in candidates) or any((ROOT / "kube_qda").rglob(name))
        assert found, name
