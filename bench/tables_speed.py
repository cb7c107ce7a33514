"""Tables speed: freq + cooc over 100,000 segments x 16 codes, against a baseline
run in the same process (one pass that only reads every record).

    python bench/tables_speed.py [--segments 100000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    args = parser.parse_args()
    from kube_qda.analysis import CodeApplication, code_frequency, cooccurrence

    rng = random.Random(7)
    codes = [f"cat{c // 4}.code{c}" for c in range(16)]
    roles = [{"role": "anggota"}, {"role": "pendamping"}, {"role": "ketua"}]
    apps = []
    for s in range(args.segments):
        doc = f"d{s // 50}"
        for code in rng.sample(codes, rng.choice([0, 1, 1, 2, 2, 3])):
            apps.append(CodeApplication(doc, s % 50, code, "I", None, roles[s % 3]))
    start = time.perf_counter()
    baseline_units = {(a.document, a.segment, a.code) for a in apps}
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    freq = code_frequency(apps, codes=codes, by="role")
    cooc = cooccurrence(apps, codes=codes)
    elapsed = time.perf_counter() - start
    print(
        f"{args.segments} segments, 16 codes, {len(apps)} codings ({len(baseline_units)} distinct)"
    )
    print(f"freq (--by role) + cooc: {elapsed:.2f} s   target <= 1 s")
    print(f"baseline (one set of all records): {baseline:.3f} s; ratio {elapsed / baseline:.1f}")
    print(f"rows: {len(freq)} codes, {len(cooc)} pairs")


if __name__ == "__main__":
    main()
