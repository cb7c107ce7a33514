"""The review loop: state machine, terminal adapter with injected console and stream."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from kube_qda.pretag import pretag
from kube_qda.project import Project
from kube_qda.review import ReviewSession, terminal
from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts_sample"
KUBE = (ROOT / "codebooks" / "kube_wonogiri.yaml").read_text("utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "p.sqlite", KUBE, "kube")
    p.add([SAMPLES / "w01_pendamping_sri.md"])
    pretag(p, model=None)  # the rules' suggestions, which the tests below name
    return p


def consoles() -> tuple[Console, Console]:
    return Console(file=io.StringIO(), width=100), Console(file=io.StringIO(), width=200)


def run(project: Project, script: str, coder: str = "x", **kw: object) -> tuple[str, str]:
    out, msg = consoles()
    session = ReviewSession(project, coder, **kw)  # type: ignore[arg-type]
    terminal.run(session, out, msg, io.StringIO(script))
    return out.file.getvalue(), msg.file.getvalue()  # type: ignore[attr-defined]


def test_first_segment_shows_context_numbered_suggestions_and_progress(project: Project) -> None:
    session = ReviewSession(project, "x")
    session.position = 1
    out, _ = consoles()
    terminal.render(out, session, session.current)  # type: ignore[arg-type]
    text = out.file.getvalue()  # type: ignore[attr-defined]
    assert "segment 2 of 16 · w01 #3 · I" in text
    assert "Waktu awal masuk, apa yang Ibu lakukan pertama kali?" in text  # the question
    assert " 1. strategi.kesadaran_pelatihan " in text
    assert "keyword:sosialisasi: “sosialisasi”" in text


def test_line_protocol_decisions(project: Project) -> None:
    _, msg = run(project, "a\nr\na\n1 3\n+hasil.pendapatan\nq\n")
    assert msg.splitlines() == [
        "saved w01#1: no code",
        "saved w01#3: rejected strategi.kesadaran_pelatihan",
        "saved w01#5: accepted strategi.motivasi",
        "saved w01#7: accepted strategi.manajemen_diri, rejected modal_sosial.kepercayaan, "
        "accepted modal_sosial.norma",
        "saved w01#9: rejected strategi.mobilisasi_sumber, added hasil.pendapatan",
        "saved 5 decisions",
    ]
    rows = [(r["segment"], r["code"], r["status"]) for r in project.coding_rows()]
    assert rows == [
        (1, "", ""),
        (3, "strategi.kesadaran_pelatihan", "rejected"),
        (5, "strategi.motivasi", "accepted"),
        (7, "modal_sosial.kepercayaan", "rejected"), (7, "modal_sosial.norma", "accepted"),
        (7, "strategi.manajemen_diri", "accepted"),
        (9, "hasil.pendapatan", "added"), (9, "strategi.mobilisasi_sumber", "rejected"),
    ]  # fmt: skip


def test_several_commands_on_one_line_and_minus(project: Project) -> None:
    run(project, "s\ns\ns\na +hasil.pendapatan -modal_sosial.norma\nq\n")
    session = ReviewSession(project, "x")
    row = session.rows[3]
    assert project.decisions(row.id, "x") == {
        "strategi.manajemen_diri": "accepted",
        "modal_sosial.kepercayaan": "accepted",
        "modal_sosial.norma": "rejected",
        "hasil.pendapatan": "added",
    }


def test_resume_at_first_undecided(project: Project) -> None:
    run(project, "a\na\na\nq\n")
    session = ReviewSession(project, "x")
    assert session.position == 3
    assert session.current.row.index == 7  # type: ignore[union-attr]
    assert ReviewSession(project, "other coder").position == 0  # blind: own decisions only


def test_skip_does_not_decide_and_resume_returns_to_it(project: Project) -> None:
    run(project, "s\na\nq\n")
    assert ReviewSession(project, "x").position == 0


def test_undo_restores_previous_state(project: Project) -> None:
    _, msg = run(project, "a\na\nu\nr\nq\n")
    assert "undid w01#3" in msg
    session = ReviewSession(project, "x")
    assert project.decisions(session.rows[1].id, "x") == {
        "strategi.kesadaran_pelatihan": "rejected",
    }
    assert session.position == 2


def test_undo_of_a_redecided_segment_restores_the_earlier_decision(project: Project) -> None:
    run(project, "a\nq\n")
    session = ReviewSession(project, "x")
    session.position = 0
    session.handle("+hasil.pendapatan")
    session.handle("u")
    assert project.decisions(session.rows[0].id, "x") == {"": ""}


def test_errors_do_not_decide(project: Project) -> None:
    _, msg = run(project, "9\n+hasil.gaji\nzz\n\na\nq\n")
    lines = msg.splitlines()
    assert lines[:4] == [
        "no suggestion 9 (there are 0)",
        "unknown code 'hasil.gaji' (not in the codebook)",
        "unknown command 'zz' (? for help)",
        "type a command (? for help)",
    ]
    assert lines[-1] == "saved 1 decisions"


def test_memo_and_help(project: Project) -> None:
    _, msg = run(project, "m perlu dicek ke Bu Sri\n?\na\nq\n")
    assert "memo saved" in msg
    assert "accept every suggestion that is not negated" in msg
    (row,) = [r for r in project.coding_rows() if r["memo"]]
    assert row["memo"] == "perlu dicek ke Bu Sri"


def test_filters_code_doc_uncoded(project: Project) -> None:
    project.add([SAMPLES / "w02_anggota_darmi.txt"])
    pretag(project, model=None)
    by_code = ReviewSession(project, "x", code="strategi.motivasi")
    assert by_code.rows and all(
        "strategi.motivasi" in [s["code"] for s in project.suggestions(r.id)] for r in by_code.rows
    )
    assert {r.document for r in ReviewSession(project, "x", document="w01").rows} == {"w01"}
    run(project, "a\na\nq\n")
    uncoded = ReviewSession(project, "x", uncoded=True)
    assert uncoded.total == ReviewSession(project, "x").total - 2
    from kube_qda import UnknownCode

    with pytest.raises(UnknownCode):
        ReviewSession(project, "x", code="hasil.gaji")


def test_end_of_input_and_ctrl_c_save_cleanly(project: Project) -> None:
    _, msg = run(project, "a\n")
    assert msg.splitlines()[-1] == "saved 1 decisions"

    class Interrupting(io.StringIO):
        def readline(self, *args: object) -> str:  # type: ignore[override]
            raise KeyboardInterrupt

    out, msg2 = consoles()
    terminal.run(ReviewSession(project, "x"), out, msg2, Interrupting())
    assert msg2.file.getvalue().splitlines()[-1] == "saved 0 decisions"  # type: ignore[attr-defined]


def test_one_key_mode(project: Project) -> None:
    keys = iter(["2", "\r", "a", "q"])
    out, msg = consoles()
    session = ReviewSession(project, "x")
    session.position = 3
    terminal.run(session, out, msg, io.StringIO(), interactive=True, getchar=lambda: next(keys))
    assert (
        "saved w01#7: rejected strategi.manajemen_diri, accepted modal_sosial.kepercayaan, "
        "rejected modal_sosial.norma" in msg.file.getvalue()  # type: ignore[attr-defined]
    )


def test_queue_done(project: Project) -> None:
    _, msg = run(project, "a\n" * 16)
    assert "all 16 segments reviewed" in msg
    assert ReviewSession(project, "x").current is None
