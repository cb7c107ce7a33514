"""Options and arguments shared by the commands, declared once."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

CodebookOption = Annotated[
    Path | None,
    typer.Option(
        "--codebook",
        "-c",
        help="Codebook YAML file (default: the bundled KUBE codebook).",
        dir_okay=False,
    ),
]


ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-p",
        help="Project file (default: $KUBE_QDA_PROJECT, else kube-qda.sqlite here).",
        dir_okay=False,
    ),
]


class Unit(str, Enum):
    turn = "turn"
    sentence = "sentence"
    paragraph = "paragraph"


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


class ReviewOrder(str, Enum):
    """review: the order segments come in."""

    document = "document"
    uncertain = "uncertain"


class StreamFormat(str, Enum):
    """segments and suggest: a table, or one JSON object per segment."""

    table = "table"
    jsonl = "jsonl"


class AnalyzeFormat(str, Enum):
    table = "table"
    md = "md"
    json = "json"


class ShowFormat(str, Enum):
    """codebook show."""

    tree = "tree"
    md = "md"
    json = "json"


class CodingsFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"


class Format(str, Enum):
    """The table commands."""

    table = "table"
    csv = "csv"
    md = "md"
    json = "json"
    xlsx = "xlsx"


class Status(str, Enum):
    confirmed = "confirmed"
    suggested = "suggested"


class Measure(str, Enum):
    count_ = "count"  # (the name `count` would shadow str.count)
    jaccard = "jaccard"
    conditional = "conditional"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table, csv, md, json or xlsx.")
]
OutputOption = Annotated[Path | None, typer.Option("-o", "--output", help="Write to FILE.")]
CodersOption = Annotated[
    list[str] | None,
    typer.Option("--coder", help="Only these coders' codings (repeatable; default: any coder)."),
]
StatusOption = Annotated[
    Status, typer.Option("--status", help="confirmed codings, or the pre-tagger's suggestions.")
]
PseudonymiseOption = Annotated[
    bool | None,
    typer.Option(
        "--pseudonymise/--no-pseudonymise",
        help="Replace participants' names by their pseudonyms (kube-qda names apply); "
        "default: the project's setting.",
    ),
]
DocOption = Annotated[str | None, typer.Option("--doc", help="Only this document.")]
MinOption = Annotated[int, typer.Option("--min", help="Only codes with at least N segments.")]


ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model",
        "-m",
        help="Learned model (kube-qda learn) to add suggestions to the rules' "
        "(default: the bundled one, with the bundled codebook).",
        dir_okay=False,
    ),
]
NoModelOption = Annotated[
    bool, typer.Option("--no-model", help="Rules only: no learned suggestions.")
]


CoderOption = Annotated[
    str | None,
    typer.Option("--coder", help="Coder name (default: $KUBE_QDA_CODER, else your user name)."),
]
