"""SIGKILL during add, pretag and codings import (at random moments, and inside the
write itself) leaves the project as before or fully done; two coders can review the
same project at the same time."""

from __future__ import annotations

import hashlib
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kube_qda.project import Project
from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts_sample"
KUBE = (ROOT / "codebooks" / "kube_wonogiri.yaml").read_text("utf-8")


#: the columns that say what a table holds (not when it was written)
COLUMNS = {
    "documents": "name, content_hash, unit, attributes",
    "segments": "document_id, idx, start, end, text_hash",
    "suggestions": "segment_id, code, score, negated, evidence",
    "codings": "segment_id, code, coder, status",
}


def table_digest(path: Path, tables: tuple[str, ...]) -> str:
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        parts = []
        for table in tables:
            columns = COLUMNS[table]
            rows = db.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}").fetchall()
            parts.append(repr(rows))
    finally:
        db.close()
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def run(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kube_qda", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.sqlite"
    with Project.create(path, KUBE, "kube") as p:
        p.add([SAMPLES / "w01_pendamping_sri.md"])
    return path


CASES = {
    "add": (["add", "-p", "p.sqlite", str(SAMPLES)], ("documents", "segments")),
    "pretag": (["pretag", "-p", "p.sqlite"], ("suggestions",)),
    "import": (
        ["codings", "import", str(SAMPLES / "gold.csv"), "--coder", "g", "-p", "p.sqlite"],
        ("codings",),
    ),
}


@pytest.mark.parametrize("command", list(CASES))
def test_sigkill_leaves_before_or_after(command: str, base: Path, tmp_path: Path) -> None:
    args, tables = CASES[command]
    setup = tmp_path / "setup.sqlite"
    shutil.copy(base, setup)
    if command != "add":  # pretag and import work on every sample document
        with Project.open(setup) as p:
            p.add(
                sorted(
                    f
                    for f in SAMPLES.iterdir()
                    if f.suffix in {".md", ".txt", ".docx", ".vtt", ".srt"} and f.stem != "README"
                )
            )
    before = table_digest(setup, tables)
    done = tmp_path / "done"
    done.mkdir()
    shutil.copy(setup, done / "p.sqlite")
    start = time.monotonic()
    assert run(args, done).wait(timeout=300) == 0
    full = time.monotonic() - start
    after = table_digest(done / "p.sqlite", tables)
    assert after != before
    rng = random.Random(command)
    for point in range(6):
        work = tmp_path / f"kill{point}"
        work.mkdir()
        shutil.copy(setup, work / "p.sqlite")
        proc = run(args, work)
        time.sleep(rng.uniform(0.2, full))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert table_digest(work / "p.sqlite", tables) in (before, after), (command, point)
    for point in range(2):  # kills inside the write: as soon as it has written a page
        work = tmp_path / f"writing{point}"
        work.mkdir()
        shutil.copy(setup, work / "p.sqlite")
        assert kill_while_writing(args, work), f"{command} finished before it wrote"
        assert table_digest(work / "p.sqlite", tables) in (before, after), (command, point)


def kill_while_writing(args: list[str], work: Path) -> bool:
    """Run a command and SIGKILL it the moment its write-ahead log holds a page (its
    write transaction has begun writing); False when it ended before that."""
    proc = run(args, work)
    wal = work / "p.sqlite-wal"
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 0:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.0002)
    proc.kill()
    proc.wait()
    return False


def test_two_coders_review_at_once(base: Path, tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    shutil.copy(base, project)
    procs = {
        coder: subprocess.Popen(
            [sys.executable, "-m", "kube_qda", "review", "-p", str(project), "--coder", coder],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for coder in ("rina", "dewi")
    }
    acked: dict[str, set[int]] = {"rina": set(), "dewi": set()}
    ack = re.compile(r"^saved w01#(\d+): ")
    for step in range(8):
        for coder, proc in procs.items():
            assert proc.stdin is not None and proc.stderr is not None
            proc.stdin.write(("a" if step % 2 else "+hasil.pendapatan") + "\n")
            proc.stdin.flush()
            m = ack.match(proc.stderr.readline())
            assert m, coder
            acked[coder].add(int(m.group(1)))
    for proc in procs.values():
        assert proc.stdin is not None
        proc.stdin.write("q\n")
        proc.stdin.flush()
        assert proc.wait(timeout=60) == 0
    with Project.open(project) as p:
        for coder in acked:
            decided = {r["segment"] for r in p.coding_rows(coder)}
            assert decided == acked[coder] and len(decided) == 8
