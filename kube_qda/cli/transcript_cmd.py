"""``kube-qda segments``: inspect how transcripts were parsed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kube_qda.cli.common import err_console, handles_errors, out_console
from kube_qda.cli.options import InterviewerOption, StreamFormat, TranscriptsArg, Unit, UnitOption

if TYPE_CHECKING:
    from rich.table import Table

    from kube_qda.transcripts.model import Segment, Transcript


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
        StreamFormat, typer.Option("--format", "-f", help="table or jsonl.")
    ] = StreamFormat.table,
) -> None:
    """Show every segment of the transcripts, interviewer segments flagged (and the
    preamble, the title and metadata lines before the first turn, which is not coded)."""
    from kube_qda.transcripts import read_transcript, segments

    console = out_console()
    for path in transcript_files(transcripts):
        transcript = read_transcript(path, interviewer=interviewer or ())
        report_warnings(path, transcript)
        parts = segments(transcript, unit.value)
        if format is StreamFormat.jsonl:
            _print_jsonl(transcript, parts)
        else:
            console.print(_segments_table(path, transcript, parts))


def _print_jsonl(transcript: Transcript, parts: list[Segment]) -> None:
    """One JSON object per line: the preamble, the segments, the epilogue."""
    if transcript.preamble is not None:
        print(json.dumps(_not_speech_json(transcript, "preamble"), ensure_ascii=False))
    for seg in parts:
        print(json.dumps(seg.as_json(), ensure_ascii=False))
    if transcript.epilogue is not None:
        print(json.dumps(_not_speech_json(transcript, "epilogue"), ensure_ascii=False))


def _segments_table(path: Path, transcript: Transcript, parts: list[Segment]) -> Table:
    """The segments as a table, interviewer rows dimmed, preamble and epilogue flagged."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"{transcript.id} ({path.name}, {len(parts)} segments)",
        show_lines=False,
        expand=True,
    )
    table.add_column("#", justify="right")
    table.add_column("speaker")
    table.add_column("time")
    table.add_column("text", ratio=1)
    if transcript.preamble is not None:
        table.add_row("", "(preamble, not coded)", "", Text(transcript.preamble_text),
                      style="dim italic")  # fmt: skip
    for seg in parts:
        style = "dim" if seg.interviewer else ""
        speaker = (seg.speaker or "—") + (" (interviewer)" if seg.interviewer else "")
        table.add_row(
            str(seg.index), Text(speaker), seg.timestamp or "", Text(seg.text), style=style
        )
    if transcript.epilogue is not None:
        table.add_row("", "(epilogue, not coded)", "", Text(transcript.epilogue_text),
                      style="dim italic")  # fmt: skip
    return table


def _not_speech_json(transcript: Transcript, part: str) -> dict[str, object]:
    """The preamble or epilogue as a jsonl line: ``segment`` null, ``part`` true."""
    start, end = getattr(transcript, part) or (0, 0)
    return {
        "document": transcript.id,
        "segment": None,
        part: True,
        "start": start,
        "end": end,
        "speaker": None,
        "interviewer": False,
        "text": transcript.text[start:end],
    }


segments_command = handles_errors(segments_command)
