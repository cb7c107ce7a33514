"""Learning curve: suggestions on a study's other interviews as it codes its first ones.

The whole workflow runs through the CLI, as a researcher would run it: for k = 0 … n−1
coded documents, and for every set of k documents (or ``--orders`` random sets when
there are more): ``init`` a project, ``add`` every document, ``codings import`` the
gold of the k documents as coder ``gold``, ``pretag``, and score the suggestions on
the informant turns of the other n − k documents against their gold (micro precision,
recall and F1 of non-negated suggestions, pooled over the sets).

Configurations, each pre-tagged in the same project:

- ``rules``: ``pretag --no-model``;
- ``default``: ``pretag`` before any coding (the bundled model with the bundled
  codebook), as at k = 0;
- ``project``: ``pretag`` after the coding: suggestions that learned from the project's
  own decisions (k ≥ 1);
- ``learn``: the route before in-project learning, ``kube-qda learn`` on the k coded
  documents' gold, then ``suggest -m`` with that model (k ≥ 1);
- ``proposed``: the rules alone, with the keywords ``codebook propose`` proposes from
  the k coded documents added (``--into``), k ≥ 1.

    python bench/learning_curve.py                       # ../shared/corpora/kube_external
    python bench/learning_curve.py --corpus transcripts_sample --ks 0,1,2,5,10 --orders 3
    python bench/learning_curve.py --codebook codebooks/putnam_social_capital.yaml
    python bench/learning_curve.py --no-rules          # the KUBE codebook without its rules

With ``--codebook``, the gold keeps only the codes that codebook has (the Putnam
codebook's ``modal_sosial.*`` ids are the KUBE codebook's); ``--no-rules`` uses the
codebook with every ``match`` removed (definitions only), so all suggestions must come
from the project's coding.

The corpus's gold is ``document,segment,code`` rows (as ``transcripts_sample/gold.csv``)
or ``document,turn,codes`` rows with turns counted from 1 and codes joined by ``;`` (as
``kube_external/gold.csv``).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from identity import cli  # noqa: E402  (bench/identity.py: a command in this process)

EXTERNAL = ROOT.parent / "shared" / "corpora" / "kube_external"
CONFIGS = ("rules", "default", "project", "learn", "proposed")

Unit = tuple[str, int]
Gold = dict[Unit, set[str]]


def read_gold(path: Path) -> Gold:
    """(document, segment) -> codes, for every row of the gold (empty: no code)."""
    gold: Gold = defaultdict(set)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if "turn" in row:  # turns from 1, codes joined by ";"
                unit = (row["document"], int(row["turn"]) - 1)
                codes = [c for c in row["codes"].split(";") if c]
            else:
                unit = (row["document"], int(row["segment"]))
                codes = [row["code"]] if row["code"] else []
            gold[unit].update(codes)
    return gold


def corpus_files(folder: Path, gold: Gold) -> dict[str, Path]:
    """document id -> transcript file, for every document the gold covers (a file's
    id is its front matter's ``id``, else its name without the extension)."""
    from kube_qda.transcripts import read_transcript
    from kube_qda.transcripts.readers import FORMATS

    paths = [p for p in folder.iterdir() if p.suffix in FORMATS and p.stem != "README"]
    files = {read_transcript(p).id: p for p in sorted(paths)}
    documents = sorted({doc for doc, _ in gold})
    missing = [d for d in documents if d not in files]
    if missing:
        sys.exit(f"no transcript for {', '.join(missing)} in {folder}")
    return {d: files[d] for d in documents}


def informant_units(files: dict[str, Path]) -> dict[str, list[Unit]]:
    """Each document's informant segments, as ``add`` will store them."""
    from kube_qda.transcripts import read_transcript, segments

    return {
        doc: [(doc, s.index) for s in segments(read_transcript(path)) if not s.interviewer]
        for doc, path in files.items()
    }


def coded_sets(documents: list[str], k: int, orders: int, seed: int) -> list[tuple[str, ...]]:
    """Every set of k documents, or ``orders`` random ones when there are more."""
    every = list(itertools.combinations(documents, k))
    if len(every) <= orders:
        return every
    rng = random.Random(f"{seed}-{k}")
    return [tuple(sorted(rng.sample(documents, k))) for _ in range(orders)]


def write_gold(path: Path, gold: Gold, documents: tuple[str, ...]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["document", "segment", "code"])
        for (doc, index), codes in sorted(gold.items()):
            if doc in documents:
                for code in sorted(codes) or [""]:
                    writer.writerow([doc, index, code])


def suggested(project: Path) -> dict[Unit, set[str]]:
    """The project's non-negated suggestions per segment."""
    from kube_qda.project import Project

    with Project.open(project) as opened:
        return {unit: set(codes) for unit, codes in opened.suggestion_rules().items()}


def run_set(
    work: Path,
    files: dict[str, Path],
    gold: Gold,
    coded: tuple[str, ...],
    options: argparse.Namespace,
) -> Iterator[tuple[str, dict[Unit, set[str]]]]:
    """(configuration, suggestions) for one set of coded documents."""
    project = work / "p.sqlite"
    for leftover in work.glob("p.sqlite*"):
        leftover.unlink()
    cli("init", "-p", project, "-c", options.codebook)
    cli("add", "-p", project, *files.values())
    cli("pretag", "-p", project, "--no-model")
    yield "rules", suggested(project)
    cli("pretag", "-p", project)
    yield "default", suggested(project)
    if not coded:
        return
    write_gold(work / "coded.csv", gold, coded)
    cli("codings", "import", work / "coded.csv", "--coder", "gold", "-p", project)
    cli("pretag", "-p", project)
    yield "project", suggested(project)
    model = work / "model.json"
    learning = [*options.learn_options.split(), "-c", options.codebook]
    cli("learn", work / "coded.csv", *(files[d] for d in coded), "-o", model, *learning)
    yield "learn", suggest_files(list(files.values()), model, options.codebook)
    grown = work / "proposed.yaml"
    grown.unlink(missing_ok=True)
    cli("codebook", "propose", "-p", project, "--into", grown)
    grown = grown if grown.exists() else options.codebook
    yield "proposed", suggest_files(list(files.values()), None, grown)


def suggest_files(files: list[Path], model: Path | None, codebook: Path) -> dict[Unit, set[str]]:
    """``kube-qda suggest -m MODEL`` (or ``--no-model``) on the files: non-negated codes
    per segment."""
    import json

    out: dict[Unit, set[str]] = {}
    learned = ["-m", model] if model else ["--no-model"]
    command = ["suggest", *files, "-c", codebook, *learned, "--format", "jsonl"]
    for line in cli(*command).splitlines():
        row = json.loads(line)
        codes = {s["code"] for s in row["suggestions"] if not s["negated"]}
        out[(row["document"], row["segment"])] = codes
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=EXTERNAL, help="folder with gold.csv")
    parser.add_argument("--ks", default="", help="numbers of coded documents (default: all)")
    parser.add_argument("--orders", type=int, default=20, help="most sets of k documents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--learn-options", default="", help="extra options for kube-qda learn")
    parser.add_argument("--codebook", type=Path, default=None, help="default: the bundled one")
    parser.add_argument("--no-rules", action="store_true", help="the codebook without rules")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    args.codebook = prepared_codebook(args.codebook, args.no_rules, work)
    gold = only_codes(read_gold(args.corpus / "gold.csv"), args.codebook)
    files = corpus_files(args.corpus, gold)
    units = informant_units(files)
    documents = list(files)
    ks = [int(k) for k in args.ks.split(",")] if args.ks else list(range(len(documents)))
    print(f"{args.corpus.name}: {len(documents)} documents")
    print(
        f"{'k':>3} {'sets':>4} {'turns':>6} {'gold':>5}  "
        + "  ".join(f"{c + ' P/R/F1':>20}" for c in CONFIGS)
    )
    print(f"codebook {args.codebook.name}{' without rules' if args.no_rules else ''}")
    with tempfile.TemporaryDirectory() as tmp:
        for k in ks:
            counts = {c: [0, 0, 0] for c in CONFIGS}
            turns = codes = 0
            sets = coded_sets(documents, k, args.orders, args.seed)
            for coded in sets:
                scored = [u for d in documents if d not in coded for u in units[d]]
                turns += len(scored)
                codes += sum(len(gold.get(u, ())) for u in scored)
                for config, predicted in run_set(Path(tmp), files, gold, coded, args):
                    tally(counts[config], scored, gold, predicted)
            print(
                f"{k:3} {len(sets):4} {turns:6} {codes:5}  "
                + "  ".join(f"{prf_text(counts[c]):>20}" for c in CONFIGS)
            )


def prepared_codebook(codebook: Path | None, no_rules: bool, work: Path) -> Path:
    """The codebook file to use: the given or bundled one, without its rules if asked."""
    import yaml

    from kube_qda.codebook.loader import default_codebook_path

    path = codebook or default_codebook_path()
    if not no_rules:
        return path
    data = yaml.safe_load(path.read_text("utf-8"))
    for category in data["categories"]:
        for code in category["codes"]:
            code.pop("match", None)
    data["id"] = f"{data['id']}_definitions_only"
    out = work / f"{path.stem}_no_rules.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return out


def only_codes(gold: Gold, codebook: Path) -> Gold:
    """The gold restricted to the codes ``codebook`` has (an empty set: no code)."""
    from kube_qda.codebook.loader import load_codebook

    known = set(load_codebook(codebook).code_ids())
    return defaultdict(set, {unit: codes & known for unit, codes in gold.items()})


def tally(count: list[int], units: list[Unit], gold: Gold, predicted: dict[Unit, set[str]]) -> None:
    for unit in units:
        truth, said = gold.get(unit, set()), predicted.get(unit, set())
        count[0] += len(truth & said)
        count[1] += len(said - truth)
        count[2] += len(truth - said)


def prf_text(count: list[int]) -> str:
    tp, fp, fn = count
    if not tp + fp + fn:
        return "-"
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:.2f} {r:.2f} {f:.2f}"


if __name__ == "__main__":
    main()
