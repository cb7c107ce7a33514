"""Encodings, file kinds (.docx, .vtt, .srt), broken files, attributes CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from kube_qda import TranscriptError
from kube_qda.transcripts import read_attributes_csv, read_transcript, segments
from tests.conftest import Write

TEXT = "P: Bagaimana “usaha” Ibu?\r\nI: Lumayan… harganya naik – alhamdulillah.\r\n"


def texts(path: Path) -> list[str]:
    return [s.text for s in segments(read_transcript(path))]


def test_windows_1252_reads_like_its_utf8_twin(tmp_path: Path) -> None:
    utf8, cp = tmp_path / "a.txt", tmp_path / "b.txt"
    utf8.write_bytes(TEXT.encode("utf-8"))
    cp.write_bytes(TEXT.encode("cp1252"))
    assert read_transcript(cp).text == read_transcript(utf8).text
    assert texts(cp)[0] == "Bagaimana “usaha” Ibu?"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_boms(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "t.txt"
    data = TEXT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + TEXT).encode(encoding)
    path.write_bytes(data)
    assert texts(path) == ["Bagaimana “usaha” Ibu?", "Lumayan… harganya naik – alhamdulillah."]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_ends(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(newline.join(["P: a", "I: b", "lanjut", ""]).encode())
    assert texts(path) == ["a", "b\nlanjut"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "t.txt: the file is empty"),
        (b"  \r\n\n ", "t.txt: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "t.txt: not a text transcript"),
        (b"P: caf\xc3\xa9\nI: na\xefve \xc3\xa9\n", r"t.txt:2: invalid UTF-8 byte 0xef"),
        (b"P: ok\x07 bell\n", "t.txt: not a text transcript"),
    ],
)
def test_bad_text_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(content)
    with pytest.raises(TranscriptError, match=message):
        read_transcript(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="no such file"):
        read_transcript(tmp_path / "nope.txt")
    (tmp_path / "d.txt").mkdir()
    with pytest.raises(TranscriptError, match="is a directory"):
        read_transcript(tmp_path / "d.txt")


def test_front_matter_errors(write: Write) -> None:
    with pytest.raises(TranscriptError, match=r"t.md:1: front matter starts with --- but never"):
        read_transcript(write("t.md", "---\nid: x\nP: a\n"))
    with pytest.raises(TranscriptError, match=r"t.md:3: front matter is not valid YAML"):
        read_transcript(write("t.md", "---\nid: x\nrole: [a\n---\nP: a\n"))
    with pytest.raises(TranscriptError, match=r"t.md:2: front matter must be"):
        read_transcript(write("t.md", "---\n- a\n---\nP: a\n"))


def make_docx(path: Path, paragraphs: list[tuple[str, str]], heading: str | None = None) -> Path:
    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for bold, rest in paragraphs:
        p = document.add_paragraph()
        if bold:
            p.add_run(bold).bold = True
        p.add_run(rest)
    document.save(str(path))
    return path


def test_docx_labels_bold_or_with_colon(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "t.docx",
        [
            ("Peneliti", " Apa kabar?"),
            ("Informan:", " Baik."),
            ("", "P: Lanjut?"),
            ("", "Masih informan? Tidak, ini lanjutan P."),
        ],
        heading="Wawancara",
    )
    t = read_transcript(path)
    assert [(s.speaker, s.text) for s in segments(t)] == [
        ("Peneliti", "Apa kabar?"),
        ("Informan", "Baik."),
        ("P", "Lanjut?\nMasih informan? Tidak, ini lanjutan P."),
    ]


def test_corrupted_docx(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(TranscriptError, match=r"t.docx: not a readable .docx file"):
        read_transcript(path)


VTT = """WEBVTT

00:00:01.000 --> 00:00:03.000
<v Peneliti>Apa kabar?</v>

00:00:03.500 --> 00:00:05.000
<v Bu Sri>Baik, Mas.

00:00:05.000 --> 00:00:08.000
<v Bu Sri>Lanjut <i>sedikit</i>.

intro
00:00:09.000 --> 00:00:10.000
Peneliti: Oke.
"""


def test_vtt(write: Write) -> None:
    t = read_transcript(write("t.vtt", VTT))
    got = [(s.speaker, s.interviewer, s.timestamp, s.text) for s in segments(t)]
    assert got == [
        ("Peneliti", True, "00:00:01.000", "Apa kabar?"),
        ("Bu Sri", False, "00:00:03.500", "Baik, Mas. Lanjut sedikit."),
        ("Peneliti", True, "00:00:09.000", "Oke."),
    ]


def test_vtt_broken_cue_time(write: Write) -> None:
    bad = VTT.replace("00:00:03.500 --> 00:00:05.000", "00:00:03.500 --> soon")
    with pytest.raises(TranscriptError, match=r"t.vtt:6: broken cue time '00:00:03.500 --> soon'"):
        read_transcript(write("t.vtt", bad))


def test_vtt_needs_header(write: Write) -> None:
    with pytest.raises(TranscriptError, match=r"t.vtt:1: a WebVTT file must start with WEBVTT"):
        read_transcript(write("t.vtt", VTT.replace("WEBVTT", "WEBVIT")))


def test_srt(write: Write) -> None:
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nP: Apa kabar?\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\nI: Baik.\n\n"
        "3\n00:00:04,000 --> 00:00:06,000\nmasih I bicara.\n"
    )
    t = read_transcript(write("t.srt", srt))
    got = [(s.speaker, s.timestamp, s.text) for s in segments(t)]
    assert got == [
        ("P", "00:00:01,000", "Apa kabar?"),
        ("I", "00:00:02,500", "Baik. masih I bicara."),
    ]


def test_sentence_unit_keeps_abbreviations(write: Write) -> None:
    path = write(
        "t.txt",
        "P: Berapa?\nI: Modalnya Rp. 500.000 dari Bpk. Joko dll. Terus "
        "Bu. Sri ikut. Sudah.\nBaris dua!\n",
    )
    got = [(s.index, s.speaker, s.text) for s in segments(read_transcript(path), "sentence")]
    assert got == [
        (0, "P", "Berapa?"),
        (1, "I", "Modalnya Rp. 500.000 dari Bpk. Joko dll. Terus Bu. Sri ikut."),
        (2, "I", "Sudah."),
        (3, "I", "Baris dua!"),
    ]


def test_paragraph_unit(write: Write) -> None:
    path = write("t.txt", "P: Satu.\nI: Dua. Tiga.\nEmpat.\n\n  Lima.\n")
    got = [s.text for s in segments(read_transcript(path), "paragraph")]
    assert got == ["Satu.", "Dua. Tiga.", "Empat.", "Lima."]


def test_unknown_unit(write: Write) -> None:
    with pytest.raises(ValueError, match="unknown segmentation unit 'word'"):
        segments(read_transcript(write("t.txt", "P: a\n")), "word")  # type: ignore[arg-type]


def test_attributes_csv(write: Write) -> None:
    path = write("a.csv", "document,role,desa\nw01,pendamping,Gambiranom\nw02,,Tawang\n\n")
    assert read_attributes_csv(path) == {
        "w01": {"role": "pendamping", "desa": "Gambiranom"},
        "w02": {"desa": "Tawang"},
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("doc,role\nw01,x\n", r"a.csv:1: the first column must be 'document'"),
        ("document,role,role\nw01,x,y\n", r"a.csv:1: column names must be unique"),
        ("document,role\nw01,x\nw01,y\n", r"a.csv:3: document 'w01' appears twice"),
        ("document,role\nw01,x,extra\n", r"a.csv:2: 3 cells but 2 columns"),
        ("document,role\n,x\n", r"a.csv:2: the document cell is empty"),
        ("", r"a.csv: the file is empty"),
    ],
)
def test_attributes_csv_errors(write: Write, content: str, message: str) -> None:
    with pytest.raises(TranscriptError, match=message):
        read_attributes_csv(write("a.csv", content))
