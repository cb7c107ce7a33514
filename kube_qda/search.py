"""Searching a project or transcript files (``kube-qda search``): segments analysed
by the pre-tagger's analyser, matched by analysis/search.py.

A project keeps every segment's analysed tokens (``token_cache``), keyed by the
analyser's version (kube-qda, spaCy, PySastrawi, the language profile): the first
search analyses (and loads spaCy), the next ones read the tokens back and need
neither spaCy nor the analyser.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from typing import TYPE_CHECKING, Any

from kube_qda import __version__
from kube_qda.analysis.search import Alternatives, Query, Token, find, parse_query
from kube_qda.codebook.model import Codebook

if TYPE_CHECKING:
    from kube_qda.project import Project
    from kube_qda.transcripts.model import Segment


@dataclass(frozen=True)
class Found:
    """A segment with the query's matches in it (character spans in its text)."""

    document: str
    segment: int
    speaker: str | None
    attributes: dict[str, str]
    text: str
    spans: tuple[tuple[int, int], ...]


def analyser_key(codebook: Codebook) -> str:
    """What the tokens depend on: the versions of kube-qda, spaCy and PySastrawi, the
    built-in language data and the codebook's own profile."""
    data = (resources.files("kube_qda") / "data" / "indonesian.yaml").read_bytes()
    profile = json.dumps(codebook.profile.model_dump() if codebook.profile else None)
    digest = hashlib.sha256(data + profile.encode("utf-8")).hexdigest()[:16]
    versions = [metadata.version(name) for name in ("spacy", "PySastrawi")]
    return f"kube-qda {__version__}, spaCy {versions[0]}, PySastrawi {versions[1]}, {digest}"


def compile_query(text: str, codebook: Codebook) -> Query:
    """The query with the codebook's language profile; ValueError when malformed."""
    from kube_qda.matching.compile import compile_term
    from kube_qda.text.profile import language_profile
    from kube_qda.text.stem import WordStemmer

    stemmer = WordStemmer(language_profile(codebook.profile))

    def alternatives(term: str) -> Alternatives:
        predicates, compiled = compile_term(term, stemmer)
        return tuple(tuple(predicates[p] for p in seq) for seq in compiled.alternatives)

    return parse_query(text, alternatives)


def analyse(codebook: Codebook, segments: Sequence[Segment]) -> list[list[Token]]:
    """Each segment's tokens, read by the pre-tagger's analyser (loads spaCy)."""
    from kube_qda.matching import Matcher

    if not segments:
        return []
    analyzer = Matcher(codebook, model=None).analyzer
    batch = analyzer.batch([s.text for s in segments])
    out = []
    for k, segment in enumerate(segments):
        tokens = []
        for t in range(batch.bounds[k], batch.bounds[k + 1] - 1):
            start, info = int(batch.idx[t]), batch.infos[t]
            end = start + int(batch.length[t])
            tokens.append((start, end, segment.text[start:end].lower(), info.norm, info.stem))
        out.append(tokens)
    return out


def project_tokens(project: Project, rows: Sequence[Any]) -> dict[int, list[Token]]:
    """Segment id -> tokens for ``rows`` (segment rows), from the cache where it has
    them; the others are analysed and cached."""
    codebook = project.codebook
    key = analyser_key(codebook)
    cached = project.cached_tokens(key)
    out: dict[int, list[Token]] = {
        row.id: [tuple(t) for t in json.loads(cached[row.id])] for row in rows if row.id in cached
    }
    missing = [row for row in rows if row.id not in cached]
    if missing:
        made = dict(
            zip(
                [row.id for row in missing],
                analyse(codebook, [r.as_segment() for r in missing]),
                strict=True,
            )
        )
        project.cache_tokens(key, {segment_id: json.dumps(t) for segment_id, t in made.items()})
        out.update(made)
    return out


def search_segments(
    query: Query, segments: Sequence[tuple[Any, dict[str, str], list[Token]]]
) -> list[Found]:
    """(segment row or Segment, document attributes, tokens) -> the segments it matches."""
    found = []
    for segment, attributes, tokens in segments:
        spans = find(tokens, query)
        if spans:
            found.append(
                Found(
                    segment.document,
                    segment.index,
                    segment.speaker,
                    attributes,
                    segment.text,
                    tuple(spans),
                )
            )
    return found
