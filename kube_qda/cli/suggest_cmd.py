"""``kube-qda suggest`` and ``kube-qda analyze``: the pre-tagger on transcript files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kube_qda.cli.common import handles_errors, out_console, progress
from kube_qda.cli.learn_cmd import model_choice
from kube_qda.cli.options import (
    AnalyzeFormat,
    CodebookOption,
    InterviewerOption,
    ModelOption,
    NoModelOption,
    StreamFormat,
    TranscriptsArg,
    Unit,
    UnitOption,
)
from kube_qda.cli.transcript_cmd import report_warnings, transcript_files

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from kube_qda.matching import Matcher, SegmentSuggestions
    from kube_qda.matching.suggestion import Evidence


def _matcher(codebook: Path | None, model: Path | None, no_model: bool) -> Matcher:
    from kube_qda.codebook.loader import load_codebook
    from kube_qda.matching import Matcher

    book = load_codebook(codebook)
    return Matcher(book, model=model_choice(model, no_model, book.id))


def _results(matcher: Matcher, transcripts: list[Path], unit: Unit, interviewer: list[str] | None):  # type: ignore[no-untyped-def]
    files = transcript_files(transcripts)
    for path in progress(files, "Pre-tagging"):
        for transcript, results in matcher.suggest_files(
            [path], unit=unit.value, interviewer=interviewer or ()
        ):
            report_warnings(path, transcript)
            yield transcript, results


@handles_errors
def suggest_command(
    transcripts: TranscriptsArg,
    codebook: CodebookOption = None,
    model: ModelOption = None,
    no_model: NoModelOption = False,
    unit: UnitOption = Unit.turn,
    include_interviewer: Annotated[
        bool, typer.Option("--include-interviewer", help="Also output interviewer segments.")
    ] = False,
    interviewer: InterviewerOption = None,
    format: Annotated[
        StreamFormat,
        typer.Option("--format", "-f", help="table or jsonl (one JSON object per segment)."),
    ] = StreamFormat.table,
) -> None:
    """Suggest codes for every segment, showing the words that triggered each."""
    matcher = _matcher(codebook, model, no_model)
    console = out_console()
    for transcript, results in _results(matcher, transcripts, unit, interviewer):
        shown = [r for r in results if include_interviewer or not r.segment.interviewer]
        if format is StreamFormat.jsonl:
            for result in shown:
                print(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            _suggest_table(console, transcript.id, shown)


def _suggest_table(console: Console, document: str, results: list[SegmentSuggestions]) -> None:
    from rich.table import Table
    from rich.text import Text

    with_codes = [r for r in results if r.suggestions]
    table = Table(
        title=f"{document}: suggestions for {len(with_codes)} of {len(results)} segments",
        expand=True,
        show_lines=True,
    )
    table.add_column("#", justify="right")
    table.add_column("speaker")
    table.add_column("text (matched words highlighted)", ratio=3)
    table.add_column("suggested codes", ratio=2)
    for result in with_codes:
        seg = result.segment
        text = Text(seg.text)
        codes = Text()
        for suggestion in result.suggestions:
            style = "red" if suggestion.negated else "bold yellow"
            for e in suggestion.evidence:
                text.stylize(style, e.start - seg.start, e.end - seg.start)
            mark = " [negated]" if suggestion.negated else ""
            codes.append(
                f"{suggestion.code} {suggestion.score:.2f}{mark}\n",
                style="red" if suggestion.negated else "green",
            )
            rules = _why(suggestion.evidence)
            codes.append(f"  {rules}\n", style="dim")
        table.add_row(str(seg.index), Text(seg.speaker or "—"), text, codes)
    console.print(table)


def _why(evidence: Sequence[Evidence]) -> str:
    """The ids of the rules behind a suggestion; for the learned model, the words
    that weighed."""
    from kube_qda.matching.learned import RULE

    words = [e.match for e in evidence if e.rule == RULE]
    rules = dict.fromkeys(e.rule for e in evidence if e.rule != RULE)
    return ", ".join([*rules, *([f"learned: {', '.join(words)}"] if words else [])])


@handles_errors
def analyze_command(
    transcripts: TranscriptsArg,
    codebook: CodebookOption = None,
    model: ModelOption = None,
    no_model: NoModelOption = False,
    unit: UnitOption = Unit.turn,
    interviewer: InterviewerOption = None,
    format: Annotated[
        AnalyzeFormat, typer.Option("--format", "-f", help="table, md or json.")
    ] = AnalyzeFormat.table,
) -> None:
    """Frequency and co-occurrence of the (unconfirmed) suggested codes."""
    from kube_qda.analysis import CodeApplication
    from kube_qda.export.tables import emit
    from kube_qda.export.views import first_look_views

    matcher = _matcher(codebook, model, no_model)
    applications: list[CodeApplication] = []
    documents = segments = 0
    for _, results in _results(matcher, transcripts, unit, interviewer):
        documents += 1
        for result in results:
            seg = result.segment
            if seg.interviewer:
                continue
            segments += 1
            applications.extend(
                CodeApplication(seg.document, seg.index, s.code, seg.speaker)
                for s in result.suggestions
                if not s.negated
            )
    tables, payload = first_look_views(applications, matcher.codebook, documents, segments)
    emit(tables, payload, format.value, None, out_console())
