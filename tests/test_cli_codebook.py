"""``kube-qda codebook check|show`` through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, Cli, Write
from tests.test_codebook_loader import KUBE_IDS, MINIMAL

KUBE = str(ROOT / "codebooks" / "kube_wonogiri.yaml")


def test_check_bundled_codebook_exits_0(cli: Cli) -> None:
    result = cli("codebook", "check", KUBE, "--strict")
    assert result.exit_code == 0, result.output
    assert "16 codes, 0 warning(s)" in result.stderr


def test_three_mistakes_three_lines(cli: Cli, write: Write) -> None:
    bad = write(
        "bad.yaml",
        MINIMAL.replace("label: One", "lable: One")
        .replace("keywords: [latih]", "regex: ['(']\n          negation: drop")
        .replace("id: study", "id: Study"),
    )
    result = cli("codebook", "check", bad)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith(f"Error: {bad}:") for line in lines)
    assert len(lines) == 5  # 3 mistakes; the misspelt key is also a missing label
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_three_separate_mistakes_print_exactly_three_lines(cli: Cli, write: Write) -> None:
    bad = write(
        "bad.yaml",
        MINIMAL.replace("id: study", "id: Study").replace(
            "keywords: [latih]", "regex: ['(']\n          negation: drop"
        ),
    )
    result = cli("codebook", "check", bad)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {bad}:1:5: id: id 'Study' must be lower case letters, digits and _ "
        "and start with a letter",
        f"Error: {bad}:11:19: categories[0].codes[0].match.regex[0]: regex '(' does not "
        "compile: missing ) at position 1",
        f"Error: {bad}:12:21: categories[0].codes[0].match.negation: Input should be 'flag', "
        "'suppress' or 'ignore'",
    ]


def test_lint_warnings_and_strict(cli: Cli, write: Write) -> None:
    path = write("cb.yaml", MINIMAL.replace("keywords: [latih]", "keywords: [dipakai]"))
    result = cli("codebook", "check", path)
    assert result.exit_code == 0
    assert f"Warning: {path}:11:22: cat.one: keyword 'dipakai'" in result.stderr
    assert cli("codebook", "check", path, "--strict").exit_code == 1


def test_show_json_lists_the_sixteen_ids(cli: Cli) -> None:
    result = cli("codebook", "show", KUBE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["codes"]] == KUBE_IDS
    assert data["codes"][0]["category"] == "strategi"
    assert data["codes"][0]["match"]["speakers"] == "informant"


def test_show_default_is_bundled_tree(cli: Cli) -> None:
    result = cli("codebook", "show")
    assert result.exit_code == 0
    assert "strategi.motivasi" in result.stdout
    assert "modal_sosial.jaringan" in result.stdout


def test_show_markdown(cli: Cli, write: Write) -> None:
    result = cli("codebook", "show", write("cb.yaml", MINIMAL), "--format", "md")
    assert result.stdout == (
        "# A study\n\n- **Id:** study\n- **Version:** 1.0\n- **Language:** id\n\n"
        "## Category — `cat`\n\n### `cat.one` One\n\nThe first code.\n"
    )


def test_missing_file_is_one_line_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("codebook", "check", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.yaml'}:1:1: no such file\n"


def test_usage_error_exits_2(cli: Cli) -> None:
    assert cli("codebook", "show", "--format", "pdf").exit_code == 2


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("kube-qda 0.")


def test_cli_import_does_not_load_spacy() -> None:
    code = "import sys, kube_qda.cli; print('spacy' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_python_dash_m_works() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kube_qda", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert out.stdout.startswith("kube-qda ")


def test_library_api_names_resolve() -> None:
    import kube_qda

    assert len(kube_qda.__all__) >= 10
    for name in kube_qda.__all__:
        assert hasattr(kube_qda, name), name
        assert callable(getattr(kube_qda, name)) or isinstance(getattr(kube_qda, name), str), name


def test_export_csv_is_the_codebook_taguette_imports(cli: Cli, tmp_path: Path) -> None:
    import csv

    out = tmp_path / "codebook.csv"
    result = cli("codebook", "export", KUBE, "-o", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    # Taguette reads a "tag" column (its path) and an optional "description"
    assert [r["tag"] for r in rows] == KUBE_IDS
    motivasi = rows[0]
    assert motivasi["label"] == "Motivasi" and motivasi["category"] == "Strategi pendampingan"
    assert motivasi["description"].startswith("Pendamping mendorong anggota")
    assert "\nInclude:\n- " in motivasi["description"]
    assert all(r["color"].startswith("#") for r in rows)


def test_export_csv_neutralises_formulas(cli: Cli, write: Write, tmp_path: Path) -> None:
    book = write("f.yaml", MINIMAL.replace("label: One", "label: '=HYPERLINK(1)'"))
    out = tmp_path / "f.csv"
    result = cli("codebook", "export", str(book), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "'=HYPERLINK(1)" in out.read_text("utf-8")
