"""``kube-qda report``: the findings chapter in Word, HTML and Markdown (kube_qda/report/).
The .docx is read back with python-docx and its tables compared with what ``freq`` and
``matrix`` print; the HTML is parsed as HTML5; LibreOffice, when installed, converts
the .docx to PDF."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import html5lib
import pytest
from docx import Document

from kube_qda.report.build import attribution
from kube_qda.report.words import roman
from tests.conftest import ROOT, Cli

SAMPLES = ROOT / "transcripts_sample"
STEMS = ("w01", "w02", "w03", "w05", "w09", "w12")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six sample interviews, coded by "gold" and (half of them, differently) by "ani"."""
    folder = tmp_path_factory.mktemp("report")
    path = folder / "p.sqlite"
    cli = Cli()
    kinds = (".md", ".txt", ".docx")
    chosen = [p for p in sorted(SAMPLES.iterdir())
              if p.suffix in kinds and p.stem.split("_")[0] in STEMS]  # fmt: skip
    assert cli("init", "-p", path).exit_code == 0
    added = cli("add", "-p", path, *chosen, "--attributes", SAMPLES / "attributes.csv")
    assert added.exit_code == 0, added.output
    with (SAMPLES / "gold.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["document"].split("_")[0] in STEMS]
    for coder, chosen_rows in (("gold", rows), ("ani", rows[::2])):
        file = folder / f"{coder}.csv"
        with file.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=["document", "segment", "code"])
            writer.writeheader()
            writer.writerows({k: r[k] for k in ("document", "segment", "code")}
                             for r in chosen_rows)  # fmt: skip
        assert cli("codings", "import", file, "--coder", coder, "-p", path).exit_code == 0
    return path


@pytest.fixture(scope="module")
def docx_path(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "bab4.docx"
    result = Cli()("report", "-p", project, "-o", out, "--coder", "gold", "--coder", "ani")
    assert result.exit_code == 0, result.output
    return out


def style(item: Any) -> str:
    """The name of a paragraph's or table's style."""
    return str(item.style.name) if item.style is not None else ""


def captions(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if style(p) == "Caption"]


def test_the_chapter_has_headings_numbered_captions_and_a_figure(docx_path: Path) -> None:
    document = Document(str(docx_path))
    headings = [(style(p), p.text) for p in document.paragraphs
                if style(p).startswith("Heading")]  # fmt: skip
    assert headings[0] == ("Heading 1", "BAB IV HASIL PENELITIAN")
    assert ("Heading 2", "4.1 Gambaran Data Penelitian") in headings
    assert ("Heading 2", "4.2 Strategi pendampingan") in headings
    assert ("Heading 1", "LAMPIRAN: BUKU KODE") in headings
    found = captions(document)
    tables = [c for c in found if c.startswith("Tabel")]
    assert [c.split()[1] for c in tables] == [f"4.{i}" for i in range(1, len(tables) + 1)]
    assert tables[0] == "Tabel 4.1 Kesepakatan Antarpengode per Kode"  # two coders
    assert tables[1] == "Tabel 4.2 Frekuensi Kode Strategi pendampingan"
    assert [c for c in found if c.startswith("Gambar")] == [
        "Gambar 4.1 Ko-okurensi Kode (Jaccard, Tingkat Segmen)"
    ]
    assert len(document.tables) == len(tables)
    assert all(style(t) == "Table Grid" for t in document.tables)
    assert len(document.inline_shapes) == 1  # the heatmap, embedded
    styles = {style(p) for p in document.paragraphs}
    assert {"Quote", "List Number", "Caption"} <= styles
    quotes = [p.text for p in document.paragraphs if style(p) == "Quote"]
    assert quotes and all(re.search(r"” \(.+, w\d+\)$", q) for q in quotes)


def _table(document: Any, caption: str) -> list[list[str]]:
    """The rows of the table whose caption starts with ``caption``."""
    index = [c.split(" ", 2)[2] for c in captions(document) if c.startswith(("Tabel", "Table"))]
    wanted = next(i for i, c in enumerate(index) if c.startswith(caption))
    return [[cell.text for cell in row.cells] for row in document.tables[wanted].rows]


def test_the_tables_equal_freq_and_matrix(project: Path, docx_path: Path) -> None:
    cli = Cli()
    document = Document(str(docx_path))
    both = ("--coder", "gold", "--coder", "ani")
    freq = json.loads(cli("freq", "-p", project, "--format", "json", *both).stdout)
    expected = {r["code"]: [str(r["segments"]), str(r["documents"]), str(r["informants"])]
                for r in freq}  # fmt: skip
    seen = 0
    for category in ("Strategi pendampingan", "Kendala", "Keberlanjutan", "Hasil"):
        rows = _table(document, f"Frekuensi Kode {category}")
        assert rows[0] == ["Kode", "Label", "Segmen", "Dokumen", "Informan"]
        for row in rows[1:]:
            assert row[2:] == expected[row[0]], row
            seen += 1
    assert seen >= 12
    matrix = json.loads(cli("matrix", "-p", project, "--by", "role", "--format", "json",
                            *both).stdout)  # fmt: skip
    rows = _table(document, "Kode menurut role")
    assert rows[0] == ["Kode", *matrix["columns"]]
    assert [[r[0], *map(int, r[1:])] for r in rows[1:]] == [
        [code, *cells] for code, cells in zip(matrix["rows"], matrix["cells"], strict=True)
    ]


def test_by_adds_a_column_per_value_and_the_chapter_number_follows(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bab2.docx"
    result = Cli()("report", "-p", project, "-o", out, "--by", "gender", "--chapter", "2",
                   "--quotes", "1", "--coder", "gold")  # fmt: skip
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    assert document.paragraphs[0].text == "BAB II HASIL PENELITIAN"
    assert captions(document)[0] == "Tabel 2.1 Frekuensi Kode Strategi pendampingan"
    header = _table(document, "Frekuensi Kode Kendala")[0]
    assert header[5:] == ["gender=L", "gender=P"]
    assert "Tabel 2.6 Kode menurut gender" in captions(document)


def test_the_same_report_in_english(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "ch4.docx"
    assert Cli()("report", "-p", project, "-o", out, "--lang", "en").exit_code == 0
    document = Document(str(out))
    assert document.paragraphs[0].text == "CHAPTER 4 FINDINGS"
    found = captions(document)
    assert found[0] == "Table 4.1 Inter-coder Agreement per Code"
    assert "Table 4.2 Code Frequencies: Facilitation strategies (five aspects)" in found
    assert "Figure 4.1 Code Co-occurrence (Jaccard, Segment Level)" in found
    assert _table(document, "Code Frequencies: Obstacles")[0][:3] == ["Code", "Label", "Segments"]


def test_the_html_is_one_valid_file_with_the_figure_inlined(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "bab4.html"
    assert Cli()("report", "-p", project, "-o", out).exit_code == 0
    text = out.read_text("utf-8")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(text)
    images = tree.findall(".//img")
    assert len(images) == 1 and images[0].get("src", "").startswith("data:image/png;base64,")
    assert not re.search(r'(src|href)="(?!data:)', text)  # nothing outside the file
    assert len(tree.findall(".//table")) == text.count('class="caption"><b>Tabel')
    assert "@media print" in text and "<blockquote>" in text


def test_the_markdown_has_pandoc_captions_and_the_figure_beside_it(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bab4.md"
    assert Cli()("report", "-p", project, "-o", out).exit_code == 0
    text = out.read_text("utf-8")
    assert text.startswith("# BAB IV HASIL PENELITIAN\n")
    assert "\nTable: **Tabel 4.2** Frekuensi Kode Strategi pendampingan\n" in text
    assert (
        "![**Gambar 4.1** Ko-okurensi Kode (Jaccard, Tingkat Segmen)](bab4-gambar-4-1.png)" in text
    )
    assert (tmp_path / "bab4-gambar-4-1.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "bab4.pdf"), "the report is written as .docx, .html, .md"),
        (("-o", "bab4.docx", "--by", "umur"), "--by umur: no document has this attribute"),
        (("-o", "bab4.docx", "--attribution", "{umur}"), "no document has the attribute umur"),
        (("-o", "bab4.docx", "--attribution", "{who"), "--attribution: "),
        (("-o", "bab4/missing/folder.docx"), "folder.docx: No such file or directory"),
    ],
)
def test_bad_options_are_one_line_errors(
    project: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = Cli()("report", "-p", project, *(str(tmp_path / a) if a.startswith("bab4")
                                                else a for a in args))  # fmt: skip
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_attribution_fills_the_template_and_drops_what_is_missing() -> None:
    attributes = {"role": "anggota", "informant": "Bu Darmi"}
    assert attribution("{who}, {role}, {doc}", "w03_ketua", 4, "I", attributes) == (
        "Bu Darmi, anggota, w03"
    )
    assert attribution("{who}, {role}, {doc}", "w03", 4, "Bu Painem", attributes) == (
        "Bu Painem, anggota, w03"
    )
    assert attribution("{who}, {desa}, {doc} #{segment}", "w05_x", 7, None, {}) == "w05 #7"
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_the_docx_to_a_plausible_pdf(docx_path: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "bab4.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 4 <= pages <= 60


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_the_markdown_tables_captions_and_figure(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bab4.md"
    assert Cli()("report", "-p", project, "-o", out).exit_code == 0
    converted = tmp_path / "pandoc.docx"
    subprocess.run(["pandoc", out.name, "-o", converted.name], cwd=tmp_path, check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    document = Document(str(converted))
    captions = [p.text for p in document.paragraphs
                if style(p) in ("Table Caption", "Image Caption")]  # fmt: skip
    assert captions[0] == "Tabel 4.1 Kesepakatan Antarpengode per Kode"
    assert "Gambar 4.1 Ko-okurensi Kode (Jaccard, Tingkat Segmen)" in captions
    assert len(document.tables) == sum(c.startswith("Tabel") for c in captions)
    assert len(document.inline_shapes) == 1


def test_a_project_without_roles_gets_a_report_with_the_default_attribution(
    tmp_path: Path,
) -> None:
    cli = Cli()
    path = tmp_path / "p.sqlite"
    assert cli("init", "-p", path).exit_code == 0
    assert cli("add", "-p", path, SAMPLES / "w02_anggota_darmi.txt").exit_code == 0
    result = cli("report", "-p", path, "-o", tmp_path / "bab4.docx")
    assert result.exit_code == 0, result.output
