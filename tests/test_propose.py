"""Rules proposed from a project's confirmed codings (kube_qda/propose.py,
``kube-qda codebook propose``)."""

from __future__ import annotations

from pathlib import Path

from kube_qda.codebook.loader import default_codebook_path, load_codebook
from kube_qda.project import Project
from kube_qda.propose import Proposal, proposals_yaml, propose
from tests.conftest import Cli, Write

KUBE = default_codebook_path().read_text("utf-8")
PENDAPATAN = "hasil.pendapatan"

#: Informants who paid school fees ("kuliah") from the group's income; the word is in
#: no KUBE rule and in no turn without the code.
TRANSCRIPT = """\
P: Hasilnya buat apa, Bu?
I: Buat bayar kuliah anak saya, alhamdulillah.
P: Kalau yang lain?
I: Pak Darto juga, kuliahnya anaknya dari situ.
P: Lalu?
I: Bu Warni bisa nguliahkan cucunya, bayar kuliah tiap semester.
P: Pertemuannya?
I: Pertemuan tiap Kamis malam di balai dusun.
P: Kambingnya?
I: Kambingnya sehat, kandangnya bersih.
"""
CODING = """\
document,segment,code
wawancara,1,hasil.pendapatan
wawancara,3,hasil.pendapatan
wawancara,5,hasil.pendapatan
wawancara,7,
wawancara,9,
"""


def coded_project(write: Write, tmp_path: Path, cli: Cli) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.create(path, KUBE, "kube_wonogiri.yaml") as created:
        created.add([write("wawancara.txt", TRANSCRIPT)])
    assert (
        cli("codings", "import", write("c.csv", CODING), "--coder", "gold", "-p", path).exit_code
        == 0
    )
    return path


def test_a_word_of_every_confirmed_segment_is_proposed_with_its_counts(
    write: Write, tmp_path: Path, cli: Cli
) -> None:
    path = coded_project(write, tmp_path, cli)
    with Project.open(path) as project:
        proposals = propose(project)
    kuliah = [p for p in proposals if p.code == PENDAPATAN and "kuliah" in p.keyword]
    assert [(p.keyword, p.found, p.wrong) for p in kuliah] == [("kuliah", 3, 0)]
    assert 1 <= kuliah[0].new <= 3  # those the current rules do not find
    assert all(p.found >= 3 and p.wrong == 0 for p in proposals)  # none from one turn


def test_the_cli_prints_yaml_and_writes_a_codebook_that_loads(
    write: Write, tmp_path: Path, cli: Cli
) -> None:
    path = coded_project(write, tmp_path, cli)
    grown = tmp_path / "grown.yaml"
    result = cli("codebook", "propose", "-p", path, "--into", grown)
    assert result.exit_code == 0, result.output
    assert f'{PENDAPATAN}:\n  keywords:\n    - "kuliah"  # 3 found, 0 wrong, ' in result.stdout
    book = load_codebook(grown)
    assert "kuliah" in book.code(PENDAPATAN).match.keywords
    assert cli("codebook", "check", grown).exit_code == 0


def test_nothing_to_propose_without_confirmed_codes(tmp_path: Path, cli: Cli, write: Write) -> None:
    path = tmp_path / "p.sqlite"
    with Project.create(path, KUBE, "kube_wonogiri.yaml") as created:
        created.add([write("wawancara.txt", TRANSCRIPT)])
    result = cli("codebook", "propose", "-p", path, "--into", tmp_path / "x.yaml")
    assert result.exit_code == 0 and "no proposals" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_yaml_groups_by_code() -> None:
    text = proposals_yaml([Proposal("a.b", "jual", 3, 0, 1), Proposal("a.b", "laku", 4, 0, 2)])
    assert text.count("a.b:") == 1 and text.endswith('- "laku"  # 4 found, 0 wrong, 2 new\n')
