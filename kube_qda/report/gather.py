"""What a findings chapter is made from, read from a project (report/build.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from kube_qda.analysis.reliability import agreement_report
from kube_qda.names.mapping import Pseudonymiser, scrub
from kube_qda.project.store import Project
from kube_qda.report.build import ReportData

CONFIRMED = ("accepted", "added")


def report_data(
    project: Project, coders: Sequence[str], role: str, names: Pseudonymiser | None
) -> ReportData:
    """The confirmed codings (of ``coders``, or of everyone), the informants with their
    ``role`` attribute, each coder's coded segments, and the agreement per code when
    two or more coders coded; names replaced when ``names`` is given."""
    applications = project.applications(status="confirmed", coders=coders)
    attributes = project.document_attributes()
    informants: dict[str, str] = {}
    for row in project.segments():
        document = attributes.get(row.document, {})
        person = document.get("informant") or f"{row.document}: {row.speaker or ''}"
        informants.setdefault(person, document.get(role, ""))
    coded: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for coding in project.coding_rows():
        if coding["status"] in CONFIRMED and (not coders or coding["coder"] in coders):
            coded[coding["coder"]].add((coding["document"], coding["segment"]))
    who = sorted(coded)
    agreement = None
    if len(who) >= 2:
        codes = project.codebook.code_ids()
        agreement = agreement_report(project.coder_decisions(who), who, codes)
    if names:
        applications, attributes = scrub(applications, names), scrub(attributes, names)
        informants = scrub(informants, names)
    return ReportData(
        codebook=project.codebook,
        applications=applications,
        segments=len(project.segments()),
        documents=attributes,
        informants=informants,
        coders={coder: len(coded[coder]) for coder in who},
        agreement=agreement,
    )
