"""Pre-tagging a project: the matcher's suggestions for every stored segment, saved by
the project in one transaction (the project stores; the matcher suggests)."""

from __future__ import annotations

from kube_qda.matching import Matcher
from kube_qda.matching.learned import LearnedModel, describe
from kube_qda.matching.suggestion import Suggestion
from kube_qda.project.store import Project


def pretag(project: Project, model: LearnedModel | str | None = "default") -> int:
    """(Re)compute the suggestions of every segment with the project's active codebook
    (and ``model``, as ``Matcher`` takes it); decisions are untouched. Everything is
    computed first and then written at once: a crash leaves the old suggestions or all
    the new ones. Returns the number of suggestions stored."""
    matcher = Matcher(project.codebook, model=model)
    used = matcher.learned.model if matcher.learned else None
    made: list[tuple[int, Suggestion]] = []
    for name in project.document_names():
        rows = project.segments(document=name, informant_only=False)
        results = matcher.suggest(row.as_segment() for row in rows)
        for row, result in zip(rows, results, strict=True):
            made.extend((row.id, suggestion) for suggestion in result.suggestions)
    return project.save_suggestions(made, describe(used, bundled=model == "default"))
