"""Behaviour snapshots, to show that a change of code changes no output.

Writes, into a folder, what users see from the main commands on every transcript of
``transcripts_sample/`` and of the robustness corpus (``tests/robustness/``):
``suggest --format jsonl``, ``segments --format jsonl``, and the tables of ``make demo``
(``analyze``, ``freq``, ``cooc``, ``summary`` in Markdown and as XLSX cell values,
``evaluate``). Then compares two such folders file by file.

    python bench/identity.py save build/identity/before     # on the old code
    python bench/identity.py save build/identity/after      # on the new code
    python bench/identity.py compare build/identity/before build/identity/after

Each command runs in this process through the CLI (as ``kube-qda`` would), so a
snapshot takes about a minute.
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "transcripts_sample"
ROBUSTNESS = ROOT / "tests" / "robustness"


def cli(*args: str | Path) -> str:
    """The stdout of one kube-qda command, run in this process; exits on failure."""
    from typer.testing import CliRunner

    from kube_qda.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exit_code != 0:
        sys.exit(f"kube-qda {' '.join(map(str, args))} failed:\n{result.output[-2000:]}")
    return result.stdout


def xlsx_cells(path: Path) -> str:
    """Every sheet's cell values, one row a line (the file's bytes hold timestamps)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## {sheet.title}")
        lines += ["\t".join("" if v is None else str(v) for v in row)
                  for row in sheet.iter_rows(values_only=True)]  # fmt: skip
    return "\n".join(lines) + "\n"


def snapshots() -> dict[str, str]:
    """Snapshot name -> the output it records."""
    out = {}
    for folder in (SAMPLES, ROBUSTNESS):
        out[f"suggest-{folder.name}.jsonl"] = cli("suggest", folder, "--format", "jsonl")
        out[f"segments-{folder.name}.jsonl"] = cli("segments", folder, "--format", "jsonl")
    out["analyze.txt"] = cli("analyze", SAMPLES)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "demo.sqlite"
        cli("init", "-p", project)
        cli("add", "-p", project, SAMPLES, "--attributes", SAMPLES / "attributes.csv")
        cli("pretag", "-p", project)
        cli("codings", "import", SAMPLES / "gold.csv", "--coder", "gold", "-p", project)
        out["freq.txt"] = cli("freq", "-p", project, "--by", "role", "--category")
        out["cooc.txt"] = cli("cooc", "-p", project, "--measure", "jaccard")
        out["summary.md"] = cli("summary", "-p", project, "--quotes", "2", "--format", "md")
        xlsx = Path(tmp) / "summary.xlsx"
        cli("summary", "-p", project, "--quotes", "3", "-f", "xlsx", "-o", xlsx)
        out["summary.xlsx.txt"] = xlsx_cells(xlsx)
        out["evaluate.txt"] = cli("evaluate", "-p", project, "--coder", "gold")
    return out


def save(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in snapshots().items():
        (folder / name).write_text(text, encoding="utf-8")
        print(f"{folder / name}: {len(text.splitlines())} lines")


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    differ = 0
    for name in names:
        a, b = before / name, after / name
        same = a.exists() and b.exists() and filecmp.cmp(a, b, shallow=False)
        differ += not same
        print(f"{'identical' if same else 'DIFFERS  '}  {name}")
    print(f"{len(names) - differ} of {len(names)} identical")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("save").add_argument("folder", type=Path)
    both = sub.add_parser("compare")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "save":
        save(args.folder)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
