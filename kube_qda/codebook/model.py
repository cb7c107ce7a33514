"""The codebook as typed data (docs/codebook.md).

Every field is declared once here, with its default and a one-line
description; ``docs/codebook.md`` documents the same fields and a test keeps
the two in step. Validation of single values lives here; checks that need the
whole codebook (duplicate ids, spaCy token patterns) are in ``validate.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: A keyword term: words separated by spaces; ``=word`` exact form, ``word*`` prefix.
TERM_WORD_RE = re.compile(r"^=?[^\s=*]+\*?$")

Speakers = Literal["informant", "interviewer", "any"]
Negation = Literal["flag", "suppress", "ignore"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_term(term: str) -> str:
    """Validate one keyword/phrase term and return it stripped."""
    term = " ".join(term.split())
    if not term:
        raise ValueError("a keyword must not be empty")
    for word in term.split(" "):
        if word.startswith("=") and word.endswith("*"):
            raise ValueError(f"'{word}': a word is either exact (=word) or a prefix (word*)")
        if not TERM_WORD_RE.match(word) or word in {"=", "*"}:
            raise ValueError(f"'{word}': '=' may only start a word and '*' may only end it")
    return term


def _as_list(value: Any) -> Any:
    """Accept a single string where a list of strings is expected."""
    return [value] if isinstance(value, str) else value


def _check_color(value: str | None) -> str | None:
    if value is not None and not COLOR_RE.match(value):
        raise ValueError(f"colour {value!r} must look like #RRGGBB")
    return value


def _check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError(
            f"id {value!r} must be lower case letters, digits and _ and start with a letter"
        )
    return value


def _check_regex(pattern: str) -> str:
    import regex

    try:
        regex.compile(pattern, regex.V0)
    except regex.error as err:
        raise ValueError(f"regex {pattern!r} does not compile: {err}") from None
    return pattern


#: A list of strings where a single string is also accepted.
StrList = Annotated[list[str], BeforeValidator(_as_list)]
Color = Annotated[str | None, AfterValidator(_check_color)]
Id = Annotated[str, AfterValidator(_check_id)]
Term = Annotated[str, AfterValidator(check_term)]
TermList = Annotated[list[Term], BeforeValidator(_as_list)]
Regex = Annotated[str, AfterValidator(_check_regex)]


class Proximity(_Model):
    """All groups must occur within ``within`` tokens of each other."""

    groups: list[Annotated[list[Term], Field(min_length=1)]] = Field(
        min_length=2, description="two or more term groups; one term of each must occur"
    )
    within: int = Field(6, ge=1, le=50, description="the largest span in tokens")
    ordered: bool = Field(False, description="the groups must occur in the order given")
    across_sentences: bool = Field(
        False, description="the groups may be in different sentences of the segment"
    )


class Question(_Model):
    """Structural coding: an answer to the interviewer's question about the code's topic.

    Fires on a segment when the interviewer's last turn before it (same document)
    contains one of ``asked`` and the segment itself contains one of ``answer``
    (not negated, unless the code's ``negation`` says otherwise)."""

    asked: TermList = Field(
        min_length=1, description="terms of the interviewer's question that name the topic"
    )
    answer: TermList = Field(
        min_length=1, description="terms of the answer that make it a statement on the topic"
    )


class Match(_Model):
    """How the pre-tagger finds a code; every rule kind is optional."""

    keywords: TermList = Field(
        default_factory=list,
        description="words or phrases, matched on normalised stems; =word exact, word* prefix",
    )
    patterns: list[list[dict[str, Any]]] = Field(
        default_factory=list, description="spaCy Matcher token patterns (lists of token dicts)"
    )
    regex: list[Regex] = Field(
        default_factory=list, description="Python regular expressions, case-insensitive"
    )
    near: list[Proximity] = Field(
        default_factory=list, description="proximity rules: all groups within N tokens"
    )
    question: list[Question] = Field(
        default_factory=list,
        description="question rules: a topic asked about and an answer term in the segment",
    )
    unless: TermList = Field(
        default_factory=list, description="terms that cancel a hit when they occur nearby"
    )
    unless_window: int = Field(
        4, ge=1, le=50, description="how many tokens around a hit `unless` looks"
    )
    speakers: Speakers = Field(
        "informant", description="whose turns may get the code: informant, interviewer, any"
    )
    negation: Negation = Field(
        "flag", description="a negated hit: flag (keep, marked), suppress (drop), ignore"
    )

    def has_rules(self) -> bool:
        return bool(self.keywords or self.patterns or self.regex or self.near or self.question)


class Code(_Model):
    """One code of the codebook."""

    id: str = Field(description="lower-case id, unique in its category; the full id is category.id")
    label: str = Field(description="short name shown to coders")
    gloss: str = Field("", description="English gloss of the label")
    definition: str = Field(description="what the code means")
    include: StrList = Field(default_factory=list, description="inclusion criteria")
    exclude: StrList = Field(default_factory=list, description="exclusion criteria")
    examples: StrList = Field(default_factory=list, description="example quotes")
    color: Color = Field(None, description="display colour as #RRGGBB")
    guid: str | None = Field(None, description="REFI-QDA GUID kept from an imported codebook")
    match: Match = Field(default_factory=Match, description="match rules (see below)")

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        _check_id(value.rsplit(".", 1)[-1])
        return value


class Category(_Model):
    """A group of codes (a theme)."""

    id: Id = Field(description="lower-case id, the prefix of its codes' ids")
    label: str = Field(description="short name")
    gloss: str = Field("", description="English gloss of the label")
    description: str = Field("", description="what the category covers")
    color: Color = Field(None, description="display colour as #RRGGBB")
    guid: str | None = Field(None, description="REFI-QDA GUID kept from an imported codebook")
    codes: list[Code] = Field(description="the codes of this category")

    @model_validator(mode="after")
    def _code_prefix(self) -> Category:
        for code in self.codes:
            if "." in code.id and code.id.rsplit(".", 1)[0] != self.id:
                raise ValueError(
                    f"code id {code.id!r} is written with a prefix other than "
                    f"its category {self.id!r}"
                )
        return self


class Profile(_Model):
    """Language profile; merged over the built-in Indonesian/Javanese profile."""

    normalize: dict[str, str] = Field(
        default_factory=dict, description="colloquial or Javanese form -> standard form"
    )
    negation_words: list[str] = Field(
        default_factory=list, description="extra words that negate what follows"
    )
    negation_window: int | None = Field(
        None, ge=1, le=10, description="tokens before a hit searched for a negator"
    )
    negation_skip: list[str] = Field(
        default_factory=list, description="fillers skipped when looking for a negator"
    )
    no_stem: list[str] = Field(
        default_factory=list,
        description="words matched by their own form, never by their (common) stem",
    )


class Codebook(_Model):
    """A whole codebook: metadata, optional language profile, categories."""

    id: Id = Field(description="lower-case id of the codebook")
    title: str = Field(description="title of the study or codebook")
    version: str = Field("1.0", description="version of the codebook")
    language: str = Field("id", description="language code (id = Indonesian)")
    authors: StrList = Field(default_factory=list, description="authors")
    source: str = Field("", description="the study or publication it comes from")
    description: str = Field("", description="what the codebook is for")
    profile: Profile = Field(default_factory=Profile, description="language profile")
    categories: list[Category] = Field(min_length=1, description="the categories")

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value

    def codes(self) -> Iterator[tuple[Category, Code]]:
        """Every code with its category, in codebook order."""
        for category in self.categories:
            for code in category.codes:
                yield category, code

    def code_ids(self) -> list[str]:
        return [full_id(cat, code) for cat, code in self.codes()]

    def code(self, code_id: str) -> Code:
        """The code with this full id; raises UnknownCode."""
        from kube_qda.errors import UnknownCode

        for cat, code in self.codes():
            if full_id(cat, code) == code_id:
                return code
        raise UnknownCode(f"unknown code {code_id!r} (not in codebook {self.id!r})")


def full_id(category: Category, code: Code) -> str:
    """``category.code``, whether or not the YAML wrote the prefix."""
    return code.id if "." in code.id else f"{category.id}.{code.id}"
