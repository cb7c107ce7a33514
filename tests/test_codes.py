"""Renaming and merging codes in a coded project (``kube-qda codes``, ``history``;
codebook/edit.py, the project's change_codebook)."""

from __future__ import annotations

import csv
import difflib
import shutil
from pathlib import Path

import pytest

from kube_qda.project import Project
from tests.conftest import ROOT, Cli

SAMPLES = ROOT / "transcripts_sample"
STRATEGI, MODAL = "strategi.jaringan", "modal_sosial.jaringan"


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of twelve samples with their gold coding (coder gold)."""
    folder = tmp_path_factory.mktemp("codes")
    path = folder / "p.sqlite"
    cli = Cli()
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".md", ".txt"))[:12]
    assert cli("init", "-p", path).exit_code == 0
    assert cli("add", "-p", path, *files).exit_code == 0
    with Project.open(path) as opened:
        names = set(opened.document_names())
    gold = folder / "gold.csv"
    with (
        (SAMPLES / "gold.csv").open(encoding="utf-8") as f,
        gold.open("w", encoding="utf-8") as out,
    ):
        writer = csv.DictWriter(out, fieldnames=["document", "segment", "code"])
        writer.writeheader()
        writer.writerows(r for r in csv.DictReader(f) if r["document"] in names)
    assert cli("codings", "import", gold, "--coder", "gold", "-p", path).exit_code == 0
    assert cli("pretag", "-p", path, "--no-model").exit_code == 0
    return path


def copies(coded: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the coded project and of the KUBE codebook file, to change."""
    project, yaml_file = tmp_path / "copy.sqlite", tmp_path / "kube.yaml"
    shutil.copy(coded, project)
    shutil.copy(ROOT / "codebooks" / "kube_wonogiri.yaml", yaml_file)
    return project, yaml_file


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a diff of the two texts adds (+) or removes (-)."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0)
        if line[:1] in "+-" and line[:3] not in ("---", "+++")
    ]


def segments_with(path: Path, code: str) -> set[tuple[str, int]]:
    with Project.open(path) as opened:
        return {(a.document, a.segment) for a in opened.applications() if a.code == code}


def test_merge_keeps_every_coding_and_the_yaml_around_it(
    cli: Cli, coded: Path, tmp_path: Path
) -> None:
    project, yaml_file = copies(coded, tmp_path)
    before = yaml_file.read_text("utf-8")
    union = segments_with(project, STRATEGI) | segments_with(project, MODAL)
    assert segments_with(project, STRATEGI) and segments_with(project, MODAL)
    result = cli("codes", "merge", STRATEGI, MODAL, "--into", MODAL, "-p", project, "-c", yaml_file)
    assert result.exit_code == 0, result.output
    assert segments_with(project, MODAL) == union
    assert segments_with(project, STRATEGI) == set()
    freq = cli("freq", "-p", project, "--format", "csv").stdout
    assert f"{MODAL}," in freq and f"{STRATEGI}," not in freq
    with Project.open(project) as opened:
        assert STRATEGI not in opened.codebook.code_ids()
        assert opened.db.execute(
            "SELECT COUNT(*) FROM suggestions WHERE code = ?", (STRATEGI,)
        ).fetchone() == (0,)
    after = yaml_file.read_text("utf-8")
    changed = changed_lines(before, after)
    assert changed and all(line.startswith("-") for line in changed)  # only removed lines
    assert "- id: jaringan" in "\n".join(changed) and after.count("#") == before.count("#") - sum(
        line.count("#") for line in changed
    )
    history = cli("history", "-p", project).stdout
    assert f"merge {STRATEGI} -> {MODAL}" in history and "codings)" in history


def test_rename_moves_codings_suggestions_and_the_id(cli: Cli, coded: Path, tmp_path: Path) -> None:
    project, _ = copies(coded, tmp_path)
    had = segments_with(project, "hasil.pendapatan")
    result = cli("codes", "rename", "hasil.pendapatan", "hasil.penghasilan", "-p", project)
    assert result.exit_code == 0, result.output
    assert segments_with(project, "hasil.penghasilan") == had
    with Project.open(project) as opened:
        assert "hasil.penghasilan" in opened.codebook.code_ids()
        assert "id: penghasilan" in opened.codebook_yaml()
    assert "rename hasil.pendapatan -> hasil.penghasilan" in cli("history", "-p", project).stdout
    assert cli("evaluate", "-p", project, "--coder", "gold").exit_code == 0


def test_a_merge_combines_decisions_on_the_same_segment(
    cli: Cli, coded: Path, tmp_path: Path
) -> None:
    project, _ = copies(coded, tmp_path)
    with Project.open(project) as opened:
        segment = opened.segment_id(*sorted(segments_with(project, MODAL))[0])
        assert segment is not None
        opened.decide(segment, "rina", {STRATEGI: "accepted", MODAL: "rejected"})
    assert cli("codes", "merge", STRATEGI, "--into", MODAL, "-p", project).exit_code == 0
    with Project.open(project) as opened:
        assert opened.decisions(segment, "rina") == {MODAL: "accepted"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rename", "x.y", "x.z"], "unknown code 'x.y'"),
        (["rename", STRATEGI, "strategi.motivasi"], "exists already"),
        (["rename", STRATEGI, "hasil.jaringan"], "stays in its category"),
        (["merge", STRATEGI, "--into", "x.y"], "unknown code 'x.y'"),
        (["merge", MODAL, "--into", MODAL], "besides the --into code"),
    ],
)
def test_bad_input_changes_nothing(
    cli: Cli, coded: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    project, _ = copies(coded, tmp_path)
    with Project.open(project) as opened:
        ids = opened.codebook.code_ids()
    result = cli("codes", *args, "-p", project)
    assert result.exit_code == 1 and message in result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    with Project.open(project) as opened:
        assert opened.code_history() == [] and opened.codebook.code_ids() == ids


def test_another_codebook_file_is_refused(cli: Cli, coded: Path, tmp_path: Path) -> None:
    project, _ = copies(coded, tmp_path)
    other = tmp_path / "putnam.yaml"
    shutil.copy(ROOT / "codebooks" / "putnam_social_capital.yaml", other)
    before = other.read_bytes()
    result = cli("codes", "merge", STRATEGI, "--into", MODAL, "-p", project, "-c", other)
    assert result.exit_code == 1 and "not the project's 'kube_wonogiri'" in result.stderr
    assert other.read_bytes() == before


def test_split_adds_codes_keeps_codings_and_review_offers_them(
    cli: Cli, coded: Path, tmp_path: Path
) -> None:
    project, yaml_file = copies(coded, tmp_path)
    before_text = yaml_file.read_text("utf-8")
    had = segments_with(project, MODAL)
    parts = ["modal_sosial.jaringan_ikatan", "modal_sosial.jaringan_jembatan"]
    args = ["codes", "split", MODAL, "--into", parts[0], "--into", parts[1]]
    assert cli(*args, "-p", project, "-c", yaml_file).exit_code == 0
    assert segments_with(project, MODAL) == had  # codings stay until re-coded
    with Project.open(project) as opened:
        ids = opened.codebook.code_ids()
        assert ids[ids.index(MODAL) + 1 : ids.index(MODAL) + 3] == parts
    added = changed_lines(before_text, yaml_file.read_text("utf-8"))
    assert len(added) == 6 and all(line.startswith("+") for line in added)
    review = cli("review", "-p", project, "--coder", "rina", "--code", MODAL, input="q\n")
    assert f"{MODAL} was split into {', '.join(parts)}" in review.stdout


def test_delete_is_refused_while_codings_use_the_code_unless_forced(
    cli: Cli, coded: Path, tmp_path: Path
) -> None:
    project, _ = copies(coded, tmp_path)
    uses = len(segments_with(project, STRATEGI))
    refused = cli("codes", "delete", STRATEGI, "-p", project)
    assert refused.exit_code == 1 and "codings use strategi.jaringan" in refused.stderr
    assert cli("codes", "delete", STRATEGI, "--force", "-p", project).exit_code == 0
    with Project.open(project) as opened:
        assert STRATEGI not in opened.codebook.code_ids()
        archived = opened.db.execute(
            "SELECT COUNT(*) FROM orphans WHERE code = ? AND status IN ('accepted', 'added')",
            (STRATEGI,),
        ).fetchone()[0]
        assert archived == uses > 0
    assert f"delete {STRATEGI}" in cli("history", "-p", project).stdout
