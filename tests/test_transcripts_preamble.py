"""Text around the turns that is not speech: front matter (YAML, TOML), the preamble and
its ``Key: value`` attributes, the epilogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kube_qda.errors import TranscriptError
from kube_qda.transcripts import read_transcript, segments
from kube_qda.transcripts.readers import preamble_attributes, split_front_matter
from tests.conftest import Cli

DIALOGUE = "P: Sejak kapan ikut?\nI: Sejak 2019.\nP: Usahanya apa?\nI: Peyek.\n"


def test_toml_front_matter_is_read() -> None:
    meta, body = split_front_matter(
        '+++\ntitle = "Obrolan"\ndate = 2024-05-17\ntags = ["kube"]\n+++\n\nP: x\n', "t.md"
    )
    assert meta["title"] == "Obrolan" and str(meta["date"]) == "2024-05-17"
    assert meta["tags"] == ["kube"] and body == "P: x\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('+++\ntitle = "x"\n', "t.md:1: front matter starts with +++ but never ends"),
        ('+++\ntitle = "x"\ndate = = 2\n+++\nP: x\n', "t.md:3: front matter is not valid TOML"),
        ("---\na: [\n---\nP: x\n", "front matter is not valid YAML"),
    ],
)
def test_broken_front_matter_names_the_line(text: str, message: str) -> None:
    with pytest.raises(TranscriptError, match=message.replace("+", r"\+")):
        split_front_matter(text, "t.md")


def test_preamble_key_value_lines_become_attributes() -> None:
    preamble = (
        "# Transkrip Wawancara\n"
        "Transkrip wawancara anggota KUBE Mawar (Ibu Yatmi), 11 Maret 2023\n"
        "Tanggal: 11 Maret 2023\n"
        "**Informan:** Bu Yatmi\n"
        "Hari/tgl : Senin, 3 Juni\n"
        "- Lokasi: Desa Gesing\n"
        "\\*\\*Pewawancara:\\*\\* D.A.\n"
        "Tautan: https://contoh.id/a_b\n"
        "Tanggal: 12 Maret 2023\n"
        "https://contoh.id/tanpa-kunci\n"
    )
    assert preamble_attributes(preamble) == {
        "tanggal": "11 Maret 2023",  # the first of a repeated key
        "informan": "Bu Yatmi",
        "hari_tgl": "Senin, 3 Juni",
        "lokasi": "Desa Gesing",
        "pewawancara": "D.A.",
        "tautan": "https://contoh.id/a_b",
    }


def test_front_matter_and_csv_win_over_the_preamble(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "w.md"
    path.write_text(
        "---\ndesa: Gesing\n---\nDesa: Bugelan\nKube: Mawar\n\n" + DIALOGUE, encoding="utf-8"
    )
    transcript = read_transcript(path)
    assert transcript.attributes == {"desa": "Gesing", "kube": "Mawar"}
    attributes = tmp_path / "a.csv"
    attributes.write_text("document,kube\nw,Melati\n", encoding="utf-8")
    assert cli("init").exit_code == 0
    assert cli("add", str(path), "--attributes", str(attributes)).exit_code == 0
    from kube_qda.project import Project

    with Project.open("kube-qda.sqlite") as project:
        (stored,) = project.db.execute("SELECT attributes FROM documents").fetchone()
    assert json.loads(stored) == {"desa": "Gesing", "kube": "Melati"}


def test_preamble_is_not_a_segment_and_numbering_starts_after_it(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_text("Wawancara KUBE Mawar\nTanggal: 11 Maret 2023\n\n" + DIALOGUE, "utf-8")
    transcript = read_transcript(path)
    assert transcript.preamble_text == "Wawancara KUBE Mawar\nTanggal: 11 Maret 2023"
    parts = segments(transcript)
    assert [(s.index, s.speaker) for s in parts] == [(0, "P"), (1, "I"), (2, "P"), (3, "I")]


def test_a_closing_note_past_a_rule_is_the_epilogue(tmp_path: Path) -> None:
    path = tmp_path / "w.md"
    path.write_text(DIALOGUE + "\n---\n\n*Catatan: nama disamarkan.*\n", "utf-8")
    transcript = read_transcript(path)
    assert transcript.epilogue_text == "*Catatan: nama disamarkan.*"
    assert [s.text for s in segments(transcript)][-1] == "Peyek."


def test_unlabelled_lines_after_a_turn_still_continue_it(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_text(DIALOGUE + "Terus dijual ke pasar.\n", "utf-8")
    transcript = read_transcript(path)
    assert transcript.epilogue is None
    assert segments(transcript)[-1].text == "Peyek.\nTerus dijual ke pasar."


def test_a_file_without_labels_has_no_preamble(tmp_path: Path) -> None:
    path = tmp_path / "catatan.txt"
    path.write_text("Catatan lapangan.\n\nTanggal: 2 Mei\n\nKelompok rapat.\n", "utf-8")
    transcript = read_transcript(path)
    assert transcript.preamble is None and len(segments(transcript)) == 3


def test_the_preamble_in_segments_output(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_text("Wawancara KUBE Mawar\n\n" + DIALOGUE, "utf-8")
    table = cli("segments", str(path))
    assert "(preamble, not coded)" in table.stdout and "Wawancara KUBE Mawar" in table.stdout
    assert "w (w.txt, 4 segments)" in table.stdout
