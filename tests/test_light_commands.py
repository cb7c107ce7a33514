"""Reviewing and the table commands start without spaCy or numpy: they only read the
project (a fresh process is checked, as a researcher runs them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kube_qda.pretag import pretag
from kube_qda.project import Project
from tests.conftest import ROOT

KUBE = (ROOT / "codebooks" / "kube_wonogiri.yaml").read_text("utf-8")
PROBE = """
import json, sys
from typer.testing import CliRunner
from kube_qda.cli import app
result = CliRunner().invoke(app, sys.argv[1:], input="q\\n")
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"spacy", "numpy", "sklearn", "scipy"})
print(json.dumps({"exit": result.exit_code, "heavy": heavy}))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("light") / "p.sqlite"
    with Project.create(path, KUBE, "kube") as created:
        created.add([ROOT / "transcripts_sample" / "w02_anggota_darmi.txt"])
        pretag(created, model=None)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["review", "--coder", "rina"],
        ["status"],
        ["freq", "--status", "suggested"],
        ["cooc", "--status", "suggested"],
        ["matrix", "--status", "suggested"],
        ["summary", "--status", "suggested"],
        ["codings", "export"],
        ["quotes", "--code", "kendala.pemasaran", "--status", "suggested", "--context"],
    ],
    ids=lambda c: c[0],
)
def test_command_imports_no_heavy_library(project: Path, command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command, "-p", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["exit"] == 0, done.stdout
    assert report["heavy"] == []


def test_the_probe_sees_a_heavy_import(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "pretag", "--no-model", "-p", str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["exit"] == 0 and "spacy" in report["heavy"]
