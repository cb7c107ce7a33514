"""A file that is not a kube-qda project is never modified by any command that opens one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import ROOT, Cli

SAMPLE = ROOT / "transcripts_sample" / "w02_anggota_darmi.txt"


def _other_application_database(path: Path) -> bytes:
    """An SQLite file made by another program: its own schema, rollback journal."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT, total REAL)")
    db.executemany("INSERT INTO invoices (customer, total) VALUES (?, ?)", [("a", 1.5), ("b", 2)])
    db.commit()
    db.close()
    return path.read_bytes()


COMMANDS = [
    ("status",),
    ("add", str(SAMPLE)),
    ("pretag",),
    ("review",),
    ("freq",),
    ("export", "-o", "out.qdpx"),
    ("codings", "export", "-o", "out.csv"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_another_applications_sqlite_file_is_left_byte_for_byte(
    cli: Cli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = tmp_path / "other.sqlite"
    before = _other_application_database(path)
    result = cli(*command, "-p", str(path), input="q\n")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: not a kube-qda project")
    assert result.stderr[-1] == "\n" and result.stderr.count("\n") == 1
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


@pytest.mark.parametrize("content", [b"", b"document,codes\nw01,x\n", b"\x00" * 4096])
def test_a_file_that_is_not_a_database_is_left_as_it_was(
    cli: Cli, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    result = cli("status", "-p", str(path))
    assert result.exit_code == 1 and "not a kube-qda project" in result.stderr
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]
