"""A labelled, annotated co-occurrence heatmap (matplotlib, Agg backend)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO


def heatmap(
    labels: Sequence[str],
    values: Sequence[Sequence[float]],
    path: Path | BinaryIO,
    *,
    title: str,
    integer: bool,
    inches: float | None = None,
) -> tuple[int, int]:
    """Draw ``values`` (square, labels on both axes) to PNG (a file, or a stream),
    ``inches`` wide (default: by the number of labels); returns (width, height) in
    pixels."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(labels)
    size = inches or max(6.0, 0.55 * n + 3)  # the width; labels stay 8 point
    fig, ax = plt.subplots(figsize=(size, size * 0.85), dpi=100)
    image = ax.imshow(values, cmap="YlOrRd", vmin=0)
    ax.set_xticks(range(n), labels=list(labels), rotation=55, ha="right", fontsize=8)
    ax.set_yticks(range(n), labels=list(labels), fontsize=8)
    top = max((max(row) for row in values), default=0) or 1
    for i in range(n):
        for j in range(n):
            value = values[i][j]
            if i == j or not value:
                continue
            text = f"{int(value)}" if integer else f"{value:.2f}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > top * 0.6 else "black",
            )
    if title:
        ax.set_title(title)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    fig.tight_layout()
    fig.savefig(str(path) if isinstance(path, Path) else path, format="png")
    width, height = fig.canvas.get_width_height()
    plt.close(fig)
    return width, height
