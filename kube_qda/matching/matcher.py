"""The pre-tagger: compiled codebook rules run over segments, one document at a time."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import regex

from kube_qda.codebook.model import Codebook
from kube_qda.errors import MatcherError
from kube_qda.matching.arrays import BoolArray, FloatArray, IntArray, pair_keys
from kube_qda.matching.compile import CodeRules, NearRule, compile_codebook
from kube_qda.matching.hits import (
    Hit,
    NearHit,
    Pieces,
    Span,
    cancelled,
    evidence,
    near_hits,
    near_pair_hits,
    score,
)
from kube_qda.matching.learned import LearnedModel, LearnedScorer, bundled_model
from kube_qda.matching.questions import NOTHING, AskedTopics, with_questions
from kube_qda.matching.rows import keyword_rows, near_rows, row_suggestions
from kube_qda.matching.suggestion import (
    Made,
    SegmentSuggestions,
    Suggestion,
    SuggestionRow,
    named,
)
from kube_qda.matching.terms import Occurrences, TermIndex
from kube_qda.matching.tokens import Batch, TokenAnalyzer
from kube_qda.text.profile import language_profile
from kube_qda.text.stem import WordStemmer
from kube_qda.transcripts.model import Segment, Transcript

#: Text of a batch -> code index -> its hits there.
HitsByText = dict[int, dict[int, list[Hit]]]
#: The question rules (code index, rule id) that a segment's question asks.
Asked = frozenset[tuple[int, str]]

#: Time budget of one regex rule on one segment (a catastrophic pattern cannot hang a run).
REGEX_SECONDS = 1.0


def _columns(pairs: Iterable[tuple[int, int]]) -> tuple[IntArray, IntArray]:
    """(texts, codes) of (text, code) pairs, as two arrays."""
    table = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    return table[:, 0], table[:, 1]


class Matcher:
    """Suggest codes for segments. Build once per codebook; reuse for many files."""

    def __init__(
        self, codebook: Codebook | None = None, *, model: LearnedModel | None | str = "default"
    ) -> None:
        """``model``: a learned model (matching/learned.py), None for the rules alone,
        or "default": the bundled model when the codebook is the bundled one's."""
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
        self._any_eligible = {flag: any(codes) for flag, codes in self._eligible.items()}
        self._regex = [
            (ci, rule_id, regex.compile(pattern, regex.IGNORECASE | regex.V0))
            for ci, code in enumerate(codes)
            for rule_id, pattern in code.regex
        ]
        #: each distinct pattern once, for the batch-wide pass (separate passes beat
        #: one alternation of them all: each can look for its own first characters)
        self._batch_regex = list({p.pattern: p for _, _, p in self._regex}.values())
        #: codes with a regex rule
        self._regex_codes = sorted({ci for ci, _, _ in self._regex})
        self._patterns = self._spacy_matcher()
        self._asked = AskedTopics(self.rules, self.analyzer)
        if model == "default":
            bundled = bundled_model()
            model = bundled if bundled.codebook == codebook.id else None
        self.learned = (
            LearnedScorer(model, codebook.code_ids(), self.stemmer)
            if isinstance(model, LearnedModel)
            else None
        )
        if self.learned:
            self.analyzer.use_features(self.learned.vocabulary)

    def _spacy_matcher(self) -> Any:
        if not any(code.patterns for code in self.rules.codes):
            return None
        from spacy.matcher import Matcher as SpacyMatcher

        matcher = SpacyMatcher(self.analyzer.vocab)
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
        batches of about ``batch_chars`` characters.

        Question rules read the interviewer's last segment before each informant
        segment of the same document, so pass a document's segments in order,
        interviewer segments included."""
        pending: list[Segment] = []
        #: per pending informant segment (by id): the question rules its question asks
        topics: dict[int, Asked] = {}
        #: per pending informant segment (by id): its question's part of the learned logits
        learned: dict[int, FloatArray] = {}
        size = 0
        questions = self._asked if self._asked else None
        scorer = self.learned
        for seg, question in with_questions(segments):
            if question is not None:  # both look-ups are cached per question text
                if questions is not None and (asked := questions(question)):
                    topics[id(seg)] = asked
                if scorer is not None:
                    learned[id(seg)] = scorer.question_logits(question)
            pending.append(seg)
            size += len(seg.text)
            if size >= batch_chars:
                yield from self._suggest_batch(pending, topics, learned)
                pending, size = [], 0
                topics, learned = {}, {}
        if pending:
            yield from self._suggest_batch(pending, topics, learned)

    def _suggest_batch(
        self, segments: list[Segment], topics: dict[int, Asked], learned: dict[int, FloatArray]
    ) -> Iterator[SegmentSuggestions]:
        eligible = self._any_eligible
        where = [i for i, seg in enumerate(segments) if eligible[seg.interviewer]]
        out: list[list[SuggestionRow]] = [[]] * len(segments)
        unsure: list[float | None] = [None] * len(segments)
        if where:
            active = [segments[i] for i in where]
            batch = self.analyzer.batch(
                [seg.text for seg in active], keep_docs=self._patterns is not None
            )
            made = self._batch_suggestions(active, batch, topics)
            if self.learned:
                questions = [learned.get(id(seg)) for seg in active]
                doubts = self.learned.apply(active, batch, questions, made, self._eligible[False])
                for k, doubt in enumerate(doubts.tolist()):
                    if not active[k].interviewer:
                        unsure[where[k]] = round(doubt, 3)
            for k, found in made.items():
                if len(found) > 1:  # by score (row[1]), then codebook order
                    found.sort(key=lambda item: (-item[1][1], item[0]))
                out[where[k]] = [row for _, row in found]
            del batch, made
        for seg, rows, doubt in zip(segments, out, unsure, strict=True):
            yield SegmentSuggestions(seg, tuple(map(named, rows)), doubt)

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

    def _batch_suggestions(
        self, active: list[Segment], batch: Batch, topics: dict[int, Asked]
    ) -> Made:
        """Text of the batch -> its (code index, suggestion row) pairs, unsorted.

        Keyword and proximity hits are rows of arrays for the whole batch
        (matching/rows.py); a (text, code) pair with nothing but such hits gets its
        suggestion from them there, every other pair (a pattern or regex hit, an
        ``unless`` term) from ``Hit`` objects in ``_segment``."""
        codes = self.rules.codes
        interviewer = np.array([seg.interviewer for seg in active], dtype="int64")
        eligible = np.array([self._eligible[False], self._eligible[True]], dtype=bool)
        found = self.index.find(batch.infos, batch.positions, batch.type_of)
        allowed = eligible[interviewer]  # per text and code
        rows = keyword_rows(self.index, found, batch, self._asked_table(active, topics), allowed)
        hits: HitsByText = defaultdict(lambda: defaultdict(list))
        for k, ci, hit in self._pattern_hits(batch):
            hits[k][ci].append(hit)
        near = self._proximity_hits(found, batch)
        if near:
            more = near_rows(self.index, near, batch)
            rows = rows.extend(more.take(allowed[more.text, more.code]))
        with_regex = self._regex_candidates(batch)
        n_codes = len(codes)
        slow = {(k, ci) for k, by_code in hits.items() for ci in by_code}
        if with_regex and self._regex_codes:
            slow.update((k, ci) for k in with_regex for ci in self._regex_codes)
        keys = pair_keys(rows.text, rows.code, n_codes)
        slow_keys = pair_keys(*_columns(slow), n_codes)
        unless = self._unless(found, batch, np.concatenate([keys, slow_keys]), n_codes)
        per_hit = self._decided_hit_by_hit(keys, slow_keys, unless, n_codes)
        for k, ci, hit in rows.take(per_hit).hits(self.index, near):
            hits[k][ci].append(hit)
        made = row_suggestions(
            rows.take(~per_hit),
            self.index,
            codes,
            [seg.text for seg in active],
            [seg.start for seg in active],
        )
        for k in hits.keys() | with_regex:
            seg = active[k]
            found_here = self._segment(k, seg, batch, hits.get(k), unless.get(k), k in with_regex)
            if found_here:
                made.setdefault(k, []).extend(found_here)
        return made

    def _decided_hit_by_hit(
        self,
        keys: IntArray,
        slow_keys: IntArray,
        unless: dict[int, dict[int, list[Span]]],
        n_codes: int,
    ) -> BoolArray:
        """Per row of keyword and proximity hits (``keys``: its (text, code) pair, see
        ``pair_keys``): whether its pair is decided from ``Hit`` objects rather than
        from rows, because the pair also has a pattern or regex hit (``slow_keys``) or
        an ``unless`` term nearby."""
        per_hit = np.isin(keys, slow_keys)
        if unless:
            near_unless = [(k, ci) for k in unless for ci in unless[k]]
            per_hit |= np.isin(keys, pair_keys(*_columns(near_unless), n_codes))
        return per_hit

    def _asked_table(self, active: list[Segment], topics: dict[int, Asked]) -> BoolArray:
        """Per question rule (row) and text of the batch (column): whether the text
        follows a question that asks it (numpy booleans)."""
        rules = self.index.question_rules
        table = np.zeros((len(rules), len(active)), dtype=bool)
        if topics:
            for k, seg in enumerate(active):
                for rule in topics.get(id(seg), NOTHING):
                    row = rules.get(rule)
                    if row is not None:
                        table[row, k] = True
        return table

    def _unless(
        self, found: Occurrences, batch: Batch, keys: IntArray, n_codes: int
    ) -> dict[int, dict[int, list[Span]]]:
        """The ``unless`` terms of the batch as text -> code -> spans, only where the
        code has a hit in that text (``keys``: the ``pair_keys`` of every hit)."""
        occurrence, use = found.uses(self.index.unless_ptr)
        unless: dict[int, dict[int, list[Span]]] = {}
        if not len(use):
            return unless
        starts = found.start[occurrence]
        text, code = np.asarray(batch.segment_of)[starts], self.index.unless_code[use]
        wanted = np.isin(pair_keys(text, code, n_codes), keys)
        rows = zip(
            text[wanted].tolist(),
            code[wanted].tolist(),
            starts[wanted].tolist(),
            found.end[occurrence][wanted].tolist(),
            strict=True,
        )
        for k, ci, start, end in rows:
            unless.setdefault(k, {}).setdefault(ci, []).append((start, end))
        return unless

    def _proximity_hits(self, found: Occurrences, batch: Batch) -> list[NearHit]:
        """Every proximity hit of the batch. The rules of two
        groups are searched all at once (``near_pair_hits``), the others one by one,
        only in the sentences (or texts) where each of their groups occurs."""
        index, segment_of = self.index, batch.segment_of
        near_found: list[NearHit] = []
        occurrence, use = found.uses(index.near_ptr)
        if not len(use):
            return near_found
        rule, group = index.near_rule[use], index.near_group[use]
        start, end = found.start[occurrence], found.end[occurrence]
        #: where a hit may not cross: sentence ends, or (across sentences) text ends;
        #: each as (unit of every token, unit ends as numpy, the same as a sequence)
        text_ends = [bound - 1 for bound in batch.bounds[1:]]
        sentences: Units = (
            batch.sentence_of,
            np.asarray(batch.sentence_ends),
            batch.sentence_ends,
        )
        texts: Units = (np.asarray(segment_of), np.asarray(text_ends), text_ends)
        pair = index.near_groups[rule] == 2
        for across, units in ((False, sentences), (True, texts)):
            here = pair & (index.near_across[rule] == across)
            if not here.any():
                continue
            first, second = here & (group == 0), here & (group == 1)
            by_rule = near_pair_hits(
                index.near_rules,
                (rule[first], start[first], end[first]),
                (rule[second], start[second], end[second]),
                units[1],
                len(segment_of),
            )
            for number, rule_hits in by_rule.items():
                ci = int(index.near_code[number])
                near_found.extend((ci, number, pieces) for pieces in rule_hits)
        for number in np.unique(rule[~pair]).tolist():  # three groups or more
            near_rule = index.near_rules[number]
            mine = rule == number
            in_groups = [
                (start[mine & (group == gi)], end[mine & (group == gi)])
                for gi in range(len(near_rule.groups))
            ]
            units = texts if near_rule.across_sentences else sentences
            ci = int(index.near_code[number])
            found_here = _search_each(near_rule, in_groups, units)
            near_found.extend((ci, number, pieces) for pieces in found_here)
        return near_found

    def _segment(
        self,
        k: int,
        seg: Segment,
        batch: Batch,
        hits: dict[int, list[Hit]] | None,
        unless: dict[int, list[Span]] | None,
        regex_hit: bool,
    ) -> list[tuple[int, SuggestionRow]]:
        if not hits and not regex_hit:
            return []
        eligible = self._eligible[seg.interviewer]
        hits = hits if hits is not None else defaultdict(list)
        if regex_hit:
            self._regex_hits(k, seg, batch, eligible, hits)
        out = []
        for ci, code_hits in hits.items():
            if not eligible[ci]:
                continue
            code = self.rules.codes[ci]
            if unless and ci in unless:
                code_hits = [
                    h for h in code_hits if not cancelled(h, unless[ci], code.unless_window)
                ]
            suggestion = self._suggestion(code, code_hits, seg, batch)
            if suggestion is not None:
                out.append((ci, suggestion))
        return out

    def _regex_candidates(self, batch: Batch) -> set[int]:
        """The texts of the batch where some regex rule may match: one pass of each
        distinct pattern over the joined text (under the time budget). A match that runs
        across texts marks every text it touches; the per-rule pass then decides."""
        starts = batch.starts
        found: set[int] = set()
        try:
            for pattern in self._batch_regex:
                for m in pattern.finditer(batch.text, timeout=REGEX_SECONDS):
                    first = bisect_right(starts, m.start()) - 1
                    last = bisect_right(starts, max(m.end() - 1, m.start())) - 1
                    found.update(range(first, last + 1))
            return found
        except TimeoutError:  # let the per-rule pass find (and name) the slow rule
            return set(range(len(starts) - 1))

    def _regex_hits(
        self, k: int, seg: Segment, batch: Batch, eligible: list[bool], hits: dict[int, list[Hit]]
    ) -> None:
        first_token, end_token = batch.bounds[k], batch.bounds[k + 1] - 1
        for ci, rule_id, pattern in self._regex:
            if not eligible[ci]:
                continue
            try:
                matches = list(pattern.finditer(seg.text, timeout=REGEX_SECONDS))
            except TimeoutError:
                raise MatcherError(
                    f"{self.rules.codes[ci].code}: rule {rule_id} took longer than "
                    f"{REGEX_SECONDS:g} s on {seg.document}#{seg.index}; simplify the regex "
                    "(nested repetition such as (a+)+ can take forever)"
                ) from None
            for m in matches:
                if m.end() == m.start():
                    continue
                first = bisect_right(batch.idx, m.start(), first_token, end_token) - 1
                last = bisect_left(batch.idx, m.end(), first_token, end_token)
                first = max(first, first_token)
                span = (first, max(last, first + 1))
                hits[ci].append(Hit(rule_id, "regex", (span,), (m.start(), m.end())))

    def _pattern_hits(self, batch: Batch) -> Iterator[tuple[int, int, Hit]]:
        """spaCy token pattern hits as (text, code, hit); a match that would take
        in the boundary between two texts is dropped."""
        if self._patterns is None:
            return
        strings = self.analyzer.vocab.strings
        bounds = batch.bounds
        for doc, offset in batch.docs:
            for match_id, start, end in self._patterns(doc):
                span = (offset + start, offset + end)
                k = bisect_right(bounds, span[0]) - 1
                if span[1] <= bounds[k + 1] - 1:
                    ci_text, rule_id = strings[match_id].split("|", 1)
                    yield k, int(ci_text), Hit(rule_id, "pattern", (span,))

    def _suggestion(
        self, code: CodeRules, hits: list[Hit], seg: Segment, batch: Batch
    ) -> SuggestionRow | None:
        if not hits:
            return None
        if code.negation == "ignore":
            chosen, negated = hits, False
        else:
            is_negated = batch.negation.negated
            plain = [
                h for h in hits if not (is_negated(h.pieces) if h.negated is None else h.negated)
            ]
            if plain:
                chosen, negated = plain, False
            elif code.negation == "flag":
                chosen, negated = hits, True
            else:
                return None
        return (code.code, score(chosen), negated, evidence(chosen, seg, batch))


#: How a batch is cut into units for proximity (sentences, or whole texts): the unit of
#: every token, the units' last tokens as an array, and the same as a sequence.
Units = tuple[IntArray, IntArray, Sequence[int]]


def _search_each(
    rule: NearRule, in_groups: list[tuple[IntArray, IntArray]], units: Units
) -> list[Pieces]:
    """``near_hits`` of one rule, given its groups' occurrences (token starts and
    ends, numpy) and its units (unit of every token, unit ends as numpy and as a
    sequence), looking only at the units where every group occurs."""
    unit_of, unit_ends, unit_ends_seq = units
    if not all(len(first) for first, _ in in_groups):
        return []
    unit = [unit_of[first] for first, _ in in_groups]
    common = np.ones(len(unit_ends) + 1, dtype=bool)
    for where in unit:  # the sentences (texts) where every group occurs
        present = np.zeros_like(common)
        present[where] = True
        common &= present
    if not common.any():
        return []
    group_spans = []
    for (first, until), where in zip(in_groups, unit, strict=True):
        keep = common[where]
        group_spans.append(list(zip(first[keep].tolist(), until[keep].tolist(), strict=True)))
    return near_hits(rule, group_spans, unit_ends_seq)
