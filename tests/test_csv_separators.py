"""CSV files as spreadsheets write them: `,` or `;` (Excel in an Indonesian locale)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kube_qda.csvread import missing_columns, rows, separator
from kube_qda.errors import TranscriptError
from kube_qda.transcripts.attributes import read_attributes_csv
from tests.conftest import Cli


@pytest.mark.parametrize(
    ("text", "sep"),
    [
        ("document,segment,code\nw01,1,x\n", ","),
        ("document;segment;code\nw01;1;x\n", ";"),
        ('document;"desa, kecamatan";x\nw01;"a, b";1\n', ";"),
        ("document\tdesa\nw01\tGesing\n", "\t"),
        ("document\nw01\n", ","),
        ("", ","),
    ],
)
def test_separator_is_read_from_the_header(text: str, sep: str) -> None:
    assert separator(text) == sep


def test_rows_split_at_the_sniffed_separator() -> None:
    assert list(rows('document;desa\nw01;"Gesing; Kismantoro"\n')) == [
        ["document", "desa"],
        ["w01", "Gesing; Kismantoro"],
    ]


def test_missing_columns_are_named_in_order() -> None:
    assert missing_columns(["Document", "kode"], ["document", "segment", "code"]) == [
        "segment",
        "code",
    ]


def test_attributes_csv_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("document;desa;peran\r\nw01;Gesing;ketua\r\nw02;Bugelan;\r\n".encode("cp1252"))
    assert read_attributes_csv(path) == {
        "w01": {"desa": "Gesing", "peran": "ketua"},
        "w02": {"desa": "Bugelan"},
    }


def test_attributes_csv_without_a_document_column_names_what_it_found(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("dokumen;desa\nw01;Gesing\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="a.csv:1: the first column must be 'document' "
                       r"\(found 'dokumen'\)"):  # fmt: skip
        read_attributes_csv(path)


def test_codings_import_with_semicolons_and_columns_in_any_order(cli: Cli, tmp_path: Path) -> None:
    from tests.conftest import ROOT

    assert cli("init").exit_code == 0
    assert cli("add", str(ROOT / "transcripts_sample" / "w02_anggota_darmi.txt")).exit_code == 0
    codings = tmp_path / "c.csv"
    codings.write_text(
        "code;document;segment\nhasil.pendapatan;w02_anggota_darmi;1\n;w02_anggota_darmi;3\n",
        encoding="utf-8",
    )
    result = cli("codings", "import", str(codings), "--coder", "rina")
    assert result.exit_code == 0, result.output
    exported = cli("codings", "export").stdout.splitlines()
    assert "w02_anggota_darmi,1,hasil.pendapatan,added,rina," in exported
    assert "w02_anggota_darmi,3,,,rina," in exported


def test_codings_csv_missing_columns_is_one_line_naming_them(cli: Cli, tmp_path: Path) -> None:
    assert cli("init").exit_code == 0
    codings = tmp_path / "c.csv"
    codings.write_text("dokumen;segmen;kode\nw01;1;x\n", encoding="utf-8")
    result = cli("codings", "import", str(codings), "--coder", "rina")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {codings}:1: missing columns document, segment, code (a codings file has"
    )
    assert result.stderr.count("\n") == 1
