"""Pre-tagging a project: the matcher's suggestions for every stored segment, saved by
the project in one transaction (the project stores; the matcher suggests).

Unless the rules are to work alone, the learned model is first adjusted to the
project's own decisions (matching/adapt.py): the coder's accepted, added and rejected
codes so far teach the suggestions for the segments still to review."""

from __future__ import annotations

from kube_qda.matching import Matcher
from kube_qda.matching.adapt import adapt
from kube_qda.matching.learned import LearnedModel, describe
from kube_qda.matching.questions import with_questions
from kube_qda.matching.suggestion import Suggestion
from kube_qda.matching.training import examples
from kube_qda.project.store import Project


def pretag(
    project: Project, model: LearnedModel | str | None = "default", *, unreviewed: bool = False
) -> int:
    """(Re)compute the suggestions of every segment with the project's active codebook
    and ``model`` (as ``Matcher`` takes it; unless None, adjusted to the project's
    decisions); decisions are untouched. With ``unreviewed``, only segments no coder
    has decided yet get new suggestions. Everything is computed first and then written
    at once: a crash leaves the old suggestions or all the new ones. Returns the number
    of suggestions stored."""
    matcher = Matcher(project.codebook, model=model)
    how = describe(matcher.learned.model if matcher.learned else None, bundled=model == "default")
    if model is not None:
        matcher, learned_from = project_matcher(project, matcher)
        how += learned_from
    only = project.unreviewed() if unreviewed else None
    made: list[tuple[int, Suggestion]] = []
    unsure: dict[int, float] = {}
    for name in project.document_names():
        rows = project.segments(document=name, informant_only=False)
        results = matcher.suggest(row.as_segment() for row in rows)
        for row, result in zip(rows, results, strict=True):
            if only is None or row.id in only:
                made.extend((row.id, suggestion) for suggestion in result.suggestions)
                if result.uncertainty is not None:
                    unsure[row.id] = result.uncertainty
    return project.save_suggestions(made, how, only=only, uncertainty=unsure)


def project_matcher(project: Project, matcher: Matcher) -> tuple[Matcher, str]:
    """A matcher whose learned model is ``matcher``'s adjusted to the project's reviewed
    segments, and words saying what it learned from (empty when nothing was reviewed)."""
    coding = project.reviewed_codes()
    if not coding:
        return matcher, ""
    documents = sorted({document for document, _ in coding})
    pairs = []
    for name in documents:
        segments = [
            row.as_segment() for row in project.segments(document=name, informant_only=False)
        ]
        pairs += [(seg, q) for seg, q in with_questions(segments) if not seg.interviewer]
    prior = matcher.learned.model if matcher.learned else None
    codebook = project.codebook
    data = examples(matcher, pairs, coding)
    trained = {"source": "project", "documents": len(documents), "document_ids": documents}
    adapted = adapt(prior, data, codebook.code_ids(), codebook.id, trained=trained)
    if adapted is None or adapted is prior:
        return matcher, ""
    shown = ", ".join(documents[:3]) + (" …" if len(documents) > 3 else "")
    count = f"{len(documents)} document" + ("s" if len(documents) != 1 else "")
    return (
        Matcher(codebook, model=adapted),
        f", adjusted to this project's {len(data)} reviewed informant segments "
        f"in {count} ({shown})",
    )
