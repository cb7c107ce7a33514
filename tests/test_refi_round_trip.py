"""kube-qda export -> init --from-qdpx keeps what a researcher cares about: document
names and attributes, the code hierarchy with descriptions and colours, every coding
with its coder, and memos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kube_qda.project import Project
from tests.conftest import ROOT, Cli

SAMPLES = ROOT / "transcripts_sample"
FILES = ["w01_pendamping_sri.md", "w02_anggota_darmi.txt", "w05_fgd_sidomulyo.txt"]


@pytest.fixture
def exported(cli: Cli, tmp_path: Path) -> tuple[str, str]:
    """A coded project with attributes, two coders and memos; its export re-imported."""
    attributes = tmp_path / "attributes.csv"
    attributes.write_text("document;desa;peran\nw01;Gambiranom;pendamping\n", encoding="utf-8")
    assert cli("init", "-p", "a.sqlite").exit_code == 0
    paths = [str(SAMPLES / f) for f in FILES if (SAMPLES / f).exists()]
    result = cli("add", "-p", "a.sqlite", *paths, "--attributes", str(attributes))
    assert result.exit_code == 0, result.output
    review = cli(
        "review", "-p", "a.sqlite", "--coder", "rina", input="a\nr\n+hasil.pendapatan\nq\n"
    )
    assert review.exit_code == 0, review.output
    with Project.open("a.sqlite") as project:
        first, second = project.segments()[:2]
        project.set_memo(first.id, "rina", "Pendamping sebagai penggerak.\nBaris kedua.")
        project.set_memo(second.id, "gold", "Catatan coder lain.")
    out = tmp_path / "study.qdpx"
    result = cli("export", "-p", "a.sqlite", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2 memos by 2 coders" in result.stderr
    result = cli("init", "--from-qdpx", str(out), "-p", "b.sqlite")
    assert result.exit_code == 0, result.output
    assert ", 2 memos" in result.stderr
    return "a.sqlite", "b.sqlite"


def _documents(path: str) -> list[tuple[str, dict[str, Any]]]:
    with Project.open(path) as project:
        return [(name, attributes) for name, _, attributes in project.document_rows()]


def _codes(path: str) -> list[tuple[str, str, str, str | None]]:
    """Category, label, description and colour (a code shows its category's). The
    description is what REFI-QDA carries: the definition, then the inclusion and
    exclusion criteria and examples as text (an imported code has it all as its
    definition)."""
    from kube_qda.refi.codebook import description

    with Project.open(path) as project:
        book = project.codebook
        return [
            (category.label, code.label, description(code), code.color or category.color)
            for category, code in book.codes()
        ]


def _codings(path: str) -> list[tuple[str, int, str, str]]:
    with Project.open(path) as project:
        labels = {cid: code.label for cid, (_, code) in zip(project.codebook.code_ids(),
                  project.codebook.codes(), strict=True)}  # fmt: skip
        return sorted(
            (r["document"], r["segment"], labels[r["code"]], r["coder"])
            for r in project.coding_rows()
            if r["status"] in ("accepted", "added")
        )


def _memos(path: str) -> list[tuple[str, int, str, str]]:
    with Project.open(path) as project:
        return project.memo_rows()


def test_documents_and_attributes_survive(exported: tuple[str, str]) -> None:
    before, after = (_documents(p) for p in exported)
    assert [n for n, _ in after] == [n for n, _ in before]
    assert after == [(n, {k: str(v) for k, v in a.items()}) for n, a in before]
    assert dict(after)["w01"]["desa"] == "Gambiranom"


def test_code_hierarchy_descriptions_and_colours_survive(exported: tuple[str, str]) -> None:
    before, after = (_codes(p) for p in exported)
    assert after == before
    assert any(colour for *_, colour in after)


def test_every_coding_keeps_its_coder(exported: tuple[str, str]) -> None:
    before, after = (_codings(p) for p in exported)
    assert after == before and {coder for *_, coder in after} == {"rina"}


def test_memos_survive_with_their_coder(exported: tuple[str, str]) -> None:
    before, after = (_memos(p) for p in exported)
    assert after == before and len(after) == 2
    assert after[0][3] == "Pendamping sebagai penggerak.\nBaris kedua."
