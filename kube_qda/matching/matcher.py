"""The pre-tagger: compiled codebook rules run over segments, one document at a time."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kube_qda.codebook.model import Codebook
from kube_qda.matching.compile import CodeRules, compile_codebook
from kube_qda.matching.hits import Hit, Span, cancelled, evidence, near_hits, score
from kube_qda.matching.negation import is_negated
from kube_qda.matching.suggestion import SegmentSuggestions, Suggestion
from kube_qda.matching.terms import TermIndex
from kube_qda.matching.tokens import TokenAnalyzer, TokenView
from kube_qda.text.profile import language_profile
from kube_qda.text.stem import WordStemmer
from kube_qda.transcripts.model import Segment, Transcript


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
        self.index = TermIndex(self.rules)
        codes = self.rules.codes
        #: which codes may be suggested for an informant (False) / interviewer (True) segment
        self._eligible = {
            flag: [c.speakers == "any" or (c.speakers == "interviewer") == flag for c in codes]
            for flag in (False, True)
        }
        self._regex = [
            (ci, rule_id, re.compile(pattern, re.IGNORECASE))
            for ci, code in enumerate(codes)
            for rule_id, pattern in code.regex
        ]
        self._any_regex = (
            re.compile("|".join(f"(?:{p.pattern})" for _, _, p in self._regex), re.IGNORECASE)
            if self._regex
            else None
        )
        self._patterns = self._spacy_matcher()

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
        """Suggestions for each segment, in order. Interviewer segments are included,
        but only codes whose ``speakers`` allow them can be suggested there (and when
        none can, the segment is not even tokenised)."""
        segments = list(segments)
        active = [seg for seg in segments if any(self._eligible[seg.interviewer])]
        analysed = self.analyzer.analyse(seg.text for seg in active)
        results = {
            id(seg): tuple(self._segment(seg, *tokens))
            for seg, tokens in zip(active, analysed, strict=True)
        }
        for seg in segments:
            yield SegmentSuggestions(seg, results.get(id(seg), ()))

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

    def _segment(
        self, seg: Segment, doc: Any, infos: TokenView, positions: list[int]
    ) -> list[Suggestion]:
        eligible = self._eligible[seg.interviewer]
        hits: dict[int, list[Hit]] = defaultdict(list)
        unless: dict[int, list[Span]] = defaultdict(list)
        if positions:
            self._term_hits(infos, positions, eligible, hits, unless)
        if self._any_regex is not None and self._any_regex.search(seg.text):
            self._regex_hits(seg.text, doc, eligible, hits)
        if self._patterns is not None:
            for match_id, start, end in self._patterns(doc):
                ci_text, rule_id = self.analyzer.nlp.vocab.strings[match_id].split("|", 1)
                if eligible[int(ci_text)]:
                    hits[int(ci_text)].append(Hit(rule_id, "pattern", ((start, end),)))
        out = []
        for ci, code_hits in hits.items():
            code = self.rules.codes[ci]
            if ci in unless:
                code_hits = [
                    h for h in code_hits if not cancelled(h, unless[ci], code.unless_window)
                ]
            suggestion = self._suggestion(code, code_hits, seg, doc, infos)
            if suggestion is not None:
                out.append((ci, suggestion))
        out.sort(key=lambda item: (-item[1].score, item[0]))
        return [s for _, s in out]

    def _term_hits(
        self,
        infos: TokenView,
        positions: list[int],
        eligible: list[bool],
        hits: dict[int, list[Hit]],
        unless: dict[int, list[Span]],
    ) -> None:
        index = self.index
        found = index.find(infos, positions)
        masks: dict[tuple[int, int], int] = defaultdict(int)
        for t, spans in found.items():
            for use in index.keyword_uses[t]:
                if eligible[use.code]:
                    hits[use.code].extend(Hit(use.rule, use.kind, (span,)) for span in spans)
            for ci in index.unless_uses[t]:
                unless[ci].extend(spans)
            for key, bits in index.near_bits[t].items():
                masks[key] |= bits
        for key, mask in masks.items():
            if mask != index.near_full[key] or not eligible[key[0]]:
                continue
            ci, ni = key
            rule = self.rules.codes[ci].near[ni]
            groups: list[list[Span]] = [[] for _ in rule.groups]
            for t, spans in found.items():
                bits = index.near_bits[t].get(key, 0)
                for gi in range(len(groups)):
                    if bits >> gi & 1:
                        groups[gi].extend(spans)
            hits[ci].extend(near_hits(rule, groups, infos.sentence_ends))

    def _regex_hits(
        self, text: str, doc: Any, eligible: list[bool], hits: dict[int, list[Hit]]
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
                hits[ci].append(Hit(rule_id, "regex", ((first, last),), (m.start(), m.end())))

    def _suggestion(
        self, code: CodeRules, hits: list[Hit], seg: Segment, doc: Any, infos: TokenView
    ) -> Suggestion | None:
        if not hits:
            return None
        if code.negation == "ignore":
            chosen, negated = hits, False
        else:
            window = self.profile.negation_window
            plain = [h for h in hits if not is_negated(infos, h.pieces, window)]
            if plain:
                chosen, negated = plain, False
            elif code.negation == "flag":
                chosen, negated = hits, True
            else:
                return None
        return Suggestion(code.code, score(chosen), negated, evidence(chosen, seg, doc))
