"""Search speed: ``kube-qda search`` on a project of every sample, first and again.

A copy of the demo project (built here from ``transcripts_sample/``: 150 interviews)
is searched by fresh processes: the first search analyses every segment and fills the
project's token cache; the next ones read it back. Printed: each median of several
interleaved runs and its ratio to ``kube-qda status`` on the same project (the
smallest command that opens a project: the baseline of the same run), and the time of
a second search inside one process, as a library call.

    python bench/search_speed.py [--runs 5] [--query jual]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def build(project: Path) -> None:
    kube = [sys.executable, "-m", "kube_qda"]
    samples = ROOT / "transcripts_sample"
    timed([*kube, "init", "-p", str(project)])
    timed([*kube, "add", "-p", str(project), str(samples), "--attributes",
           str(samples / "attributes.csv")])  # fmt: skip


def in_process(project: Path, query: str) -> float:
    """A search as a library call, after one that filled the cache."""
    from kube_qda.analysis.search import find
    from kube_qda.project import Project
    from kube_qda.search import compile_query, project_tokens

    def once() -> int:
        with Project.open(project) as opened:
            rows = opened.segments()
            tokens = project_tokens(opened, rows)
            compiled = compile_query(query, opened.codebook)
            return sum(len(find(tokens[r.id], compiled)) for r in rows)

    once()
    start = time.perf_counter()
    once()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="jual")
    args = parser.parse_args()
    kube = [sys.executable, "-m", "kube_qda"]
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "demo.sqlite"
        build(built)
        first: list[float] = []
        status: list[float] = []
        again: list[float] = []
        for k in range(args.runs):
            fresh = Path(tmp) / f"copy{k}.sqlite"
            shutil.copy(built, fresh)
            first.append(timed([*kube, "search", args.query, "-p", str(fresh)]))
            status.append(timed([*kube, "status", "-p", str(fresh)]))
            again.append(timed([*kube, "search", args.query, "-p", str(fresh)]))
        inside = in_process(built, args.query)
    base = statistics.median(status)
    print(f"{args.runs} runs, query {args.query!r}, 150 sample interviews")
    for name, values in (("status (baseline)", status), ("first search", first),
                         ("second search", again)):  # fmt: skip
        median = statistics.median(values)
        print(f"{name:20} {median:6.2f} s  {median / base:5.2f} x status")
    print(f"second search inside one process: {inside:.3f} s")


if __name__ == "__main__":
    main()
