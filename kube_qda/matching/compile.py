"""Compile a codebook's match rules into plain pattern data.

Rules are data: every keyword, ``unless`` and ``near`` term becomes one or more
*sequences of word predicates*; a word predicate is ``("stem", s)``,
``("exact", form)`` or ``("prefix", p)``. The matcher evaluates predicates once
per word type, so matching a token costs one dictionary lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kube_qda.codebook.model import Code, Codebook, full_id
from kube_qda.text.stem import WordStemmer

Predicate = tuple[str, str]  # (kind, value): stem / exact / prefix

#: Weight of one piece of evidence by rule kind (see docs/matching.md, "Score").
WEIGHTS = {
    "word": 0.4,
    "phrase": 0.6,
    "near": 0.6,
    "pattern": 0.6,
    "regex": 0.5,
    "question": 0.3,
}


@dataclass(frozen=True)
class Term:
    """A compiled term: alternative predicate-id sequences (hyphen and spaced forms)."""

    text: str
    alternatives: tuple[tuple[int, ...], ...]

    @property
    def kind(self) -> str:
        return (
            "phrase" if max(len(a) for a in self.alternatives) > 1 or " " in self.text else "word"
        )


@dataclass(frozen=True)
class NearRule:
    rule_id: str
    groups: tuple[tuple[Term, ...], ...]
    within: int
    ordered: bool = False
    across_sentences: bool = False  # else one sentence holds the whole hit


@dataclass(frozen=True)
class QuestionRule:
    """Answer terms that count only after a question that asked one of ``asked``."""

    rule_id: str
    asked: tuple[Term, ...]
    answer: tuple[Term, ...]


@dataclass
class CodeRules:
    """Everything the matcher needs for one code."""

    code: str
    speakers: str
    negation: str
    keywords: list[tuple[str, Term]] = field(default_factory=list)  # (rule id, term)
    near: list[NearRule] = field(default_factory=list)
    regex: list[tuple[str, str]] = field(default_factory=list)  # (rule id, pattern)
    patterns: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    question: list[QuestionRule] = field(default_factory=list)
    unless: list[Term] = field(default_factory=list)
    unless_window: int = 4


@dataclass
class CompiledRules:
    """A whole codebook compiled: predicate table and per-code rules."""

    predicates: list[Predicate]
    codes: list[CodeRules]
    #: predicate ids that are the first word of some term
    starting: frozenset[int] = frozenset()
    #: predicate ids that are the second word of some multi-word term
    seconds: frozenset[int] = frozenset()


def compile_term(text: str, stemmer: WordStemmer) -> tuple[list[Predicate], Term]:
    """One term in the codebook's syntax (``jual``, ``=harga``, ``susah laku``, ``tak*``)
    compiled alone: its predicates (a term's predicate ids index this list) and the term."""
    compiler = _Compiler(stemmer)
    term = compiler.term(text)
    return list(compiler.predicates), term


class _Compiler:
    def __init__(self, stemmer: WordStemmer) -> None:
        self.stemmer = stemmer
        self.predicates: dict[Predicate, int] = {}

    def pid(self, predicate: Predicate) -> int:
        return self.predicates.setdefault(predicate, len(self.predicates))

    def word(self, word: str) -> Predicate:
        if word.startswith("="):
            return ("exact", word[1:].lower())
        if word.endswith("*"):
            return ("prefix", word[:-1].lower())
        return ("stem", self.stemmer.stem(word.lower()))

    def term(self, text: str) -> Term:
        words = text.split()
        preds = [self.word(w) for w in words]
        alternatives = [tuple(self.pid(p) for p in preds)]
        if len(words) > 1 and all(kind == "stem" for kind, _ in preds):
            joined = ("stem", "-".join(value for _, value in preds))  # "simpan-pinjam"
            alternatives.append((self.pid(joined),))
        if len(words) == 1 and preds[0][0] == "stem" and "-" in words[0].strip("-"):
            parts = [p for p in words[0].split("-") if p]
            if len(parts) > 1 and len(set(parts)) > 1:  # not a reduplication
                alternatives.append(tuple(self.pid(self.word(p)) for p in parts))
        if any("-" in w.strip("=*-") for w in words):
            # spaCy splits a hyphenated word it has no exception for: rasan - rasan
            split = [pid for w in words for pid in self._split_hyphen(w)]
            alternatives.append(tuple(split))
        return Term(text, tuple(dict.fromkeys(alternatives)))

    def _split_hyphen(self, word: str) -> list[int]:
        """A term word as the tokens spaCy makes of it when it splits at hyphens:
        each part (the word's kind kept: exact, prefix or stem) and the hyphen."""
        core = word.strip("=*-")
        if "-" not in core:
            return [self.pid(self.word(word))]
        parts = core.split("-")
        out: list[int] = []
        for i, part in enumerate(parts):
            if i:
                out.append(self.pid(("exact", "-")))
            if not part:
                continue
            if word.startswith("="):
                part = "=" + part
            if word.endswith("*") and i == len(parts) - 1:
                part += "*"
            out.append(self.pid(self.word(part)))
        return out

    def code(self, code_id: str, code: Code) -> CodeRules:
        match = code.match
        rules = CodeRules(
            code_id, match.speakers, match.negation, unless_window=match.unless_window
        )
        rules.keywords = [(f"keyword:{t}", self.term(t)) for t in match.keywords]
        rules.unless = [self.term(t) for t in match.unless]
        for rule in match.near:
            groups = tuple(tuple(self.term(t) for t in group) for group in rule.groups)
            name = "+".join(group[0] for group in rule.groups)
            rules.near.append(
                NearRule(f"near:{name}", groups, rule.within, rule.ordered, rule.across_sentences)
            )
        for n, question in enumerate(match.question):
            asked = tuple(self.term(t) for t in question.asked)
            answer = tuple(self.term(t) for t in question.answer)
            rule_id = f"question:{question.asked[0]}"
            if any(q.rule_id == rule_id for q in rules.question):  # ids tell rules apart
                rule_id += f"#{n + 1}"
            rules.question.append(QuestionRule(rule_id, asked, answer))
        rules.regex = [(f"regex:{p}", p) for p in match.regex]
        rules.patterns = [(f"pattern:{i + 1}", p) for i, p in enumerate(match.patterns)]
        return rules


def compile_codebook(codebook: Codebook, stemmer: WordStemmer) -> CompiledRules:
    """Compile every code's rules; ``stemmer`` must use the codebook's profile."""
    compiler = _Compiler(stemmer)
    codes = [compiler.code(full_id(cat, code), code) for cat, code in codebook.codes()]
    terms = [t for c in codes for t in _terms_of(c)]
    starting = frozenset(alt[0] for t in terms for alt in t.alternatives)
    seconds = frozenset(alt[1] for t in terms for alt in t.alternatives if len(alt) > 1)
    return CompiledRules(list(compiler.predicates), codes, starting, seconds)


def _terms_of(code: CodeRules) -> list[Term]:
    near = [t for rule in code.near for group in rule.groups for t in group]
    answers = [t for rule in code.question for t in rule.answer]
    return [t for _, t in code.keywords] + near + answers + list(code.unless)
