"""Every sample file and format: turns, speakers, interviewer flags, coverage of the text."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kube_qda.transcripts import read_transcript, segments
from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts_sample"
INTERVIEWERS = {
    "w01_pendamping_sri.md": {"P"},
    "w02_anggota_darmi.txt": {"T"},
    "w03_ketua_parno.txt": {"Peneliti"},
    "w04_fgd_ngadirejo.md": {"Moderator"},
    "w05_anggota_sumini.docx": {"Peneliti"},
    "w06_bendahara_wati.vtt": {"Pewawancara"},
    "w07_anggota_slamet.md": {"Rina"},
    "w08_pendamping_agus.srt": {"Pewawancara"},
    "w09_anggota_ratmi.txt": {"Pewawancara"},
    "w10_fgd_gesing.md": {"Fasilitator"},
    "w11_anggota_sukini.txt": {"Pewawancara"},
    "w12_pendamping_bambang.md": {"P"},
    "w13_fgd_ngroto.md": {"Moderator"},
    "w14_anggota_paijo.txt": {"T"},
    "w15_ketua_sutarni.md": {"P"},
    "w16_anggota_giyem.txt": {"Pewawancara"},
    "w17_anggota_warsini.txt": {"Peneliti"},
    "w18_fgd_bugelan.md": {"Moderator"},
    "w19_pendamping_endah.vtt": {"Pewawancara"},
    "w20_ketua_sarno.txt": {"T"},
    "w21_anggota_sumarni.docx": {"Peneliti"},
    "w22_pendamping_wahyu.txt": {"Peneliti"},
    "w23_fgd_pucung.md": {"Fasilitator"},
    "w24_anggota_rudi.srt": {"Pewawancara"},
    "w25_anggota_tumirah.txt": {"Pewawancara"},
    "w26_ketua_joko.md": {"P"},
    "w27_fgd_gambiranom.txt": {"Moderator"},
    "w28_bendahara_nining.vtt": {"Pewawancara"},
    "w29_anggota_parinem.txt": {"Peneliti"},
    "w30_pendamping_retno.md": {"P"},
    "w31_fgd_kismantoro.md": {"Moderator"},
    "w32_ketua_harjo.txt": {"T"},
    "w33_anggota_suparmi.txt": {"Tanya"},
    "w34_pendamping_lestari.docx": {"Peneliti"},
    "w35_fgd_sumberejo.md": {"Moderator"},
    "w36_anggota_marto.vtt": {"Pewawancara"},
    "w37_ketua_sumadi.srt": {"Pewawancara"},
    "w38_anggota_tukinem.txt": {"Pewawancara"},
    "w39_fgd_pagutan.docx": {"Moderator"},
    "w40_pendamping_yusuf.md": {"P"},
    "w41_anggota_karsini.txt": {"Q"},
    "w42_fgd_ngroto.md": {"Mas Fikri"},
    "w43_pendamping_indah.srt": {"Peneliti"},
    "w44_anggota_dimas.docx": {"Pewawancara"},
    "w45_ketua_tukiran.vtt": {"Pewawancara"},
    "w46_bendahara_sulastri.txt": {"Peneliti"},
    "w47_fgd_bulurejo.md": {"Moderator"},
    "w48_pendamping_wahono.docx": {"Peneliti"},
    "w49_anggota_ponirah.txt": {"Peneliti"},
    "w50_fgd_sambirejo.md": {"Fasilitator"},
    "w51_pendamping_rini.vtt": {"Pewawancara"},
    "w52_ketua_mardi.srt": {"Pewawancara"},
    "w53_anggota_sutini.md": {"Peneliti"},
    "w54_fgd_tirtosuworo.txt": {"Moderator"},
    "w55_ketua_sukimin.vtt": {"Pewawancara"},
    "w56_pendamping_agustina.docx": {"Peneliti"},
    "w57_anggota_tarni.txt": {"P"},
    "w58_fgd_gunungsari.md": {"Moderator"},
    "w59_pendamping_hendro.srt": {"Pewawancara"},
    "w60_anggota_ayu.docx": {"Peneliti"},
    "w61_anggota_warno.txt": {"Peneliti"},
    "w62_fgd_pidekso.md": {"Moderator"},
    "w63_pendamping_dwi.vtt": {"Pewawancara"},
    "w64_ketua_sastro.docx": {"Peneliti"},
    "w65_anggota_sarmi.txt": {"Pewawancara"},
    "w66_fgd_lemahbang.vtt": {"Moderator"},
    "w67_pendamping_hartini.md": {"P"},
    "w68_ketua_kasno.docx": {"Peneliti"},
    "w69_anggota_painah.srt": {"Pewawancara"},
    "w70_fgd_pucangombo.txt": {"Moderator"},
    "w71_pendamping_yoga.docx": {"Peneliti"},
    "w72_bendahara_suwarni.md": {"Peneliti"},
    "w73_anggota_tukiyo.vtt": {"Pewawancara"},
    "w74_fgd_tandon.md": {"Moderator"},
    "w75_ketua_ngatini.txt": {"Peneliti"},
    "w76_pendamping_farida.srt": {"Peneliti"},
    "w77_anggota_sumirah.txt": {"T"},
    "w78_pendamping_ardi.md": {"Peneliti"},
    "w79_fgd_plosorejo.srt": {"Moderator"},
    "w80_bendahara_yanti.txt": {"Pewawancara"},
    "w81_anggota_wakini.docx": {"Peneliti"},
    "w82_fgd_sukoharjo.vtt": {"Fasilitator"},
    "w83_pendamping_tri.md": {"P"},
    "w84_ketua_gino.txt": {"Q"},
    "w85_anggota_ngadinem.txt": {"Pewawancara"},
    "w86_fgd_miri.md": {"Moderator"},
    "w87_pendamping_rudi.vtt": {"Peneliti"},
    "w88_ketua_sumarno.docx": {"Peneliti"},
    "w89_bendahara_lastri.srt": {"Pewawancara"},
    "w90_anggota_parmin.txt": {"Peneliti"},
    "w91_anggota_tuminah.md": {"P"},
    "w92_fgd_ngroto.vtt": {"Fasilitator"},
    "w93_pendamping_nur.txt": {"Tanya"},
    "w94_ketua_wagiman.srt": {"Peneliti"},
    "w95_sekretaris_endang.docx": {"Peneliti"},
    "w96_anggota_kasimin.txt": {"T"},
    "w97_anggota_sartini.txt": {"Peneliti"},
    "w98_fgd_gesing.md": {"Moderator"},
    "w99_pendamping_bayu.srt": {"Peneliti"},
    "w100_ketua_painem.vtt": {"Peneliti"},
    "w101_anggota_jumadi.docx": {"Peneliti"},
    "w102_bendahara_rini.txt": {"Pewawancara"},
    "w103_anggota_sukarti.txt": {"Peneliti"},
    "w104_fgd_bugelan.srt": {"Moderator"},
    "w105_pendamping_wulan.md": {"P"},
    "w106_ketua_marto.docx": {"Peneliti"},
    "w107_bendahara_tini.vtt": {"Peneliti"},
    "w108_anggota_slamet.txt": {"T"},
    "w109_anggota_warni.txt": {"Pewawancara"},
    "w110_fgd_tandon.vtt": {"Fasilitator"},
    "w111_pendamping_rahmat.md": {"P"},
    "w112_ketua_sumiyem.docx": {"Peneliti"},
    "w113_bendahara_fajar.srt": {"Pewawancara"},
    "w114_anggota_ginah.txt": {"Peneliti"},
    "w115_anggota_tumini.txt": {"P"},
    "w116_fgd_bulusari.md": {"Moderator"},
    "w117_pendamping_wahyu.srt": {"Peneliti"},
    "w118_ketua_sugeng.vtt": {"Peneliti"},
    "w119_bendahara_lastri.docx": {"Peneliti"},
    "w120_anggota_karto.txt": {"T"},
    "w121_anggota_parmi.srt": {"Peneliti"},
    "w122_fgd_sendang.txt": {"Fasilitator"},
    "w123_pendamping_ratna.md": {"Peneliti"},
    "w124_ketua_marto.vtt": {"Pewawancara"},
    "w125_bendahara_anjar.docx": {"Peneliti"},
    "w126_anggota_sarinah.txt": {"Peneliti"},
    "w127_anggota_yatmi.txt": {"Tanya"},
    "w128_fgd_tirtosari.md": {"Moderator"},
    "w129_pendamping_heri.vtt": {"Peneliti"},
    "w130_sekretaris_dewi.srt": {"Pewawancara"},
    "w131_kades_harjono.docx": {"Peneliti"},
    "w132_ketua_ngadiman.txt": {"Peneliti"},
    "w133_anggota_suratmi.md": {"Peneliti"},
    "w134_fgd_karangrejo.txt": {"P"},
    "w135_pendamping_yanto.srt": {"Peneliti"},
    "w136_ketua_sarno.vtt": {"Peneliti"},
    "w137_bendahara_narti.docx": {"Peneliti"},
    "w138_anggota_wagini.txt": {"Peneliti"},
    "w139_anggota_ponirah.md": {"Peneliti"},
    "w140_fgd_bulurejo.txt": {"Moderator"},
    "w141_pendamping_wulan.vtt": {"Peneliti"},
    "w142_ketua_sukardi.srt": {"Peneliti"},
    "w143_sekretaris_tini.docx": {"Peneliti"},
    "w144_anggota_paiman.txt": {"Peneliti"},
    "w145_anggota_sulastri.txt": {"Pewawancara"},
    "w146_fgd_tlogo.md": {"Moderator"},
    "w147_pendamping_agung.docx": {"Peneliti"},
    "w148_ketua_marni.vtt": {"Peneliti"},
    "w149_bendahara_joko.srt": {"Pewawancara"},
    "w150_anggota_sarjo.txt": {"Peneliti"},
}
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
        covered[transcript.preamble[0] : header_end] = [1] * (
            header_end - transcript.preamble[0]
        )
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
