"""Exchange with a real REFI-QDA client: qc (the Python tool `qualitative-coding`).

Not part of the test suite (qc is AGPL and large): this script makes its own venv with
qc, then

1. builds the demo project (the samples with their gold coding, coder ``gold``) and
   exports it with ``kube-qda export``;
2. imports that file with ``qc init --import`` and compares qc's documents and per-code
   counts (``qc codes stats``) with kube-qda's;
3. exports qc's project with ``qc export``, imports it back with
   ``kube-qda init --from-qdpx`` and compares again;
4. in a venv with Taguette, reads kube-qda's CSV codebook with Taguette's own codebook
   importer, writes those tags as Taguette's .qdc and reads that with
   ``kube-qda codebook import``.

    python bench/refi_clients.py [--qc-version 1.7.8] [--taguette-version 1.5.2]
                                 [--workdir build/refi-clients]

Units differ: kube-qda codes segments (turns), qc codes lines. A kube-qda selection is
named ``line:N ...`` with the line its segment starts on, and qc places the coding on
that line; so qc's count of a code equals kube-qda's unless two segments with that code
start on the same line (possible only with sentence or paragraph units). qc 1.7.8 stops
in a ``breakpoint()`` left in its importer; ``PYTHONBREAKPOINT=0`` gets past it.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "transcripts_sample"


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a command; its stdout. Fails loudly (with its stderr) if it fails."""
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, args))}\n{result.stderr[-2000:]}")
    return result.stdout


def qc_venv(workdir: Path, version: str) -> Path:
    """A venv with qualitative-coding==version; its ``qc`` executable."""
    venv = workdir / f"venv-qc-{version}"
    qc = venv / "bin" / "qc"
    if not qc.exists():
        run(sys.executable, "-m", "venv", venv)
        run(venv / "bin" / "python", "-m", "pip", "install", "--quiet",
            f"qualitative-coding=={version}")  # fmt: skip
    return qc


def kube(*args: str | Path, cwd: Path | None = None) -> str:
    return run(sys.executable, "-m", "kube_qda", *args, cwd=cwd)


def demo_project(workdir: Path) -> Path:
    """The samples, their attributes and their gold coding as coder ``gold``."""
    project = workdir / "demo.sqlite"
    for leftover in workdir.glob("demo.sqlite*"):
        leftover.unlink()
    kube("init", "-p", project)
    kube("add", "-p", project, SAMPLES, "--attributes", SAMPLES / "attributes.csv")
    kube("codings", "import", SAMPLES / "gold.csv", "--coder", "gold", "-p", project)
    return project


def kube_counts(project: Path) -> tuple[list[str], Counter[str]]:
    """Document names and confirmed segments per code label."""
    from kube_qda.project import Project

    with Project.open(project) as opened:
        book = opened.codebook
        labels = {cid: code.label for cid, (_, code) in zip(book.code_ids(), book.codes(),
                                                            strict=True)}  # fmt: skip
        counts: Counter[str] = Counter(
            labels[r["code"]]
            for r in opened.coding_rows()
            if r["code"] and r["status"] in ("accepted", "added")
        )
        return opened.document_names(), counts


def qc_counts(qc: Path, folder: Path) -> tuple[list[str], Counter[str]]:
    """qc's corpus files and per-code line counts (``qc codes stats``)."""
    stats = folder / "stats.csv"
    run(qc, "codes", "stats", "-o", stats, cwd=folder)
    with stats.open(encoding="utf-8") as file:
        counts = Counter({row["Code"]: int(row["Count"]) for row in csv.DictReader(file)})
    documents = sorted(p.name for p in (folder / "corpus").iterdir())
    return documents, +counts  # codes with no line (the categories) left out


TAGUETTE_SCRIPT = """
import sys, types
from taguette.import_codebook import list_tags
from taguette.export import codebook_xml
tags = list_tags(open(sys.argv[1], "rb"))
print(len(tags), sum(bool(t["description"]) for t in tags))
codebook_xml([types.SimpleNamespace(path=t["path"]) for t in tags], sys.argv[2])
"""


def taguette(workdir: Path, version: str) -> None:
    """Our CSV codebook read by Taguette's own importer, and the .qdc Taguette writes
    for those tags read by ``kube-qda codebook import``."""
    venv = workdir / f"venv-taguette-{version}"
    python = venv / "bin" / "python"
    if not python.exists():
        run(sys.executable, "-m", "venv", venv)
        run(python, "-m", "pip", "install", "--quiet", f"taguette=={version}")
    ours = workdir / "codebook.csv"
    kube("codebook", "export", ROOT / "codebooks" / "kube_wonogiri.yaml", "-o", ours)
    qdc = workdir / "from-taguette.qdc"
    read, described = run(python, "-c", TAGUETTE_SCRIPT, ours, qdc).split()
    back = workdir / "from-taguette.yaml"
    kube("codebook", "import", qdc, "-o", back)
    from kube_qda.codebook.loader import load_codebook

    codes = sum(1 for _ in load_codebook(back).codes())
    print(
        f"\nTaguette {version} read {read} tags from kube-qda's CSV codebook ({described} "
        f"with their description); its .qdc of them gave kube-qda {codes} codes"
    )


def compare(title: str, ours: Counter[str], theirs: Counter[str], names: tuple[str, str]) -> int:
    """Print both counts per code; the number of codes that differ."""
    print(f"\n{title}")
    print(f"{'code':34} {names[0]:>12} {names[1]:>12}")
    differ = 0
    for code in sorted(set(ours) | set(theirs)):
        mark = "" if ours[code] == theirs[code] else "  <- differs"
        differ += bool(mark)
        print(f"{code:34} {ours[code]:12d} {theirs[code]:12d}{mark}")
    print(f"{'total':34} {sum(ours.values()):12d} {sum(theirs.values()):12d}")
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qc-version", default="1.7.8")
    parser.add_argument("--taguette-version", default="1.5.2")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "refi-clients")
    args = parser.parse_args()
    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    qc = qc_venv(workdir, args.qc_version)
    project = demo_project(workdir)
    exported = workdir / "demo.qdpx"
    kube("export", "-p", project, "-o", exported)
    ours_docs, ours = kube_counts(project)

    imported = workdir / "qc-project"
    shutil.rmtree(imported, ignore_errors=True)
    imported.mkdir()
    env = {**os.environ, "PYTHONBREAKPOINT": "0"}
    run(qc, "init", "--import", exported, cwd=imported, env=env)
    qc_docs, theirs = qc_counts(qc, imported)
    same_docs = sorted(f"{d}.txt" for d in ours_docs) == qc_docs
    print(f"qc {args.qc_version} imported {len(qc_docs)} of {len(ours_docs)} documents"
          f" ({'the same names' if same_docs else 'names differ'}, plus '.txt')")  # fmt: skip
    print(f"codes present in qc: {len(set(ours) & set(theirs))} of {len(ours)}")
    differ = compare("kube-qda export -> qc init --import", ours, theirs,
                     ("kube-qda", "qc lines"))  # fmt: skip

    back_qdpx = workdir / "from-qc.qdpx"
    back_qdpx.unlink(missing_ok=True)
    run(qc, "export", back_qdpx, cwd=imported, env=env)
    back = workdir / "from-qc.sqlite"
    for leftover in workdir.glob("from-qc.sqlite*"):
        leftover.unlink()
    kube("init", "--from-qdpx", back_qdpx, "-p", back)
    back_docs, back_counts = kube_counts(back)
    print(f"\nkube-qda imported {len(back_docs)} of {len(qc_docs)} documents from qc's export"
          f" ({'the same names' if sorted(back_docs) == qc_docs else 'names differ'})")  # fmt: skip
    differ += compare("qc export -> kube-qda init --from-qdpx", ours, back_counts,
                      ("kube-qda", "round trip"))  # fmt: skip
    print(f"\n{differ} code counts differ")
    taguette(workdir, args.taguette_version)


if __name__ == "__main__":
    main()
