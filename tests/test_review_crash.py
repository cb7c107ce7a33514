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
from typing import Any

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


def test_sigkill_in_the_full_screen_workspace(project_file: Path) -> None:
    """The workspace in a pseudo-terminal: a decision is acknowledged when the progress
    line counts it; killed at random points, the project keeps every one."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    rng = random.Random(20261202)
    acknowledged = 0
    for _ in range(8):
        pid, fd = pty.fork()
        if pid == 0:  # the child: kube-qda review on the pseudo-terminal
            env = {**os.environ, "TERM": "xterm-256color"}
            args = ["review", "-p", str(project_file), "--coder", "k", "--no-learn"]
            os.execve(sys.executable, [sys.executable, "-m", "kube_qda", *args], env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        screen = _Screen(fd, select.select)
        done = acknowledged
        assert screen.wait_for(rf"(?<!\d){done}/\d+ ·"), "the workspace did not start"
        for _ in range(rng.randint(0, 4)):
            os.write(fd, rng.choice([b"a", b"r"]))
            assert screen.wait_for(rf"(?<!\d){done + 1}/\d+ ·")
            done += 1
        os.write(fd, rng.choice([b"a", b"r"]))  # in flight when the kill comes
        time.sleep(rng.random() * 0.05)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
        acknowledged = done
        db = sqlite3.connect(project_file)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
        with Project.open(project_file) as p:
            reviewed = len(p.reviewed("k"))
        assert reviewed >= acknowledged
        acknowledged = reviewed  # the one in flight may have landed
    assert acknowledged >= 8


class _Screen:
    """What a program writes to a pseudo-terminal, without its escape sequences."""

    def __init__(self, fd: int, wait: Any) -> None:
        self.fd, self.wait, self.text = fd, wait, ""

    def wait_for(self, pattern: str, timeout: float = 30.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.wait([self.fd], [], [], 0.1)[0]:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return False
                self.text += re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", chunk.decode("utf-8", "replace"))
                if re.search(pattern, self.text[-4000:]):
                    return True
        return False
