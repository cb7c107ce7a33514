"""``kube-qda search``: the codebook's term syntax over the pre-tagger's analysis, on
files and on projects (analysis/search.py, search.py, cli/search_cmd.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kube_qda.analysis.search import Query, find, parse_query
from kube_qda.project import Project
from tests.conftest import Cli, Write

#: Selling in four forms, and two words that only look alike.
TRANSCRIPT = """\
P: Bagaimana usahanya?
I: Dodolan keripik ke pasar tiap Senin.
P: Lalu?
I: Jualannya laris kalau musim hajatan.
P: Harganya?
I: Barangnya dijual murah, harganya murah sekali.
P: Siapa yang jual?
I: Kami menjualnya sendiri, tidak lewat bakul.
P: Hasilnya?
I: Pendapatan naik sedikit.
P: Bantuan?
I: Kami dapat bantuan kambing.
"""


def search(cli: Cli, *args: str | Path) -> dict[str, object]:
    result = cli("search", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def segments_found(payload: dict[str, object]) -> set[int]:
    return {int(m["segment"]) for m in payload["matches"]}  # type: ignore[attr-defined]


def test_jual_finds_every_form_and_nothing_that_only_looks_alike(cli: Cli, write: Write) -> None:
    found = search(cli, "jual", write("jualan.txt", TRANSCRIPT))
    assert segments_found(found) == {1, 3, 5, 7}  # dodolan, jualannya, dijual, menjualnya
    matches = {m["match"].lower() for m in found["matches"]}  # type: ignore[attr-defined]
    assert matches == {"dodolan", "jualannya", "dijual", "menjualnya"}


def test_exact_phrase_and_proximity(cli: Cli, write: Write) -> None:
    path = write("jualan.txt", TRANSCRIPT)
    assert segments_found(search(cli, "=jualannya", path)) == {3}
    assert segments_found(search(cli, '"tidak lewat"', path)) == {7}
    assert segments_found(search(cli, "jual+murah~3", path)) == {5}
    assert segments_found(search(cli, "jual+bakul~2", path)) == set()  # 5 tokens apart
    assert segments_found(search(cli, "jual+bakul~6", path)) == {7}
    with_interviewer = search(cli, "jual", path, "--interviewer")
    assert 6 in segments_found(with_interviewer)  # "Siapa yang jual?"


def test_proximity_spans_from_the_first_to_the_last_part() -> None:
    tokens = [(0, 4, "jual", "jual", "jual"), (5, 9, "kain", "kain", "kain"),
              (10, 15, "murah", "murah", "murah")]  # fmt: skip

    def term(word: str) -> tuple[tuple[tuple[str, str], ...], ...]:
        return ((("stem", word),),)

    query = parse_query("murah+jual~2", term)
    assert query == Query("murah+jual~2", (term("murah"), term("jual")), 2)
    assert find(tokens, query) == [(0, 15)]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("jual~3", "write ~N after a + query"),
        ("harga+murah~x", "write ~N after a + query"),
        ("jual+", "give words"),
        ("...", "give words"),
    ],
)
def test_malformed_queries_are_one_line_errors(
    cli: Cli, write: Write, query: str, message: str
) -> None:
    result = cli("search", query, write("jualan.txt", TRANSCRIPT))
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert message in result.stderr and result.stderr.count("\n") == 1


@pytest.fixture
def project(cli: Cli, write: Write, tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    attributes = write("attributes.csv", "document,role\njualan,anggota\n")
    assert cli("init", "-p", path).exit_code == 0
    added = cli("add", "-p", path, write("jualan.txt", TRANSCRIPT), "--attributes", attributes)
    assert added.exit_code == 0, added.output
    coding = write("c.csv", "document,segment,code\njualan,1,kendala.pemasaran\njualan,3,\n")
    assert cli("codings", "import", coding, "--coder", "rina", "-p", path).exit_code == 0
    return path


def test_project_filters_and_counts(cli: Cli, project: Path) -> None:
    assert segments_found(search(cli, "jual", "-p", project)) == {1, 3, 5, 7}
    assert segments_found(search(cli, "jual", "-p", project, "--code", "kendala.pemasaran")) == {1}
    assert segments_found(search(cli, "jual", "-p", project, "--uncoded")) == {3, 5, 7}
    assert segments_found(search(cli, "jual", "-p", project, "--where", "role=anggota")) == {
        1, 3, 5, 7
    }  # fmt: skip
    by = cli("search", "jual", "-p", project, "--by", "role", "--format", "csv")
    assert by.stdout.splitlines() == ["role,segments,matches", "anggota,4,4"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--code", "x.y"], "unknown code 'x.y'"),
        (["--where", "umur=3"], "no document has attribute 'umur'"),
        (["--where", "role"], "write ATTRIBUTE=VALUE"),
    ],
)
def test_project_bad_input(cli: Cli, project: Path, args: list[str], message: str) -> None:
    result = cli("search", "jual", "-p", project, *args)
    assert result.exit_code == 1 and message in result.stderr


def test_the_second_search_reads_cached_tokens_without_spacy(cli: Cli, project: Path) -> None:
    first = search(cli, "jual", "-p", project)
    with Project.open(project) as opened:
        assert len(opened.db.execute("SELECT * FROM token_cache").fetchall()) == 6
    probe = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from kube_qda.cli import app\n"
        "r = CliRunner().invoke(app, sys.argv[1:])\n"
        "print(json.dumps({'out': r.stdout, 'spacy': 'spacy' in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "search", "jual", "-p", str(project), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["spacy"] is False
    assert json.loads(report["out"]) == first


def test_a_changed_analyser_analyses_again(cli: Cli, project: Path) -> None:
    search(cli, "jual", "-p", project)
    with Project.open(project) as opened:
        opened.db.execute("UPDATE token_cache SET analyser = 'an older one', tokens = '[]'")
    assert segments_found(search(cli, "jual", "-p", project)) == {1, 3, 5, 7}


def test_a_segment_whose_text_changed_is_analysed_again(cli: Cli, project: Path) -> None:
    search(cli, "jual", "-p", project)
    with Project.open(project) as opened:
        opened.db.execute("UPDATE token_cache SET tokens = '[]'")  # stale tokens ...
        opened.db.execute("UPDATE token_cache SET text_hash = 'an older text'")  # ... of old text
    assert segments_found(search(cli, "jual", "-p", project)) == {1, 3, 5, 7}
