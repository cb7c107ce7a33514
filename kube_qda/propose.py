"""Match rules proposed from a project's confirmed codings (``kube-qda codebook propose``).

A new study's codebook grows rules from its first coded interviews: for each code,
the words and two-word phrases of its confirmed segments that the other reviewed
segments rarely have, written in the codebook's own syntax (a plain word matches
every form with the same stem, as any keyword does), each with what it would do in
this project. Rules stay data a researcher reads, argues about and shares; nothing
is added to a codebook unless asked (``--into``).

Counts are over the project's reviewed informant segments, read as the pre-tagger
reads them (normal forms, stems):

- ``found``: the code's confirmed segments that have the words;
- ``wrong``: reviewed segments without the code that have them;
- ``new``: of ``found``, those the code's current rules do not suggest.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kube_qda.codebook.loader import codebook_from_text
from kube_qda.matching import Matcher
from kube_qda.matching.tokens import usable
from kube_qda.project.store import Project

#: A proposal must find at least this many confirmed segments, one the rules miss,
#: and be right at least this often in the project.
MIN_FOUND = 3
MIN_PRECISION = 0.9

Key = tuple[str, ...]  # one stem, or two consecutive stems


@dataclass(frozen=True)
class Proposal:
    """One proposed keyword of a code, with what it would do in the project."""

    code: str
    keyword: str
    found: int
    wrong: int
    new: int


@dataclass
class _Reviewed:
    """The reviewed informant segments as the pre-tagger reads them."""

    keys: list[set[Key]]  # per segment: its stems and pairs of consecutive stems
    having: dict[Key, list[int]]  # per key: the segments that have it
    codes: list[frozenset[str]]  # per segment: the confirmed codes
    suggested: list[set[str]]  # per segment: what the current rules suggest (plain)
    forms: dict[Key, Counter[str]]  # the written forms of each key, for the keyword


def propose(project: Project, *, per_code: int = 3) -> list[Proposal]:
    """Up to ``per_code`` proposals for every code with confirmed segments, best first."""
    if not project.reviewed_codes():
        return []
    matcher = Matcher(project.codebook, model=None)
    reviewed = _read(project, matcher)
    common = matcher.profile.common_stems
    out: list[Proposal] = []
    for code in project.codebook.code_ids():
        positives = [i for i, codes in enumerate(reviewed.codes) if code in codes]
        if positives:
            out += _best(code, positives, reviewed, common, per_code)
    return out


def _read(project: Project, matcher: Matcher) -> _Reviewed:
    coding = project.reviewed_codes()
    rows = [
        row
        for name in project.document_names()
        for row in project.segments(document=name, informant_only=False)
    ]
    segments = [row.as_segment() for row in rows]
    suggested = {
        (r.segment.document, r.segment.index): {s.code for s in r.suggestions if not s.negated}
        for r in matcher.suggest(segments)
    }
    chosen = [s for s in segments if (s.document, s.index) in coding]
    batch = matcher.analyzer.batch([s.text for s in chosen])
    reviewed = _Reviewed([], defaultdict(list), [], [], defaultdict(Counter))
    for k, segment in enumerate(chosen):
        tokens = range(batch.bounds[k], batch.bounds[k + 1] - 1)
        words = [
            (batch.infos[t].stem, segment.text[batch.idx[t] : batch.idx[t] + batch.length[t]])
            for t in tokens
        ]
        keys = _keys(words, reviewed.forms)
        reviewed.keys.append(keys)
        for key in keys:
            reviewed.having[key].append(k)
        reviewed.codes.append(coding[(segment.document, segment.index)])
        reviewed.suggested.append(suggested.get((segment.document, segment.index), set()))
    return reviewed


def _keys(words: Sequence[tuple[str, str]], forms: dict[Key, Counter[str]]) -> set[Key]:
    """The stems of a segment and its pairs of consecutive stems (usable ones only),
    counting how each was written."""
    keys: set[Key] = set()
    for i, (stem, written) in enumerate(words):
        if not usable(stem):
            continue
        keys.add((stem,))
        forms[(stem,)][written.lower()] += 1
        if i + 1 < len(words) and usable(words[i + 1][0]):
            pair = (stem, words[i + 1][0])
            keys.add(pair)
            forms[pair][f"{written.lower()} {words[i + 1][1].lower()}"] += 1
    return keys


def _best(
    code: str, positives: list[int], reviewed: _Reviewed, common: frozenset[str], per_code: int
) -> list[Proposal]:
    found: Counter[Key] = Counter(key for i in positives for key in reviewed.keys[i])
    chosen: list[Proposal] = []
    taken: list[set[str]] = []  # the stems of the chosen keywords
    ranked = []
    for key, hits in found.items():
        if hits < MIN_FOUND or all(stem in common for stem in key):
            continue
        having = reviewed.having[key]
        wrong = sum(code not in reviewed.codes[i] for i in having)
        new = sum(code in reviewed.codes[i] and code not in reviewed.suggested[i] for i in having)
        if new and hits / (hits + wrong) >= MIN_PRECISION:
            ranked.append((new - wrong, hits, -len(key), key, wrong, new))
    for _, hits, _, key, wrong, new in sorted(ranked, reverse=True):
        if any(set(key) >= stems or stems >= set(key) for stems in taken):
            continue  # a phrase holding a chosen word, or a word of a chosen phrase
        taken.append(set(key))
        written = reviewed.forms[key].most_common(1)[0][0]
        keyword = written if written.replace(" ", "").isalpha() else " ".join(key)
        chosen.append(Proposal(code, keyword, hits, wrong, new))
        if len(chosen) == per_code:
            break
    return chosen


def proposals_yaml(proposals: Iterable[Proposal]) -> str:
    """The proposals as YAML to paste under each code's ``match``, with their counts."""
    lines = ["# confirmed segments found / reviewed segments wrongly hit / found only by it"]
    code = None
    for p in proposals:
        if p.code != code:
            code = p.code
            lines += [f"{code}:", "  keywords:"]
        lines.append(f'    - "{p.keyword}"  # {p.found} found, {p.wrong} wrong, {p.new} new')
    return "\n".join(lines) + "\n"


def codebook_with(yaml_text: str, proposals: Iterable[Proposal], out: Path) -> None:
    """Write a copy of the codebook with the proposals added to each code's keywords
    (YAML comments of the original are not kept); it is validated before writing."""
    import yaml

    data: Any = yaml.safe_load(yaml_text)
    codes = {
        f"{category['id']}.{code['id']}": code
        for category in data["categories"]
        for code in category["codes"]
    }
    for p in proposals:
        match = codes[p.code].setdefault("match", {})
        keywords = match.setdefault("keywords", [])
        if p.keyword not in keywords:
            keywords.append(p.keyword)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    codebook_from_text(text, str(out))  # raises CodebookError if it would not load
    out.write_text(text, encoding="utf-8")
