"""Cold start: the everyday small commands as whole processes, against ``import spacy``.

A researcher's most frequent actions are small: suggest codes for one interview, pre-tag
a project after adding one file, open the review. Each is timed here as a fresh process
(``python -m kube_qda ...``), several runs interleaved, and printed as its median and
its ratio to the median of ``python -c "import spacy"`` measured in the same run
(machines are noisy; the ratio is the steadier number).

The package is byte-compiled first, as ``pip install`` does: where the environment sets
``PYTHONDONTWRITEBYTECODE`` (as some CI images do) an editable checkout would otherwise
compile every module of kube-qda again in every process, which users do not pay.

    python bench/cold_start.py [--runs 5] [--file transcripts_sample/w01_pendamping_sri.md]
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str], cwd: Path, stdin: str = "") -> float:
    """Wall time of one process; exits with its stderr if it fails."""
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return elapsed


def commands(sample: Path, work: Path) -> dict[str, tuple[list[str], str]]:
    """Name -> (argv, standard input) of every command timed."""
    kube = [sys.executable, "-m", "kube_qda"]
    project = str(work / "one.sqlite")
    return {
        "import spacy": ([sys.executable, "-c", "import spacy"], ""),
        "kube-qda --help": ([*kube, "--help"], ""),
        "suggest ONE_FILE": ([*kube, "suggest", str(sample), "--format", "jsonl"], ""),
        "analyze ONE_FILE": ([*kube, "analyze", str(sample)], ""),
        "pretag (one document)": ([*kube, "pretag", "-p", project], ""),
        "review to first screen": ([*kube, "review", "-p", project, "--coder", "b"], "q\n"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--file", type=Path, default=ROOT / "transcripts_sample" / "w01_pendamping_sri.md"
    )
    args = parser.parse_args()
    sample = args.file.resolve()
    compileall.compile_dir(ROOT / "kube_qda", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        kube = [sys.executable, "-m", "kube_qda"]
        timed([*kube, "init", "-p", str(work / "one.sqlite")], work)
        timed([*kube, "add", "-p", str(work / "one.sqlite"), str(sample)], work)
        timed([*kube, "pretag", "-p", str(work / "one.sqlite")], work)  # suggestions to review
        todo = commands(sample, work)
        times: dict[str, list[float]] = {name: [] for name in todo}
        for _ in range(args.runs):  # interleaved, so machine noise hits all alike
            for name, (argv, stdin) in todo.items():
                times[name].append(timed(argv, work, stdin))
    base = statistics.median(times["import spacy"])
    print(f"{args.runs} runs each, {sample.name}")
    print(f"{'command':26} {'median':>8} {'× import spacy':>15}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:26} {median:7.2f}s {median / base:14.2f}")


if __name__ == "__main__":
    main()
