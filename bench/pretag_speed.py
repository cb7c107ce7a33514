"""Pre-tagging speed and memory, measured against spaCy's bare tokenizer in one process.

Builds a deterministic corpus of at least 1M tokens from the sample transcripts'
segments (cycled in a fixed order), then prints:

- tokenizer-only throughput: ``spacy.blank("id")`` tokenizer over the same texts;
- full ``suggest`` throughput: tokenising, normalising, stemming, matching the
  bundled KUBE codebook, negation and evidence for every segment;
- their ratio (target >= 0.5), the time for 1M tokens (target <= 5 s),
- peak RSS of the process (target <= 500 MB).

Both are timed in interleaved rounds; the first round (cold caches: spaCy's
tokenizer cache, the matcher's word-type cache) and the best round (the
``timeit`` convention: the run least disturbed by the machine) are printed.

    python bench/pretag_speed.py [--tokens 1000000] [--rounds 3] [--no-model]

``--no-model`` times the rules alone (without the learned model's pass).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus(min_tokens: int):  # type: ignore[no-untyped-def]
    import spacy

    from kube_qda.transcripts import read_transcript, segments
    from kube_qda.transcripts.readers import FORMATS

    files = sorted(
        p
        for p in (ROOT / "transcripts_sample").iterdir()
        if p.suffix in FORMATS and p.stem != "README"
    )
    base = [s for f in files for s in segments(read_transcript(f))]
    counter = spacy.blank("id").tokenizer
    sizes = [len(counter(s.text)) for s in base]
    out, total, i = [], 0, 0
    while total < min_tokens:
        seg = base[i % len(base)]
        out.append(replace(seg, document=f"{seg.document}#{i // len(base)}"))
        total += sizes[i % len(base)]
        i += 1
    return out, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument(
        "--rounds", type=int, default=3, help="timed rounds of each (first and best shown)"
    )
    parser.add_argument("--no-model", action="store_true", help="the rules alone")
    args = parser.parse_args()
    import spacy

    from kube_qda.matching import Matcher

    segs, tokens = corpus(args.tokens)
    texts = [s.text for s in segs]
    print(f"corpus: {len(segs)} segments, {tokens} tokens")

    tokenizer = spacy.blank("id").tokenizer
    matcher = Matcher(model=None) if args.no_model else Matcher()
    base_times, full_times = [], []
    suggested = 0
    for _ in range(args.rounds):  # interleaved, so machine noise hits both alike
        start = time.perf_counter()
        for _ in tokenizer.pipe(texts, batch_size=256):
            pass
        base_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        suggested = sum(len(r.suggestions) for r in matcher.suggest(segs))
        full_times.append(time.perf_counter() - start)

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [("first round", base_times[0], full_times[0])]
    if args.rounds > 1:
        rows.append((f"best of {args.rounds}", min(base_times), min(full_times)))
    for label, base, full in rows:
        print(f"-- {label}")
        print(f"tokenizer only : {base:6.2f} s  {tokens / base:12,.0f} tokens/s")
        print(
            f"full suggest   : {full:6.2f} s  {tokens / full:12,.0f} tokens/s"
            f"  ({suggested} suggestions)"
        )
        print(f"ratio (suggest/tokenizer throughput): {base / full:.2f}   target >= 0.5")
        print(f"1M tokens in   : {full * 1_000_000 / tokens:.2f} s   target <= 5 s")
    print(f"peak RSS       : {rss_mb:.0f} MB   target <= 500 MB")


if __name__ == "__main__":
    main()
