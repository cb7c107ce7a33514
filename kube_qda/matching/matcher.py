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
from kube_qda.matching.tokens import Batch, TokenAnalyzer
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

    def suggest(
        self, segments: Iterable[Segment], *, batch_chars: int = 200_000
    ) -> Iterator[SegmentSuggestions]:
        """Suggestions for each segment, in order. Interviewer segments are included,
        but only codes whose ``speakers`` allow them can be suggested there (and when
        none can, the segment is not even tokenised). Segments are analysed in
        batches of about ``batch_chars`` characters."""
        pending: list[Segment] = []
        size = 0
        for seg in segments:
            pending.append(seg)
            size += len(seg.text)
            if size >= batch_chars:
                yield from self._suggest_batch(pending)
                pending, size = [], 0
        if pending:
            yield from self._suggest_batch(pending)

    def _suggest_batch(self, segments: list[Segment]) -> Iterator[SegmentSuggestions]:
        active = [seg for seg in segments if any(self._eligible[seg.interviewer])]
        results: dict[int, list[Suggestion]] = {}
        if active:
            batch = self.analyzer.batch([seg.text for seg in active])
            per_segment = self._split_hits(batch, active)
            for k, seg in enumerate(active):
                results[id(seg)] = self._segment(k, seg, batch, per_segment.get(k, {}))
        for seg in segments:
            yield SegmentSuggestions(seg, tuple(results.get(id(seg), ())))

    def _split_hits(self, batch: Batch, active: list[Segment]) -> dict[int, dict[int, list[Span]]]:
        """Segment index -> term id -> token spans, from one pass over the batch."""
        per_segment: dict[int, dict[int, list[Span]]] = defaultdict(lambda: defaultdict(list))
        bounds = batch.bounds
        for t, spans in self.index.find(batch.infos, batch.positions).items():
            for span in spans:
                per_segment[bisect_right(bounds, span[0]) - 1][t].append(span)
        return per_segment

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
        self, k: int, seg: Segment, batch: Batch, found: dict[int, list[Span]]
    ) -> list[Suggestion]:
        eligible = self._eligible[seg.interviewer]
        hits: dict[int, list[Hit]] = defaultdict(list)
        unless: dict[int, list[Span]] = defaultdict(list)
        if found:
            self._term_hits(found, batch, eligible, hits, unless)
        if self._any_regex is not None and self._any_regex.search(seg.text):
            self._regex_hits(k, seg.text, batch, eligible, hits)
        if self._patterns is not None:
            for ci, hit in self._pattern_hits(k, batch):
                if eligible[ci]:
                    hits[ci].append(hit)
        out = []
        for ci, code_hits in hits.items():
            code = self.rules.codes[ci]
            if ci in unless:
                code_hits = [
                    h for h in code_hits if not cancelled(h, unless[ci], code.unless_window)
                ]
            suggestion = self._suggestion(code, code_hits, k, seg, batch)
            if suggestion is not None:
                out.append((ci, suggestion))
        out.sort(key=lambda item: (-item[1].score, item[0]))
        return [s for _, s in out]

    def _term_hits(
        self,
        found: dict[int, list[Span]],
        batch: Batch,
        eligible: list[bool],
        hits: dict[int, list[Hit]],
        unless: dict[int, list[Span]],
    ) -> None:
        index = self.index
        masks: dict[tuple[int, int], int] = defaultdict(int)
        for t, spans in found.items():
            for use in index.keyword_uses[t]:
                if eligible[use.code]:
                    hits[use.code].extend(Hit(use.rule, use.kind, (span,)) for span in spans)
            for ci in index.unless_uses[t]:
                unless[ci].extend(spans)
            for key, bits in index.near_bits[t]:
                masks[key] |= bits
        for key, mask in masks.items():
            if mask != index.near_full[key] or not eligible[key[0]]:
                continue
            ci, ni = key
            rule = self.rules.codes[ci].near[ni]
            groups: list[list[Span]] = [[] for _ in rule.groups]
            for t, spans in found.items():
                bits = index.near_bits_of(t, key)
                for gi in range(len(groups)):
                    if bits >> gi & 1:
                        groups[gi].extend(spans)
            hits[ci].extend(near_hits(rule, groups, batch.sentence_ends))

    def _regex_hits(
        self, k: int, text: str, batch: Batch, eligible: list[bool], hits: dict[int, list[Hit]]
    ) -> None:
        first_token, end_token = batch.bounds[k], batch.bounds[k + 1] - 1
        for ci, rule_id, pattern in self._regex:
            if not eligible[ci]:
                continue
            for m in pattern.finditer(text):
                if m.end() == m.start():
                    continue
                first = bisect_right(batch.idx, m.start(), first_token, end_token) - 1
                last = bisect_left(batch.idx, m.end(), first_token, end_token)
                first = max(first, first_token)
                span = (first, max(last, first + 1))
                hits[ci].append(Hit(rule_id, "regex", (span,), (m.start(), m.end())))

    def _pattern_hits(self, k: int, batch: Batch) -> Iterator[tuple[int, Hit]]:
        strings = self.analyzer.nlp.vocab.strings
        offset = batch.bounds[k]
        for match_id, start, end in self._patterns(batch.docs[k]):
            ci_text, rule_id = strings[match_id].split("|", 1)
            span = (offset + start, offset + end)
            yield int(ci_text), Hit(rule_id, "pattern", (span,))

    def _suggestion(
        self, code: CodeRules, hits: list[Hit], k: int, seg: Segment, batch: Batch
    ) -> Suggestion | None:
        if not hits:
            return None
        if code.negation == "ignore":
            chosen, negated = hits, False
        else:
            window = self.profile.negation_window
            plain = [h for h in hits if not is_negated(batch.infos, h.pieces, window)]
            if plain:
                chosen, negated = plain, False
            elif code.negation == "flag":
                chosen, negated = hits, True
            else:
                return None
        return Suggestion(code.code, score(chosen), negated, evidence(chosen, seg, batch))
