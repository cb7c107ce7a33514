"""Speaker labels, aliases, interviewer detection and the prose-with-a-colon rule."""

from __future__ import annotations

from typing import Any

import pytest

from kube_qda.transcripts import read_transcript, segments
from tests.conftest import Write


def parse(
    write: Write, text: str, name: str = "t.txt", **kw: Any
) -> list[tuple[str | None, bool, str]]:
    t = read_transcript(write(name, text), **kw)
    return [(s.speaker, s.interviewer, s.text) for s in segments(t)]


@pytest.mark.parametrize(
    ("first", "second", "speakers"),
    [
        ("P: Tanya", "I: Jawab", ["P", "I"]),
        ("T: Tanya", "J: Jawab", ["T", "J"]),
        ("Peneliti : Tanya", "Informan : Jawab", ["Peneliti", "Informan"]),
        (
            "[00:04:12] Pewawancara: Tanya",
            "[00:04:20] Narasumber: Jawab",
            ["Pewawancara", "Narasumber"],
        ),
        ("(04:12) P: Tanya", "(04:20) I: Jawab", ["P", "I"]),
        ("00:04:12 P: Tanya", "00:04:20 I: Jawab", ["P", "I"]),
        ("**Moderator:** Tanya", "**Bu Darmi:** Jawab", ["Moderator", "Bu Darmi"]),
        ("*Peneliti*: Tanya", "_Informan 2_: Jawab", ["Peneliti", "Informan 2"]),
        ("__P__ : Tanya", "Ibu Sri Wahyuni: Jawab", ["P", "Ibu Sri Wahyuni"]),
        ("Interviewer: Tanya", "Mbak Yuli: Jawab", ["Interviewer", "Mbak Yuli"]),
        # as Markdown converters write them: escaped emphasis, the colon outside
        (
            "\\***\\*Peneliti:\\*\\*** Tanya",
            "\\***\\*Informan\\*\\***: Jawab",
            ["Peneliti", "Informan"],
        ),
        ("**Peneliti**: Tanya", "**Bu Darmi** : Jawab", ["Peneliti", "Bu Darmi"]),
        # in a list item or a block quote
        ("1. **P:** Tanya", "> **Bu Wartini:** Jawab", ["P", "Bu Wartini"]),
        ("- Moderator: Tanya", "> > I: Jawab", ["Moderator", "I"]),
    ],
)
def test_label_styles(write: Write, first: str, second: str, speakers: list[str]) -> None:
    got = parse(write, f"{first}\n{second}\n")
    assert got == [(speakers[0], True, "Tanya"), (speakers[1], False, "Jawab")]


def test_alias_resolution(write: Write) -> None:
    got = parse(write, "**Kiki (K):** Halo.\n\n**Adi (A):** Hai.\n\n**K:** Lanjut.\n", "t.md")
    assert [s for s, _, _ in got] == ["Kiki", "Adi", "Kiki"]


def test_continuation_lines_and_stage_directions(write: Write) -> None:
    got = parse(write, "P: Tanya?\nI: Satu (tertawa).\n\nDua.\nP: Lagi?\n")
    assert got[1] == ("I", False, "Satu (tertawa).\n\nDua.")


def test_prose_with_colon_is_not_a_speaker(write: Write) -> None:
    text = "P: Bagaimana?\nI: Jadi begini: kami mulai.\nCatatan: ini lanjutan.\nP: Oke.\n"
    got = parse(write, text)
    assert [s for s, _, _ in got] == ["P", "I", "P"]
    assert got[1][2] == "Jadi begini: kami mulai.\nCatatan: ini lanjutan."


def test_recurring_capitalised_label_is_a_speaker(write: Write) -> None:
    got = parse(write, "Rina: Halo.\nDodo: Hai.\nRina: Lagi.\nDodo: Ya.\n")
    assert [s for s, _, _ in got] == ["Rina", "Dodo", "Rina", "Dodo"]


def test_time_and_url_colons_are_not_labels(write: Write) -> None:
    got = parse(write, "P: Jam berapa?\nI: Pukul 10:30 kami datang.\nLihat http://x.id ya.\n")
    assert got[1] == ("I", False, "Pukul 10:30 kami datang.\nLihat http://x.id ya.")


def test_case_variants_are_one_speaker(write: Write) -> None:
    got = parse(write, "PENELITI: a\nInforman: b\nPeneliti: c\n")
    assert [s for s, _, _ in got] == ["PENELITI", "Informan", "PENELITI"]


def test_interviewer_override_from_cli_and_front_matter(write: Write) -> None:
    text = "Rina: Tanya?\nDodo: Jawab.\nRina: Lagi?\nDodo: Ya.\n"
    assert [i for _, i, _ in parse(write, text, interviewer=["Rina"])] == [True, False] * 2
    fm = "---\ninterviewer: Dodo\n---\n" + text
    assert [i for _, i, _ in parse(write, fm, "fm.md")] == [False, True] * 2


def test_english_style_r_and_i(write: Write) -> None:
    assert [i for _, i, _ in parse(write, "I: Question?\nR: Answer.\n")] == [True, False]


def test_front_matter_speakers_accept_single_labels(write: Write) -> None:
    text = "---\nspeakers: [Joko]\n---\nP: Tanya?\nJoko: Sekali saja.\n"
    assert [s for s, _, _ in parse(write, text, "t.md")] == ["P", "Joko"]


def test_no_labels_gives_paragraph_segments_with_warning(write: Write) -> None:
    path = write("notes.txt", "Catatan lapangan hari pertama.\nMasih sama.\n\nParagraf dua.\n")
    t = read_transcript(path)
    assert [s.text for s in segments(t)] == [
        "Catatan lapangan hari pertama.\nMasih sama.",
        "Paragraf dua.",
    ]
    assert t.warnings == ["no speaker labels found; each paragraph is a segment without a speaker"]


def test_markdown_headings_and_rules_are_not_speech(write: Write) -> None:
    got = parse(write, "# Judul\n\nP: Tanya?\n\n---\n\nI: Jawab.\n", "t.md")
    assert got == [("P", True, "Tanya?"), ("I", False, "Jawab.")]


def test_label_alone_on_its_line(write: Write) -> None:
    got = parse(write, "PENELITI:\nApa kabar?\nINFORMAN:\nBaik.\n")
    assert got == [("PENELITI", True, "Apa kabar?"), ("INFORMAN", False, "Baik.")]


HEADER = "Wawancara KUBE Sido Makmur\nTanggal: 12 Mei 2024\n{roster}\n"
DIALOGUE = (
    "Pewawancara: Sudah lama ikut?\nBu Sri: Sudah, Mbak.\n"
    "Pewawancara: Jualannya?\nBu Sri: Susah laku.\n"
)


@pytest.mark.parametrize(
    "roster",
    [
        "Pewawancara: Lina\nInforman: Bu Sri (45 tahun), Ketua",
        "Pewawancara: Dita. 19 April 2025.",  # a name and the date
    ],
)
def test_header_lines_naming_the_people_are_not_turns(write: Write, roster: str) -> None:
    transcript = read_transcript(write("t.txt", HEADER.format(roster=roster) + "\n" + DIALOGUE))
    got = [(s.speaker, s.interviewer, s.text) for s in segments(transcript)]
    assert transcript.preamble_text == HEADER.format(roster=roster).strip()
    assert transcript.attributes["tanggal"] == "12 Mei 2024"
    assert transcript.attributes["pewawancara"].startswith(("Lina", "Dita"))
    assert [(speaker, text) for speaker, _, text in got] == [
        ("Pewawancara", "Sudah lama ikut?"),
        ("Bu Sri", "Sudah, Mbak."),
        ("Pewawancara", "Jualannya?"),
        ("Bu Sri", "Susah laku."),
    ]


@pytest.mark.parametrize(
    "first",
    [
        "Pewawancara: Selamat pagi, Bu.",  # speech, not a name
        "Pewawancara: Bu Sri?",  # a question
        "P: Lina",  # a one-letter label is dialogue
        "Informan: Bu Sri sudah siap",  # words that are not a name
    ],
)
def test_speech_at_the_start_stays_a_turn(write: Write, first: str) -> None:
    got = parse(write, first + "\n" + DIALOGUE)
    label, text = first.split(": ", 1)
    assert got[0][0] == label and got[0][2] == text
    assert len(got) == 5


def test_a_lone_roster_line_without_dialogue_after_it_stays(write: Write) -> None:
    got = parse(write, "Informan: Bu Sri\nPewawancara: Sudah lama ikut?\n")
    assert [speaker for speaker, _, _ in got] == ["Informan", "Pewawancara"]


def test_markers_after_a_plain_label_stay_in_the_text(write: Write) -> None:
    got = parse(write, "P: *Gimana* caranya?\nI: _Ya_ begitu.\n")
    assert got == [("P", True, "*Gimana* caranya?"), ("I", False, "_Ya_ begitu.")]


def test_escaped_alias_then_the_alias_alone(write: Write) -> None:
    text = (
        "\\***\\*Kiki (K):\\*\\*** Halo?\n\n\\***\\*Nadinda (D)\\*\\***: Hai.\n\n"
        "**K:** Lanjut?\n\n**D:** Ya.\n"
    )
    got = parse(write, text, "t.md")
    assert [(s, t) for s, _, t in got] == [
        ("Kiki", "Halo?"),
        ("Nadinda", "Hai."),
        ("Kiki", "Lanjut?"),
        ("Nadinda", "Ya."),
    ]
