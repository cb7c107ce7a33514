"""Lint warnings about rules that will misfire."""

from __future__ import annotations

from kube_qda import codebook_from_text
from kube_qda.codebook.lint import lint_messages

HEAD = """
id: study
title: A study
categories:
  - id: cat
    label: Category
    codes:
"""


def lint(codes: str) -> list[str]:
    codebook = codebook_from_text(HEAD + codes)
    return [message for _, message in lint_messages(codebook)]


def code(code_id: str, match: str) -> str:
    return f"""
      - id: {code_id}
        label: L
        definition: D
        match:
{match}"""


def test_clean_code_has_no_warnings() -> None:
    assert lint(code("a", "          keywords: [latih, '=kas', 'jual*']")) == []


def test_common_stem_keyword() -> None:
    assert lint(code("a", "          keywords: [pendapatan, dipakai]")) == [
        "cat.a: keyword 'dipakai' is matched by its stem 'pakai', a very common word; "
        "write '=dipakai' or add it to profile.no_stem",
    ]  # pendapatan is in the built-in no_stem list, so it is matched by its form


def test_common_stem_silenced_by_profile_no_stem() -> None:
    text = HEAD.replace("categories:", "profile:\n  no_stem: [dipakai]\ncategories:")
    codebook = codebook_from_text(text + code("a", "          keywords: [dipakai]"))
    assert lint_messages(codebook) == []


def test_same_keyword_in_several_codes() -> None:
    found = lint(
        code("a", "          keywords: [pelatihan]") + code("b", "          keywords: [dilatih]")
    )
    assert found == ["keyword 'latih' is used by several codes: cat.a, cat.b"]


def test_code_without_rules() -> None:
    assert lint(code("a", "          speakers: any")) == [
        "cat.a: code has no match rules; it is never suggested"
    ]


def test_duplicate_and_unreachable_keywords() -> None:
    found = lint(
        code("a", "          keywords: [pelatihan, latih, '=kas']\n          unless: ['=kas']")
    )
    assert found == [
        "cat.a: keyword 'latih' repeats keyword 1 ('latih')",
        "cat.a: keyword '=kas' is also in `unless`; it can never fire",
    ]


def test_answer_term_that_is_also_a_keyword() -> None:
    found = lint(
        code(
            "a",
            "          keywords: [tengkulak, laku]\n"
            "          question:\n"
            "            - asked: [pasar]\n"
            "              answer: [murah, tengkulak]",
        )
    )
    assert found == [
        "cat.a: answer 'tengkulak' of question rule 1 is also keyword 1; "
        "it counts without the question anyway"
    ]


def test_regex_matching_empty_string() -> None:
    assert lint(code("a", "          regex: ['a*', 'b+']")) == [
        "cat.a: regex 'a*' matches the empty string"
    ]
