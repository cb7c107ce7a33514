"""The pre-tagger: compiled codebook rules run over segments, one document at a time."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kube_qda.codebook.model import Codebook
from kube_qda.matching.compile import WEIGHTS, CodeRules, NearRule, Term, compile_codebook
from kube_qda.matching.negation import is_negated
from kube_qda.matching.suggestion import Evidence, SegmentSuggestions, Suggestion
from kube_qda.matching.tokens import TokenAnalyzer, TypeInfo
from kube_qda.text.profile import language_profile
from kube_qda.text.stem import WordStemmer
from kube_qda.transcripts.model import Segment, Transcript

Span = tuple[int, int]


@dataclass(frozen=True)
class _Hit:
    rule: str
    kind: str
    pieces: tuple[Span, ...]
    chars: Span | None = None  # exact character offsets (regex hits)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.pieces)

    @property
    def end(self) -> int:
        return max(e for _, e in self.pieces)


@dataclass
class _CodeHits:
    hits: list[_Hit] = field(default_factory=list)
    near: dict[int, dict[int, list[Span]]] = field(default_factory=dict)
    unless: list[Span] = field(default_factory=list)


class Matcher:
    """Suggest codes for segments. Build once per codebook; reuse for many files."""

    def __init__(self, codebook: Codebook | None = None) -> None:
        if codebook is None:
            from kube_qda.codebook.loader import load_codebook

            codebook = load_codebook()
        self.codebook = codebook
        self.profile = language_profile(codebook.profile)
        self.stemmer = WordStemmer(self.profile)
        self.rules = compile_codebook(codebook, self.stemmer)
        self.analyzer = TokenAnalyzer(self.profile, self.rules, self.stemmer)
        self._index_terms()
        self._regex = [
            (ci, rule_id, re.compile(pattern, re.IGNORECASE))
            for ci, code in enumerate(self.rules.codes)
            for rule_id, pattern in code.regex
        ]
        self._patterns = self._spacy_matcher()

    # -- compile-time indexes -------------------------------------------------

    def _index_terms(self) -> None:
        """pred id -> [(term id, alternative)] and term id -> its uses by codes."""
        term_ids: dict[str, int] = {}
        self._terms: list[Term] = []
        self._uses: list[list[tuple[Any, ...]]] = []

        def add(term: Term, use: tuple[Any, ...]) -> None:
            tid = term_ids.get(term.text)
            if tid is None:
                tid = term_ids[term.text] = len(self._terms)
                self._terms.append(term)
                self._uses.append([])
            self._uses[tid].append(use)

        for ci, code in enumerate(self.rules.codes):
            for rule_id, term in code.keywords:
                add(term, (ci, "keyword", rule_id, term.kind))
            for ni, near in enumerate(code.near):
                for gi, group in enumerate(near.groups):
                    for term in group:
                        add(term, (ci, "near", ni, gi))
            for term in code.unless:
                add(term, (ci, "unless"))
        self._starts: dict[int, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
        for tid, term in enumerate(self._terms):
            for alt in term.alternatives:
                self._starts[alt[0]].append((tid, alt))

    def _spacy_matcher(self) -> Any:
        if not any(code.patterns for code in self.rules.codes):
            return None
        from spacy.matcher import Matcher as SpacyMatcher

        matcher = SpacyMatcher(self.analyzer.nlp.vocab)
        for ci, code in enumerate(self.rules.codes):
            for rule_id, pattern in code.patterns:
                matcher.add(f"{ci}|{rule_id}", [pattern])
        return matcher

    # -- public API -----------------------------------------------------------

    def suggest(self, segments: Iterable[Segment]) -> Iterator[SegmentSuggestions]:
        """Suggestions for each segment, in order (interviewer segments included,
        though codes restricted to informants are never suggested for them)."""
        segments = list(segments)
        analysed = self.analyzer.analyse(seg.text for seg in segments)
        for seg, (doc, infos) in zip(segments, analysed, strict=True):
            yield SegmentSuggestions(seg, tuple(self._segment(seg, doc, infos)))

    def suggest_transcript(
        self, transcript: Transcript, unit: str = "turn"
    ) -> Iterator[SegmentSuggestions]:
        from kube_qda.transcripts.segment import segments

        return self.suggest(segments(transcript, unit))  # type: ignore[arg-type]

    def suggest_files(
        self,
        paths: Iterable[str | Path],
        *,
        unit: str = "turn",
        interviewer: Sequence[str] = (),
    ) -> Iterator[tuple[Transcript, list[SegmentSuggestions]]]:
        """Stream files one at a time: memory does not grow with the number of files."""
        from kube_qda.transcripts.readers import read_transcript

        for path in paths:
            transcript = read_transcript(path, interviewer=interviewer)
            yield transcript, list(self.suggest_transcript(transcript, unit))

    def suggest_text(self, text: str, *, interviewer: bool = False) -> list[Suggestion]:
        """Suggestions for one piece of text, as if it were one informant turn."""
        seg = Segment("text", 0, 0, len(text), text, None, None, interviewer)
        return list(next(self.suggest([seg])).suggestions)

    # -- per segment ----------------------------------------------------------

    def _segment(self, seg: Segment, doc: Any, infos: list[TypeInfo]) -> list[Suggestion]:
        eligible = [
            code.speakers == "any" or (code.speakers == "interviewer") == seg.interviewer
            for code in self.rules.codes
        ]
        found: dict[int, _CodeHits] = defaultdict(_CodeHits)
        self._term_hits(infos, eligible, found)
        if self._regex:
            self._regex_hits(seg.text, doc, eligible, found)
        if self._patterns is not None:
            for match_id, start, end in self._patterns(doc):
                ci_text, rule_id = self.analyzer.nlp.vocab.strings[match_id].split("|", 1)
                if eligible[int(ci_text)]:
                    found[int(ci_text)].hits.append(_Hit(rule_id, "pattern", ((start, end),)))
        out = []
        for ci, code_hits in found.items():
            suggestion = self._suggestion(self.rules.codes[ci], code_hits, seg, doc, infos)
            if suggestion is not None:
                out.append((ci, suggestion))
        out.sort(key=lambda item: (-item[1].score, item[0]))
        return [s for _, s in out]

    def _term_hits(
        self, infos: list[TypeInfo], eligible: list[bool], found: dict[int, _CodeHits]
    ) -> None:
        term_hits: dict[int, list[Span]] = defaultdict(list)
        n = len(infos)
        for i, info in enumerate(infos):
            for pred in info.preds:
                for tid, alt in self._starts.get(pred, ()):
                    k = len(alt)
                    if k == 1 or (
                        i + k <= n and all(alt[j] in infos[i + j].preds for j in range(1, k))
                    ):
                        term_hits[tid].append((i, i + k))
        for tid, spans in term_hits.items():
            for use in self._uses[tid]:
                ci = use[0]
                if not eligible[ci]:
                    continue
                bucket = found[ci]
                if use[1] == "keyword":
                    bucket.hits.extend(_Hit(use[2], use[3], (span,)) for span in spans)
                elif use[1] == "near":
                    bucket.near.setdefault(use[2], {}).setdefault(use[3], []).extend(spans)
                else:
                    bucket.unless.extend(spans)

    def _regex_hits(
        self, text: str, doc: Any, eligible: list[bool], found: dict[int, _CodeHits]
    ) -> None:
        starts: list[int] | None = None
        for ci, rule_id, pattern in self._regex:
            if not eligible[ci]:
                continue
            for m in pattern.finditer(text):
                if m.end() == m.start():
                    continue
                if starts is None:
                    starts = [t.idx for t in doc]
                first = max(bisect_right(starts, m.start()) - 1, 0)
                last = max(bisect_left(starts, m.end()), first + 1)
                found[ci].hits.append(
                    _Hit(rule_id, "regex", ((first, last),), (m.start(), m.end()))
                )

    def _suggestion(
        self,
        code: CodeRules,
        found: _CodeHits,
        seg: Segment,
        doc: Any,
        infos: list[TypeInfo],
    ) -> Suggestion | None:
        hits = list(found.hits)
        if found.near:
            ends = [i for i, info in enumerate(infos) if info.sentence_end]
            for ni, groups in found.near.items():
                hits.extend(_near_hits(code.near[ni], groups, ends))
        if found.unless:
            hits = [h for h in hits if not _cancelled(h, found.unless, code.unless_window)]
        if not hits:
            return None
        window = self.profile.negation_window
        marked = [
            (h, code.negation != "ignore" and is_negated(infos, h.pieces, window)) for h in hits
        ]
        plain = [h for h, negated in marked if not negated]
        if plain:
            chosen, negated = plain, False
        elif code.negation == "flag":
            chosen, negated = [h for h, _ in marked], True
        else:
            return None
        evidence = _evidence(chosen, seg, doc)
        return Suggestion(code.code, score(chosen), negated, evidence)


def _near_hits(rule: NearRule, groups: dict[int, list[Span]], ends: list[int]) -> list[_Hit]:
    """Smallest spans holding one hit of every group within ``rule.within`` tokens,
    inside one sentence (and in the order of the groups when ``rule.ordered``)."""
    if len(groups) < len(rule.groups):
        return []
    pieces = sorted((s, e, g) for g, spans in groups.items() for s, e in set(spans))
    hits: list[_Hit] = []
    covered_until = -1
    for index, (start, _, first_group) in enumerate(pieces):
        if start <= covered_until or (rule.ordered and first_group != 0):
            continue
        chosen: dict[int, Span] = {}
        for s, e, g in pieces[index:]:
            if s - start > rule.within:
                break
            if rule.ordered and g != len(chosen):
                continue
            if g not in chosen and all(s >= ce or e <= cs for cs, ce in chosen.values()):
                chosen[g] = (s, e)
            if len(chosen) == len(rule.groups):
                break
        if len(chosen) < len(rule.groups):
            continue
        spans = tuple(sorted(chosen.values()))
        first, last = spans[0][0], spans[-1][1] - 1
        after_first = bisect_left(ends, first)
        crosses = after_first < len(ends) and ends[after_first] < last
        if last - first <= rule.within and not crosses:
            hits.append(_Hit(rule.rule_id, "near", spans))
            covered_until = last
    return hits


def _cancelled(hit: _Hit, unless: list[Span], window: int) -> bool:
    return any(s <= hit.end - 1 + window and e - 1 >= hit.start - window for s, e in unless)


def _evidence(hits: list[_Hit], seg: Segment, doc: Any) -> tuple[Evidence, ...]:
    seen: dict[tuple[str, int, int], Evidence] = {}
    for hit in sorted(hits, key=lambda h: (h.start, h.rule)):
        if hit.chars is not None:
            start, end = hit.chars
        else:
            first, last = doc[hit.start], doc[hit.end - 1]
            start, end = first.idx, last.idx + len(last.text)
        key = (hit.rule, start, end)
        if key not in seen:
            seen[key] = Evidence(hit.rule, seg.text[start:end], seg.start + start, seg.start + end)
    return tuple(seen.values())


def score(hits: Sequence[_Hit]) -> float:
    """1 - prod(1 - w) over distinct hits; w by rule kind (WEIGHTS)."""
    remaining = 1.0
    for hit in {(h.rule, h.pieces): h for h in hits}.values():
        remaining *= 1.0 - WEIGHTS[hit.kind]
    return round(1.0 - remaining, 2)
