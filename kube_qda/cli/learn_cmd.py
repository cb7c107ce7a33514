"""``kube-qda learn``: train a learned model from a coding (matching/training.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kube_qda.cli.common import err_console, handles_errors, progress
from kube_qda.cli.options import CodebookOption, TranscriptsArg
from kube_qda.cli.transcript_cmd import report_warnings, transcript_files
from kube_qda.learning_settings import THRESHOLD, VETO

if TYPE_CHECKING:
    from kube_qda.matching.learned import LearnedModel
    from kube_qda.transcripts.model import Transcript


def model_choice(model: Path | None, no_model: bool, codebook_id: str) -> LearnedModel | str | None:
    """What to pass as ``Matcher(model=...)``; raises KubeQdaError on a bad file."""
    from kube_qda.errors import KubeQdaError
    from kube_qda.matching.learned import read_model

    if no_model:
        if model is not None:
            raise KubeQdaError("--model and --no-model exclude each other")
        return None
    if model is None:
        return "default"
    learned = read_model(model)
    if learned.codebook != codebook_id:
        raise KubeQdaError(
            f"{model}: trained for codebook '{learned.codebook}', not '{codebook_id}'"
        )
    return learned


CodingArg = Annotated[
    Path,
    typer.Argument(
        help="Codings CSV (kube-qda codings export, or document,segment,code rows).",
        dir_okay=False,
    ),
]
ModelOutput = Annotated[
    Path, typer.Option("--output", "-o", help="Model file to write (JSON).", dir_okay=False)
]
LearnCoder = Annotated[
    str | None, typer.Option("--coder", help="Learn from this coder's rows only.")
]
Threshold = Annotated[
    float,
    typer.Option(
        "--threshold", min=0.01, max=0.99, help="Probability from which a code is suggested."
    ),
]
Veto = Annotated[
    float,
    typer.Option(
        "--veto",
        min=0.0,
        max=0.5,
        help="Drop a rule's suggestion when the model gives the code less than this "
        "probability (0: never).",
    ),
]


@handles_errors
def learn_command(
    coding: CodingArg,
    transcripts: TranscriptsArg,
    output: ModelOutput,
    codebook: CodebookOption = None,
    coder: LearnCoder = None,
    threshold: Threshold = THRESHOLD,
    veto: Veto = VETO,
) -> None:
    """Learn which words go with each code from a coding, to suggest codes the rules miss."""
    from kube_qda.codebook.loader import load_codebook
    from kube_qda.errors import KubeQdaError
    from kube_qda.matching import Matcher
    from kube_qda.matching.training import coding_from_csv, learn

    if veto >= threshold:
        raise KubeQdaError(f"--veto ({veto}) must be below --threshold ({threshold})")
    book = load_codebook(codebook)
    decided = coding_from_csv(coding, book.code_ids(), coder)
    model, notes = learn(
        Matcher(book, model=None),
        decided,
        _read_all(transcript_files(transcripts)),
        threshold=threshold,
        veto=veto,
        source=coding.name,
    )
    for note in notes:
        err_console.print(f"Note: {note}", markup=False)
    model.save(output)
    err_console.print(
        f"Learned {len(model.codes)} codes from {model.trained['segments']} segments "
        f"({model.trained['coded']} with codes) -> {output}",
        markup=False,
    )


def _read_all(files: list[Path]) -> Iterator[Transcript]:
    """Each transcript, read when needed, with its warnings shown."""
    from kube_qda.transcripts.readers import read_transcript

    for path in progress(files, "Reading"):
        transcript = read_transcript(path)
        report_warnings(path, transcript)
        yield transcript
