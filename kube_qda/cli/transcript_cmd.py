"""``kube-qda segments``: inspect how transcripts were parsed."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from kube_qda.transcripts.model import Transcript

from kube_qda.cli.common import err_console, handles_errors, out_console


class Unit(str, Enum):
    turn = "turn"
    sentence = "sentence"
    paragraph = "paragraph"


class SegmentFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


TranscriptsArg = Annotated[
    list[Path],
    typer.Argument(help="Transcript files (.txt, .md, .docx, .vtt, .srt) or folders of them."),
]
UnitOption = Annotated[
    Unit, typer.Option("--unit", "-u", help="Segmentation unit: turn, sentence or paragraph.")
]
InterviewerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--interviewer",
        help="Speaker label that is the interviewer (repeatable); overrides detection.",
    ),
]


def transcript_files(paths: list[Path]) -> list[Path]:
    """Expand folders into the transcript files they hold (README files aside), by name."""
    from kube_qda.errors import TranscriptError
    from kube_qda.transcripts.readers import FORMATS

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in FORMATS and p.stem.lower() != "readme"
            )
            if not found:
                raise TranscriptError(f"{path}: no transcript files in this folder")
            files.extend(found)
        else:
            files.append(path)
    return files


def report_warnings(path: Path, transcript: Transcript) -> None:
    for warning in transcript.warnings:
        err_console.print(f"Warning: {path}: {warning}", markup=False)


def segments_command(
    transcripts: TranscriptsArg,
    unit: UnitOption = Unit.turn,
    interviewer: InterviewerOption = None,
    format: Annotated[
        SegmentFormat, typer.Option("--format", "-f", help="table or jsonl.")
    ] = SegmentFormat.table,
) -> None:
    """Show every segment of the transcripts, interviewer segments flagged."""
    from rich.table import Table
    from rich.text import Text

    from kube_qda.transcripts import read_transcript, segments

    console = out_console()
    for path in transcript_files(transcripts):
        transcript = read_transcript(path, interviewer=interviewer or ())
        report_warnings(path, transcript)
        parts = segments(transcript, unit.value)
        if format is SegmentFormat.jsonl:
            for seg in parts:
                print(json.dumps(seg.as_json(), ensure_ascii=False))
            continue
        table = Table(
            title=f"{transcript.id} ({path.name}, {len(parts)} segments)",
            show_lines=False,
            expand=True,
        )
        table.add_column("#", justify="right")
        table.add_column("speaker")
        table.add_column("time")
        table.add_column("text", ratio=1)
        for seg in parts:
            style = "dim" if seg.interviewer else ""
            speaker = (seg.speaker or "—") + (" (interviewer)" if seg.interviewer else "")
            table.add_row(
                str(seg.index), Text(speaker), seg.timestamp or "", Text(seg.text), style=style
            )
        console.print(table)


segments_command = handles_errors(segments_command)
