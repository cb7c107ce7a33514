"""Suggestions that keep learning during a review: ``pretag --unreviewed`` and the
review's background refresh (review/refresh.py)."""

from __future__ import annotations

from pathlib import Path

from kube_qda.pretag import pretag
from kube_qda.project import Project
from kube_qda.review.refresh import Refresher
from tests.conftest import Cli, Write
from tests.test_adapt import KUBE, TRANSCRIPT


def make_project(write: Write, tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.create(path, KUBE, "kube_wonogiri.yaml") as created:
        created.add([write("jualan.txt", TRANSCRIPT)])
        pretag(created)
    return path


def test_pretag_unreviewed_leaves_reviewed_segments_alone(write: Write, tmp_path: Path) -> None:
    path = make_project(write, tmp_path)
    with Project.open(path) as project:
        reviewed, other = project.segment_id("jualan", 1), project.segment_id("jualan", 3)
        assert reviewed is not None and other is not None
        assert project.suggestions(reviewed) and project.suggestions(other)
        project.decide(reviewed, "rina", {"kendala.pemasaran": "rejected"})
        project.save_suggestions([], "emptied by the test", only={reviewed, other})
        pretag(project, unreviewed=True)
        assert project.suggestions(reviewed) == []  # decided: never touched
        assert project.suggestions(other)  # not decided: suggested again
        assert "adjusted to this project's 1 reviewed" in project.status()["pretag"]


def test_the_cli_remembers_the_model_for_unreviewed_runs(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    path = make_project(write, tmp_path)
    assert cli("pretag", "-p", path, "--no-model").exit_code == 0
    assert cli("pretag", "-p", path, "--unreviewed").exit_code == 0
    assert "rules alone" in cli("status", "-p", path).stdout
    assert cli("pretag", "-p", path).exit_code == 0
    assert cli("pretag", "-p", path, "--unreviewed").exit_code == 0
    assert "bundled learned model" in cli("status", "-p", path).stdout


def test_the_review_refreshes_in_the_background_every_n_decisions(
    write: Write, tmp_path: Path
) -> None:
    path = make_project(write, tmp_path)
    refresher = Refresher(path, every=2)
    refresher.after_decision(1)
    assert refresher.started == 0
    with Project.open(path) as project:
        for index in (1, 3):
            segment = project.segment_id("jualan", index)
            assert segment is not None
            project.decide(segment, "rina", {"kendala.pemasaran": "rejected"})
    refresher.after_decision(2)
    assert refresher.started == 1
    refresher.wait(timeout=120)
    assert refresher.running is not None and refresher.running.returncode == 0
    with Project.open(path) as project:
        assert "adjusted to this project's 2 reviewed" in project.status()["pretag"]


def test_a_scripted_review_learns_only_when_asked(cli: Cli, write: Write, tmp_path: Path) -> None:
    path = make_project(write, tmp_path)
    assert cli("pretag", "-p", path).exit_code == 0
    result = cli("review", "-p", path, "--coder", "rina", input="r\nq\n")
    assert result.exit_code == 0
    with Project.open(path) as project:  # no refresh ran: the stored note is pretag's
        assert "adjusted" not in project.status()["pretag"]


def test_uncertain_segments_come_first_when_asked(write: Write, tmp_path: Path) -> None:
    from kube_qda.review import ReviewSession

    path = make_project(write, tmp_path)
    with Project.open(path) as project:
        doubt = project.uncertainty()
        informant = [row.id for row in project.segments()]
        assert set(doubt) == set(informant)  # every informant segment, none other
        assert all(0.0 <= value <= 1.0 for value in doubt.values())
        ordered = ReviewSession(project, "rina", uncertain_first=True).rows
        assert [doubt[r.id] for r in ordered] == sorted(doubt.values(), reverse=True)
        assert [r.id for r in ReviewSession(project, "rina").rows] == informant
        pretag(project, model=None)  # the rules alone: no model, no uncertainty
        assert project.uncertainty() == {}


def test_uncertainty_is_the_closeness_of_some_code_to_one_half() -> None:
    from kube_qda.matching import Matcher
    from kube_qda.transcripts.model import Segment

    matcher = Matcher()
    text = "Keripiknya susah laku, pasarnya sepi terus."
    (result,) = matcher.suggest([Segment("d", 0, 0, len(text), text, "I", None, False)])
    scorer = matcher.learned
    assert scorer is not None and result.uncertainty is not None
    chances = scorer.probabilities(matcher.analyzer.batch([text]), [None])[0]
    assert result.uncertainty == round(float(1 - abs(2 * chances - 1).min()), 3)
