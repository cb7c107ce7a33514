"""Suggestions that keep learning during a review.

Every decision teaches the project's model (matching/adapt.py), but re-suggesting
takes spaCy and a second or more, which the coder should not wait for and the review
does not load. So the review starts ``kube-qda pretag --unreviewed`` as a separate
process when it opens and again every ``EVERY`` decisions: that process re-suggests
only the segments nobody has reviewed yet, from everything decided so far, and stores
them in one transaction. The review reads a segment's suggestions when it shows it,
so each segment appears with the freshest ones; a decided segment is never touched.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: Decisions between two refreshes.
EVERY = 20


class Refresher:
    """Starts background re-suggesting for one project; at most one run at a time."""

    def __init__(self, project: Path, every: int = EVERY) -> None:
        self.project = project
        self.every = every
        self.running: subprocess.Popen[bytes] | None = None
        self.started = 0

    def start(self) -> bool:
        """Start a refresh unless one is still running; True when one was started."""
        if self.running is not None and self.running.poll() is None:
            return False
        self.running = subprocess.Popen(
            [sys.executable, "-m", "kube_qda", "pretag", "-p", str(self.project), "--unreviewed"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.started += 1
        return True

    def after_decision(self, decided: int) -> None:
        """Called with the number of decisions so far in this review."""
        if decided and decided % self.every == 0:
            self.start()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a running refresh (tests; the review itself never waits)."""
        if self.running is not None:
            self.running.wait(timeout)
