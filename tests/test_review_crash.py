"""A review killed with SIGKILL at random points loses no acknowledged decision."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kube_qda.pretag import pretag
from kube_qda.project import Project
from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts_sample"
KUBE = (ROOT / "codebooks" / "kube_wonogiri.yaml").read_text("utf-8")
ACK = re.compile(r"^saved (\S+)#(\d+): ")
COMMANDS = ["a", "r", "1", "+hasil.pendapatan", "a +modal_sosial.norma", "r +hasil.pengetahuan"]


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.create(path, KUBE, "kube") as p:
        p.add(
            sorted(
                f for f in SAMPLES.iterdir() if f.suffix in {".md", ".txt"} and f.stem != "README"
            )
        )
        pretag(p)
    return path


def review(path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "kube_qda", "review", "-p", str(path), "--coder", "k"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_sigkill_at_twenty_random_points(project_file: Path) -> None:
    rng = random.Random(20261127)
    acknowledged: set[tuple[str, int]] = set()
    for _ in range(20):
        proc = review(project_file)
        assert proc.stdin is not None and proc.stderr is not None
        for _ in range(rng.randint(0, 4)):
            proc.stdin.write(rng.choice(COMMANDS) + "\n")
            proc.stdin.flush()
            m = ACK.match(proc.stderr.readline())
            if m:
                acknowledged.add((m.group(1), int(m.group(2))))
        proc.stdin.write(rng.choice(COMMANDS) + "\n")  # in flight when the kill comes
        proc.stdin.flush()
        time.sleep(rng.random() * 0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        db = sqlite3.connect(project_file)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
        with Project.open(project_file) as p:
            decided = {(r["document"], r["segment"]) for r in p.coding_rows("k")}
        assert acknowledged <= decided
    assert len(acknowledged) >= 10
