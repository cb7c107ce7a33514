"""Review latency: time to decide a segment and show the next one, on a project of
10,000+ segments, against a baseline run in the same process.

Builds a project from the sample transcripts copied under new document ids until it
holds at least 10,000 segments, pre-tags it, then drives a ReviewSession with a
console writing to memory: each step is ``handle("a")`` (commit) followed by
rendering the next segment. Prints the median and 95th percentile (target: next
segment in <= 50 ms) and, as the in-process baseline, the time of one bare SQLite
commit on the same file.

Then the same for the full-screen workspace (review/workspace.py), driven by
Textual's pilot in a headless 120x40 screen: from the action of the key ``a`` to the
first screen refresh after it, the next segment drawn.

    python bench/review_latency.py [--segments 10000] [--steps 200] [--workspace-steps 100]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(path: Path, minimum: int) -> int:
    from kube_qda.pretag import pretag
    from kube_qda.project import Project
    from kube_qda.transcripts.readers import FORMATS

    samples = sorted(
        p
        for p in (ROOT / "transcripts_sample").iterdir()
        if p.suffix in FORMATS and p.stem != "README"
    )
    project = Project.create(path, (ROOT / "codebooks" / "kube_wonogiri.yaml").read_text(), "kube")
    copies = Path(tempfile.mkdtemp())
    n = 0
    while project.db.execute("SELECT COUNT(*) FROM segments").fetchone()[0] < minimum:
        batch = []
        for sample in samples:
            if sample.suffix == ".docx":
                continue
            target = copies / f"{sample.stem}_{n:03d}{sample.suffix}"
            text = sample.read_text("utf-8").replace("\nid: ", "\nid_original: ")
            target.write_text(text, "utf-8")
            batch.append(target)
        project.add(batch)
        n += 1
    pretag(project)
    total = project.db.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
    project.close()
    return int(total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--workspace-steps", type=int, default=100)
    args = parser.parse_args()
    from rich.console import Console

    from kube_qda.project import Project
    from kube_qda.project.schema import transaction
    from kube_qda.review import ReviewSession
    from kube_qda.review.terminal import render

    path = Path(tempfile.mkdtemp()) / "bench.sqlite"
    total = build(path, args.segments)
    project = Project.open(path)
    start = time.perf_counter()
    session = ReviewSession(project, "bench")
    opened = time.perf_counter() - start
    console = Console(file=io.StringIO(), width=120)
    steps = []
    for _ in range(args.steps):
        start = time.perf_counter()
        session.handle("a")
        item = session.current
        assert item is not None
        render(console, session, item)
        steps.append(time.perf_counter() - start)
    commits = []
    for _ in range(50):
        start = time.perf_counter()
        with transaction(project.db) as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bench', 'x')")
        commits.append(time.perf_counter() - start)
    median, p95 = statistics.median(steps), sorted(steps)[int(len(steps) * 0.95)]
    base = statistics.median(commits)
    print(f"project: {total} segments; opening the review queue: {opened * 1000:.0f} ms")
    print(
        f"decide + show next: median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"
        f"   target <= 50 ms"
    )
    print(
        f"baseline (one bare SQLite commit): {base * 1000:.1f} ms; "
        f"ratio median/baseline {median / base:.1f}"
    )
    import asyncio

    times = asyncio.run(workspace_steps(project, args.workspace_steps))
    median, p95 = statistics.median(times), sorted(times)[int(len(times) * 0.95)]
    print(
        f"workspace, key to next screen: median {median * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms   target <= 50 ms; ratio median/baseline {median / base:.1f}"
    )


async def workspace_steps(project: object, steps: int) -> list[float]:
    """Seconds from pressing ``a`` in the workspace to the next segment on screen."""
    from kube_qda.project import Project
    from kube_qda.review import ReviewSession
    from kube_qda.review.workspace import Workspace

    assert isinstance(project, Project)
    times: list[float] = []

    class Timed(Workspace):
        """Times each accept from the key's action to the refreshed screen."""

        def action_accept_all(self) -> None:
            start = time.perf_counter()
            super().action_accept_all()
            self.call_after_refresh(lambda: times.append(time.perf_counter() - start))

    app = Timed(ReviewSession(project, "bench-workspace"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(steps):
            await pilot.press("a")
            await pilot.pause()
    return times


if __name__ == "__main__":
    main()
