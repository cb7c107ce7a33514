"""Projects from real REFI-QDA clients: the zip layouts NVivo for Windows, NVivo for Mac
and qc write, rich-text-only sources, and a source that cannot be read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from kube_qda.project import Project
from tests.conftest import Cli

TEXT_A = "P: Jualannya gimana, Bu?\nI: Susah laku, Mas. Pasarnya sepi.\n"
TEXT_B = "P: Modalnya dari mana?\nI: Dari iuran anggota, terus pinjam ke BUMDes.\n"
CODES = """
<CodeBook><Codes>
  <Code guid="c-pasar" name="Pemasaran" isCodable="true"/>
  <Code guid="c-modal" name="Modal" isCodable="true"/>
</Codes></CodeBook>
<Users><User guid="u-1" name="rina"/></Users>
"""


def _selection(text: str, words: str, code: str) -> str:
    start = text.index(words)
    return (
        f'<PlainTextSelection guid="s-{code}" startPosition="{start}" '
        f'endPosition="{start + len(words)}" creatingUser="u-1">'
        f'<Coding guid="k-{code}" creatingUser="u-1"><CodeRef targetGUID="{code}"/></Coding>'
        "</PlainTextSelection>"
    )


def _qdpx(path: Path, sources: str, members: dict[str, bytes]) -> Path:
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="studi">'
        f"{CODES}<Sources>{sources}</Sources></Project>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _sources(path_a: str, path_b: str, attribute: str = "plainTextPath") -> str:
    return (
        f'<TextSource guid="a" name="wawancara_a" {attribute}="{path_a}">'
        f"{_selection(TEXT_A, 'Susah laku', 'c-pasar')}</TextSource>"
        f'<TextSource guid="b" name="wawancara_b" {attribute}="{path_b}">'
        f"{_selection(TEXT_B, 'pinjam ke BUMDes', 'c-modal')}</TextSource>"
    )


def _docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.rstrip("\n").split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _imported(cli: Cli, qdpx: Path, tmp_path: Path) -> tuple[str, list[tuple[str, int, str]]]:
    target = tmp_path / "p.sqlite"
    result = cli("init", "--from-qdpx", str(qdpx), "-p", str(target))
    assert result.exit_code == 0, result.output
    with Project.open(target) as project:
        rows = sorted((r["document"], r["segment"], r["code"]) for r in project.coding_rows())
    return result.stderr, rows


EXPECTED = [("wawancara_a", 1, "pemasaran"), ("wawancara_b", 1, "modal")]


def _codes_as_ids(rows: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    return [(doc, seg, code.rsplit(".", 1)[-1]) for doc, seg, code in rows]


LAYOUTS = {
    # NVivo for Windows: Sources/GUID.txt, internal:// paths
    "nvivo-windows": (
        _sources("internal://a.txt", "internal://b.txt"),
        {"Sources/a.txt": TEXT_A.encode(), "Sources/b.txt": TEXT_B.encode()},
    ),
    # NVivo for Mac: a lower-case sources/ folder, Word twins, a .root file, a BOM
    "nvivo-mac": (
        _sources("internal://A.txt", "internal://B.txt"),
        {
            "sources/.root": b"",
            "sources/A.txt": TEXT_A.encode("utf-8-sig"),
            "sources/A.docx": _docx(TEXT_A),
            "sources/B.txt": TEXT_B.encode(),
            "sources/B.docx": _docx(TEXT_B),
        },
    ),
    # qc: paths relative to sources/, written bare or with the folder
    "qc": (
        _sources("board_2017.txt", "sources/board_2018.txt"),
        {"sources/board_2017.txt": TEXT_A.encode(), "sources/board_2018.txt": TEXT_B.encode()},
    ),
    # a source with only its Word file
    "rich-text-only": (
        _sources("internal://a.docx", "internal://b.docx", attribute="richTextPath"),
        {"Sources/a.docx": _docx(TEXT_A), "Sources/b.docx": _docx(TEXT_B)},
    ),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layout_imports_sources_and_codings(cli: Cli, tmp_path: Path, layout: str) -> None:
    sources, members = LAYOUTS[layout]
    stderr, rows = _imported(cli, _qdpx(tmp_path / f"{layout}.qdpx", sources, members), tmp_path)
    assert "2 sources, 2 codings" in stderr and "Warning" not in stderr
    assert _codes_as_ids(rows) == EXPECTED


def test_a_source_that_cannot_be_read_is_named_and_the_rest_imports(
    cli: Cli, tmp_path: Path
) -> None:
    qdpx = _qdpx(
        tmp_path / "part.qdpx",
        _sources("internal://a.txt", "internal://gone.txt"),
        {"Sources/a.txt": TEXT_A.encode()},
    )
    stderr, rows = _imported(cli, qdpx, tmp_path)
    assert "1 sources, 1 codings" in stderr
    assert "source 'wawancara_b': missing source file internal://gone.txt" in stderr
    assert _codes_as_ids(rows) == EXPECTED[:1]
