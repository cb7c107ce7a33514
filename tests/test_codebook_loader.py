"""Loading and validating codebooks: every error kind with its message and place."""

from __future__ import annotations

from pathlib import Path

import pytest

from kube_qda import CodebookError, load_codebook
from kube_qda.codebook.loader import default_codebook_path
from tests.conftest import ROOT, Write

KUBE_IDS = [
    "strategi.motivasi", "strategi.kesadaran_pelatihan", "strategi.manajemen_diri",
    "strategi.mobilisasi_sumber", "strategi.jaringan",
    "kendala.manajemen_kelompok", "kendala.pemasaran",
    "keberlanjutan.kelembagaan", "keberlanjutan.sosial", "keberlanjutan.ekonomi",
    "hasil.pendapatan", "hasil.pengetahuan", "hasil.belum_signifikan",
    "modal_sosial.kepercayaan", "modal_sosial.norma", "modal_sosial.jaringan",
]  # fmt: skip

MINIMAL = """
id: study
title: A study
categories:
  - id: cat
    label: Category
    codes:
      - id: one
        label: One
        definition: The first code.
        match:
          keywords: [latih]
"""


def problems(write: Write, text: str) -> list[str]:
    path = write("cb.yaml", text)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    return [str(p).removeprefix(f"{path}:") for p in info.value.problems]


def test_bundled_codebook_has_the_sixteen_spec_ids() -> None:
    assert load_codebook().code_ids() == KUBE_IDS
    assert load_codebook(ROOT / "codebooks" / "kube_wonogiri.yaml").code_ids() == KUBE_IDS


def test_bundled_copy_is_identical_to_codebooks_dir() -> None:
    shipped = default_codebook_path().read_bytes()
    assert shipped == (ROOT / "codebooks" / "kube_wonogiri.yaml").read_bytes(), (
        "run `make sync-codebook`"
    )


@pytest.mark.parametrize("name", ["kube_wonogiri", "putnam_social_capital", "template"])
def test_shipped_codebooks_are_valid(name: str) -> None:
    codebook = load_codebook(ROOT / "codebooks" / f"{name}.yaml")
    for _, code in codebook.codes():
        assert code.definition
        if name != "template":
            assert len(code.examples) >= 2, code.id


def test_minimal_codebook_gets_defaults(write: Write) -> None:
    codebook = load_codebook(write("cb.yaml", MINIMAL))
    code = codebook.code("cat.one")
    assert code.match.speakers == "informant"
    assert code.match.negation == "flag"
    assert codebook.version == "1.0"


def test_single_string_accepted_where_list_expected(write: Write) -> None:
    text = MINIMAL.replace("keywords: [latih]", "keywords: latih\n        include: one rule")
    code = load_codebook(write("cb.yaml", text)).code("cat.one")
    assert code.match.keywords == ["latih"]
    assert code.include == ["one rule"]


def test_numeric_version_becomes_text(write: Write) -> None:
    text = MINIMAL.replace("title: A study", "title: A study\nversion: 2.1")
    assert load_codebook(write("cb.yaml", text)).version == "2.1"


def test_full_code_id_with_matching_prefix_is_accepted(write: Write) -> None:
    text = MINIMAL.replace("- id: one", "- id: cat.one")
    assert load_codebook(write("cb.yaml", text)).code_ids() == ["cat.one"]


def test_unknown_key_with_did_you_mean(write: Write) -> None:
    text = MINIMAL.replace("label: One", "lable: One")
    assert problems(write, text) == [
        "7:9: categories[0].codes[0]: missing required field 'label'",
        "8:9: categories[0].codes[0]: unknown key 'lable' (did you mean 'label'?)",
    ]


def test_unknown_key_in_match(write: Write) -> None:
    text = MINIMAL.replace("keywords: [latih]", "keyword: [latih]")
    assert problems(write, text) == [
        "11:11: categories[0].codes[0].match: unknown key 'keyword' (did you mean 'keywords'?)"
    ]


def test_wrong_type(write: Write) -> None:
    text = MINIMAL.replace("keywords: [latih]", "keywords: [latih]\n          unless_window: many")
    assert problems(write, text) == [
        "12:26: categories[0].codes[0].match.unless_window: "
        "Input should be a valid integer, unable to parse string as an integer"
    ]


def test_wrong_choice(write: Write) -> None:
    text = MINIMAL.replace("keywords: [latih]", "keywords: [latih]\n          negation: drop")
    assert problems(write, text) == [
        "12:21: categories[0].codes[0].match.negation: "
        "Input should be 'flag', 'suppress' or 'ignore'"
    ]


def test_malformed_ids(write: Write) -> None:
    text = MINIMAL.replace("id: study", "id: My Study").replace("- id: one", "- id: One-1")
    assert problems(write, text) == [
        "1:5: id: id 'My Study' must be lower case letters, digits and _ and start with a letter",
        "7:13: categories[0].codes[0].id: id 'One-1' must be lower case letters, digits and _ "
        "and start with a letter",
    ]


def test_code_prefix_other_than_category(write: Write) -> None:
    text = MINIMAL.replace("- id: one", "- id: other.one")
    assert problems(write, text) == [
        "4:5: categories[0]: code id 'other.one' is written with a prefix other than "
        "its category 'cat'"
    ]


def test_duplicate_ids(write: Write) -> None:
    text = (
        MINIMAL
        + """
      - id: one
        label: Again
        definition: Twice.
  - id: cat
    label: Again
    codes: []
"""
    )
    assert problems(write, text) == [
        "13:13: categories[0].codes[1].id: duplicate code id 'cat.one'",
        "16:9: categories[1].id: duplicate category id 'cat'",
    ]


def test_duplicate_yaml_key(write: Write) -> None:
    text = MINIMAL.replace("title: A study", "title: A study\ntitle: Again")
    assert problems(write, text) == ["3:1: duplicate key 'title'"]


def test_regex_that_does_not_compile(write: Write) -> None:
    text = MINIMAL.replace("keywords: [latih]", "regex: ['ok', '(open']")
    assert problems(write, text) == [
        "11:25: categories[0].codes[0].match.regex[1]: regex '(open' does not compile: "
        "missing ) at position 5"
    ]


def test_token_pattern_rejected_by_spacy(write: Write) -> None:
    text = MINIMAL.replace("keywords: [latih]", "patterns: [[{LOWR: harga}]]")
    assert problems(write, text) == [
        "11:22: categories[0].codes[0].match.patterns[0]: token pattern: "
        "[pattern -> 0 -> LOWR] Extra inputs are not permitted"
    ]


def test_bad_keyword_spelling(write: Write) -> None:
    text = MINIMAL.replace("keywords: [latih]", "keywords: [latih, '=jual*', 'a*b']")
    assert problems(write, text) == [
        "11:29: categories[0].codes[0].match.keywords[1]: "
        "'=jual*': a word is either exact (=word) or a prefix (word*)",
        "11:39: categories[0].codes[0].match.keywords[2]: "
        "'a*b': '=' may only start a word and '*' may only end it",
    ]


def test_near_needs_two_groups(write: Write) -> None:
    text = MINIMAL.replace("keywords: [latih]", "near: [{groups: [[harga]]}]")
    assert problems(write, text) == [
        "11:27: categories[0].codes[0].match.near[0].groups: "
        "List should have at least 2 items after validation, not 1"
    ]


def test_bad_colour(write: Write) -> None:
    text = MINIMAL.replace("label: Category", "label: Category\n    color: red")
    assert problems(write, text) == [
        "6:12: categories[0].color: colour 'red' must look like #RRGGBB"
    ]


def test_missing_categories_and_title(write: Write) -> None:
    assert problems(write, "id: x\n") == [
        "1:1: codebook: missing required field 'title'",
        "1:1: codebook: missing required field 'categories'",
    ]


def test_every_problem_is_reported_at_once(write: Write) -> None:
    text = (
        MINIMAL.replace("label: One", "label: [One]")
        .replace("keywords: [latih]", "regex: ['(']")
        .replace("title: A study", "title: A study\nauthor: me")
    )
    assert len(problems(write, text)) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "1:1: the file is empty"),
        (b"  \n\n", "1:1: the file is empty"),
        (b"id: x\ntitle: \xff\xfe caf\xe9\n", "2:1: not UTF-8 text (save the codebook as UTF-8)"),
        (
            b"id: x\n\ttitle: y\n",
            "2:1: YAML syntax: a tab character cannot indent YAML; use spaces",
        ),
        (b"id: [x\n", "2:1: YAML syntax: expected ',' or ']', but got '<stream end>'"),
        (b"- just\n- a list\n", "1:1: a codebook must be a mapping of fields"),
        (
            b"id: !!python/object:os.system x\n",
            "1:5: YAML syntax: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system'",
        ),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "cb.yaml"
    path.write_bytes(content)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert [str(p) for p in info.value.problems] == [f"{path}:{message}"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="no such file"):
        load_codebook(tmp_path / "nope.yaml")


def test_huge_file_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(CodebookError, match="a codebook may be at most 5 MB"):
        load_codebook(path)


def test_utf8_bom_is_accepted(write: Write) -> None:
    path = write("cb.yaml", MINIMAL)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_codebook(path).code_ids() == ["cat.one"]


def test_unknown_code_lookup() -> None:
    from kube_qda import UnknownCode

    with pytest.raises(UnknownCode, match="unknown code 'hasil.gaji'"):
        load_codebook().code("hasil.gaji")


def test_libyaml_and_pyyaml_read_codebooks_alike() -> None:
    """Codebooks are parsed by libyaml when PyYAML has it; a document it accepts gives
    the same data and positions as PyYAML's own parser, and one it refuses is parsed
    again by PyYAML, whose error messages the tests above pin."""
    import yaml

    from kube_qda.codebook.loader import FAST_LOADER, _parse_with

    assert FAST_LOADER is not None  # PyPI's wheels all carry libyaml
    for path in [default_codebook_path(), *sorted((ROOT / "codebooks").glob("*.yaml"))]:
        text = path.read_text("utf-8")
        fast, fast_positions = _parse_with(FAST_LOADER, text, path.name)
        slow, slow_positions = _parse_with(yaml.SafeLoader, text, path.name)
        assert fast == slow
        assert fast_positions.of(("categories", 0, "codes", 0, "label")) == slow_positions.of(
            ("categories", 0, "codes", 0, "label")
        )
        assert fast_positions.duplicates == slow_positions.duplicates
