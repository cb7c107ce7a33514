"""The full-screen review workspace (review/workspace.py), driven by Textual's pilot:
every decision it makes is in the project, exactly as the line protocol would make
it; snapshots of its screen at 80x24 and 120x40."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from kube_qda.pretag import pretag
from kube_qda.project import Project
from kube_qda.review import ReviewSession
from kube_qda.review.workspace import Workspace
from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts_sample"
KUBE = (ROOT / "codebooks" / "kube_wonogiri.yaml").read_text("utf-8")
DOCUMENTS = ("w02_anggota_darmi.txt", "w03_ketua_parno.txt")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workspace") / "p.sqlite"
    with Project.create(path, KUBE, "kube") as project:
        project.add([SAMPLES / name for name in DOCUMENTS])
        pretag(project, None)
    return path


@pytest.fixture
def project_file(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    shutil.copy(template, path)
    return path


def drive(
    path: Path, script: Callable[[Pilot[int], Workspace], Awaitable[None]], **options: Any
) -> tuple[Workspace, ReviewSession]:
    """Run the workspace on ``path`` headless at 100x30 through ``script``."""

    async def run() -> tuple[Workspace, ReviewSession]:
        project = Project.open(path)
        session = ReviewSession(project, "k", **options)
        app = Workspace(session)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await script(pilot, app)
            await pilot.pause()
        project.close()
        return app, session

    return asyncio.run(run())


def test_a_whole_review_is_in_the_project(project_file: Path) -> None:
    with Project.open(project_file) as project:
        rows = project.segments()[:6]
        suggested = [[s["code"] for s in project.suggestions(r.id)] for r in rows]
    assert any(suggested[2]), "the third segment needs a suggestion for this test"

    async def script(pilot: Pilot[int], app: Workspace) -> None:
        await pilot.press("a")  # 1: accept every suggestion
        await pilot.press("plus", "p", "e", "n", "d", "enter", "enter")  # 2: + from the picker
        await pilot.press("1", "enter")  # 3: the first suggestion only
        await pilot.press("r")  # 4: reject all
        await pilot.press("s")  # 5 is skipped ...
        await pilot.press("a", "u")  # ... 6 accepted, then undone
        await pilot.press("p")  # back to 5
        await pilot.press("m", *"catatan", "enter")  # a memo on 5
        await pilot.press("r", "q")  # 5: reject all, quit

    app, session = drive(project_file, script)
    assert app.return_value == session.decided == 5
    expected = [
        {c: "accepted" for c in suggested[0]} or {"": ""},
        {**{c: "rejected" for c in suggested[1]}, "hasil.pendapatan": "added"},
        {c: "accepted" if i == 0 else "rejected" for i, c in enumerate(suggested[2])},
        {c: "rejected" for c in suggested[3]} or {"": ""},
        {c: "rejected" for c in suggested[4]} or {"": ""},
        {},
    ]
    with Project.open(project_file) as project:
        got = [project.decisions(r.id, "k") for r in rows]
        assert project.memo(rows[4].id, "k") == "catatan"
        assert project.reviewed("k") == {r.id for r in rows[:5]}
    assert got == expected


def test_next_undecided_previous_and_next_with_a_code(project_file: Path) -> None:
    with Project.open(project_file) as project:
        rows = project.segments()
        first = project.segments_suggesting("kendala.pemasaran")
    later = next(i for i, r in enumerate(rows) if r.id in first and i > 2)

    async def script(pilot: Pilot[int], app: Workspace) -> None:
        await pilot.press("a", "a", "p", "p")
        assert app.session.position == 0
        await pilot.press("n")
        assert app.session.position == 2
        await pilot.press("plus", *"pemasaran", "escape")
        tree_code = app.highlighted()
        assert tree_code is not None and tree_code.id == "strategi.motivasi"
        for _ in range(7):  # down the tree (past the category Kendala) to kendala.pemasaran
            await pilot.press("down")
        entry = app.highlighted()
        assert entry is not None and entry.id == "kendala.pemasaran"
        await pilot.press("c")
        assert app.session.position == later
        definition = app.query_one("#definition", Static)
        assert not definition.display
        await pilot.press("d")
        assert definition.display and "pemasaran" in str(definition.render())

    drive(project_file, script)


def test_the_picker_finds_codes_by_any_part_of_id_or_label(project_file: Path) -> None:
    async def script(pilot: Pilot[int], app: Workspace) -> None:
        await pilot.press("plus", *"pend")
        assert list(app.nodes) == [e.id for e in app.entries if e.matches("pend")]
        assert "hasil.pendapatan" in app.nodes and len(app.nodes) < len(app.entries)
        await pilot.press("escape", "plus", *"kepercayaan")
        assert list(app.nodes) == ["modal_sosial.kepercayaan"]
        await pilot.press("enter", "enter")

    app, session = drive(project_file, script)
    assert session.decided == 1
    with Project.open(project_file) as project:
        decided = project.decisions(session.rows[0].id, "k")
    assert decided.get("modal_sosial.kepercayaan") == "added"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_the_screen(project_file: Path, size: tuple[int, int], snap_compare: Any) -> None:
    project = Project.open(project_file)
    try:
        app = Workspace(ReviewSession(project, "k"), clock=lambda: 0.0)
        # the third segment, which has suggestions; a code's definition open
        assert snap_compare(app, terminal_size=size, press=["s", "s", "down", "d"])
    finally:
        project.close()
