"""Every sample file and format: turns, speakers, interviewer flags, coverage of the text."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kube_qda.transcripts import read_transcript, segments
from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts_sample"


def _manifest() -> dict[str, set[str]]:
    """Sample file -> its interviewer labels, from the ``interviewer`` column of
    transcripts_sample/attributes.csv (the samples' manifest, keyed by document id)."""
    from kube_qda.transcripts.readers import FORMATS

    with (SAMPLES / "attributes.csv").open(encoding="utf-8", newline="") as file:
        by_id = {row["document"]: row["interviewer"] for row in csv.DictReader(file)}
    out = {}
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in FORMATS and path.stem != "README":
            labels = by_id[read_transcript(path).id]
            out[path.name] = {label.strip() for label in labels.split(";")}
    return out


#: Every sample's interviewer labels, as the manifest states them.
INTERVIEWERS = _manifest()
# An independent description of each sample's label style: what a turn line starts with.
LABEL = re.compile(
    r"^(?:\[[\d:]+\] )?(?:\*\*)?(?:P|I|T|J|Q|A|Peneliti|Informan|Moderator|"
    r"Bu Sri Lestari|Bu \w+|Pak \w+|"
    r"Mbak \w+|Mas \w+|Mbok \w+|Pewawancara|Narasumber|Fasilitator|Tanya|Jawab|"
    r"Wati|Endah|Rudi|Nining|Marto|Dimas|Tukiran|Rini|Sukimin|Dwi|Tukiyo|Mbah \w+|"
    r"Rina \(R\)|Slamet \(S\)|R|S)"
    r" ?:(?:\*\*)? "
)


@pytest.mark.parametrize("name", sorted(INTERVIEWERS))
def test_sample_interviewers_and_turn_counts(name: str) -> None:
    transcript = read_transcript(SAMPLES / name)
    assert set(transcript.interviewers) == INTERVIEWERS[name]
    labelled = [t for t in transcript.turns if t.speaker]
    assert len(labelled) >= 20
    informant = [t for t in labelled if not t.interviewer]
    assert informant, "every sample has informant turns"


@pytest.mark.parametrize("name", sorted(INTERVIEWERS))
def test_all_turn_text_is_in_exactly_one_segment(name: str) -> None:
    transcript = read_transcript(SAMPLES / name)
    text = transcript.text
    covered = [0] * len(text)
    header_end = 0  # a header naming the people ("Informan: Pak Parmin") is all text
    if transcript.preamble is not None:
        header_end = transcript.preamble[1]
        covered[transcript.preamble[0] : header_end] = [1] * (header_end - transcript.preamble[0])
    for seg in segments(transcript):
        assert text[seg.start : seg.end] == seg.text
        for i in range(seg.start, seg.end):
            covered[i] += 1
    assert max(covered) == 1
    pos = 0
    for line in text.split("\n"):
        body = line.strip()
        if body and not body.startswith("#"):
            m = LABEL.match(line) if pos >= header_end else None
            start = pos + (m.end() if m else len(line) - len(line.lstrip()))
            end = pos + len(line.rstrip())
            assert all(covered[start:end]), f"line not covered: {line[:40]!r}"
            assert not any(covered[pos:start]), f"label inside a segment: {line[:40]!r}"
        pos += len(line) + 1


def test_gold_names_informant_turns_and_codebook_codes() -> None:
    from kube_qda import load_codebook

    codes = set(load_codebook().code_ids())
    by_doc = {}
    for name in INTERVIEWERS:
        t = read_transcript(SAMPLES / name)
        by_doc[t.id] = {s.index: s for s in segments(t)}
    with (SAMPLES / "gold.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 100
    for row in rows:
        seg = by_doc[row["document"]][int(row["segment"])]
        assert not seg.interviewer, row
        assert row["code"] in codes or row["code"] == "", row
    informant = sum(1 for segs in by_doc.values() for s in segs.values() if not s.interviewer)
    assert len({(r["document"], r["segment"]) for r in rows}) == informant


def test_attributes_csv_names_every_sample() -> None:
    from kube_qda.transcripts import read_attributes_csv

    table = read_attributes_csv(SAMPLES / "attributes.csv")
    ids = {read_transcript(SAMPLES / name).id for name in INTERVIEWERS}
    assert set(table) == ids
    assert table["w01"]["role"] == "pendamping"


def test_front_matter_gives_id_and_attributes() -> None:
    t = read_transcript(SAMPLES / "w01_pendamping_sri.md")
    assert t.id == "w01"
    assert t.attributes["role"] == "pendamping"
    assert t.attributes["date"].isoformat() == "2024-03-12"
    assert not t.text.startswith("---")


def test_timestamps_and_continuation_lines() -> None:
    t = read_transcript(SAMPLES / "w03_ketua_parno.txt")
    segs = segments(t)
    assert segs[0].timestamp == "00:00:05"
    fifth = segs[5]
    assert fifth.speaker == "Informan"
    assert "\nTerus dari program dapat bantuan" in fifth.text


def test_podcast_style_aliases() -> None:
    t = read_transcript(SAMPLES / "w07_anggota_slamet.md")
    assert t.speakers == ["Rina", "Slamet"]
    labels = {turn.label for turn in t.turns}
    assert labels == {"Rina", "R", "Slamet", "S"}


def test_docx_bold_labels_and_heading_skipped() -> None:
    t = read_transcript(SAMPLES / "w05_anggota_sumini.docx")
    assert t.speakers == ["Peneliti", "Bu Sumini"]
    assert t.turns[0].speaker == "Peneliti"  # the heading is not a turn


def test_vtt_cues_merge_by_speaker_and_keep_times() -> None:
    t = read_transcript(SAMPLES / "w06_bendahara_wati.vtt")
    segs = segments(t)
    assert segs[3].speaker == "Wati"
    assert segs[3].timestamp == "00:00:18.300"
    assert "(tertawa)" in segs[3].text and "cara nyatet" in segs[3].text


def test_unlabelled_header_is_the_preamble_not_a_segment() -> None:
    t = read_transcript(SAMPLES / "w02_anggota_darmi.txt")
    assert t.preamble_text.startswith("Transkrip wawancara")
    assert "Tanggal: 14 Maret 2024" in t.preamble_text  # prose with a colon is not a speaker
    assert t.attributes["tanggal"] == "14 Maret 2024"
    first = segments(t)[0]
    assert first.speaker == "T" and first.interviewer
    assert all(s.start >= t.preamble[1] for s in segments(t))  # type: ignore[index]


def test_unknown_extension(tmp_path: Path) -> None:
    from kube_qda import TranscriptError

    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(TranscriptError, match=r"notes.pdf: unknown transcript format '.pdf'"):
        read_transcript(path)
