"""Question rules (structural coding): answer terms count only after a question on the topic."""

from __future__ import annotations

import pytest

from kube_qda import CodebookError, codebook_from_text
from kube_qda.matching import Matcher
from kube_qda.transcripts.model import Segment
from tests.test_matching import HEAD, code

RULE = code(
    "jual",
    """
question:
  - asked: [pemasaran, "=menjual"]
    answer: ["=murah", tengkulak]
negation: flag
""",
)


@pytest.fixture(scope="module")
def m() -> Matcher:
    return Matcher(codebook_from_text(HEAD + RULE))


def turns(*pairs: tuple[str, str], document: str = "d") -> list[Segment]:
    """Segments of one document from (speaker, text); speaker "P" is the interviewer."""
    out, pos = [], 0
    for k, (speaker, text) in enumerate(pairs):
        out.append(Segment(document, k, pos, pos + len(text), text, speaker, None, speaker == "P"))
        pos += len(text) + 1
    return out


def coded(m: Matcher, segs: list[Segment], **kw: int) -> list[dict[str, bool]]:
    return [{s.code: s.negated for s in r.suggestions} for r in m.suggest(segs, **kw)]


def test_answer_term_counts_after_a_question_on_the_topic(m: Matcher) -> None:
    segs = turns(
        ("P", "Bagaimana pemasarannya?"),
        ("I", "Harganya murah sekali, Mas."),
        ("P", "Modalnya dari mana?"),
        ("I", "Murah, dari tetangga."),
    )
    assert coded(m, segs) == [{}, {"c.jual": False}, {}, {}]


def test_without_a_question_the_answer_term_is_nothing(m: Matcher) -> None:
    assert m.suggest_text("Harganya murah sekali") == []


def test_every_answer_until_the_next_question_has_it(m: Matcher) -> None:
    segs = turns(
        ("P", "Kalau menjual keripiknya bagaimana?"),
        ("Bu Sri", "Dijual ke tengkulak."),
        ("Pak Joko", "Iya, harganya murah."),
        ("P", "Terima kasih."),
        ("Bu Sri", "Murah meriah, Mas."),
    )
    assert coded(m, segs) == [{}, {"c.jual": False}, {"c.jual": False}, {}, {}]


def test_the_question_does_not_carry_into_the_next_document(m: Matcher) -> None:
    first = turns(("P", "Bagaimana pemasarannya?"))
    second = turns(("I", "Harganya murah."), document="e")
    assert coded(m, first + second) == [{}, {}]


def test_interviewer_segments_are_never_coded_by_it(m: Matcher) -> None:
    segs = turns(("P", "Bagaimana pemasarannya?"), ("P", "Apa harganya murah?"))
    assert coded(m, segs) == [{}, {}]


def test_a_negated_answer_is_flagged(m: Matcher) -> None:
    segs = turns(("P", "Bagaimana pemasarannya?"), ("I", "Nggak murah kok, Mas."))
    assert coded(m, segs) == [{}, {"c.jual": True}]


def test_the_question_carries_across_batches(m: Matcher) -> None:
    segs = turns(
        ("P", "Bagaimana pemasarannya?"),
        ("I", "Panjang sekali jawabannya, Mas, " * 4),
        ("I", "Lalu harganya murah."),
    )
    assert coded(m, segs, batch_chars=10) == coded(m, segs) == [{}, {}, {"c.jual": False}]


def test_evidence_is_the_answer_term_in_the_document(m: Matcher) -> None:
    segs = turns(("P", "Bagaimana pemasarannya?"), ("I", "Ya, harganya murah."))
    result = list(m.suggest(segs))[1]
    (suggestion,) = result.suggestions
    (item,) = suggestion.evidence
    assert item.rule == "question:pemasaran"
    assert item.match == "murah"
    assert segs[1].text[item.start - segs[1].start : item.end - segs[1].start] == "murah"
    assert suggestion.score == 0.3


def test_question_terms_use_the_term_syntax(m: Matcher) -> None:
    # "=menjual" is an exact form: "dijual" in the question names no topic
    segs = turns(("P", "Dijual ke mana?"), ("I", "Harganya murah."))
    assert coded(m, segs) == [{}, {}]
    segs = turns(("P", "Pasarnya di mana?"), ("I", "Harganya murah."))
    assert coded(m, segs) == [{}, {"c.jual": False}]  # pemasaran: the stem pasar


def test_two_rules_of_a_code_keep_their_own_questions() -> None:
    m = Matcher(
        codebook_from_text(
            HEAD
            + code(
                "two",
                """
question:
  - asked: [pasar]
    answer: ["=murah"]
  - asked: [pasar, modal]
    answer: ["=pinjam"]
""",
            )
        )
    )
    after_market = turns(("P", "Bagaimana pasarnya?"), ("I", "Kami pinjam, harganya murah."))
    after_capital = turns(("P", "Modalnya dari mana?"), ("I", "Kami pinjam, harganya murah."))
    rules = [[e.rule for s in r.suggestions for e in s.evidence] for r in m.suggest(after_market)][
        1
    ]
    assert sorted(rules) == ["question:pasar", "question:pasar#2"]
    (only,) = [[e.match for e in s.evidence] for s in list(m.suggest(after_capital))[1].suggestions]
    assert only == ["pinjam"]


def test_a_question_rule_needs_asked_and_answer() -> None:
    bad = code("q", "question:\n  - asked: [pasar]\n")
    with pytest.raises(CodebookError) as err:
        codebook_from_text(HEAD + bad, "q.yaml")
    assert "q.yaml:" in str(err.value) and "answer" in str(err.value)


def test_bundled_codebook_reads_the_question(kube_matcher: Matcher) -> None:
    segs = turns(
        ("P", "Kalau soal penjualan, bagaimana?"),
        ("I", "Sepi terus, Mbak."),
    )
    assert "kendala.pemasaran" in coded(kube_matcher, segs)[1]
    alone = coded(kube_matcher, turns(("I", "Sepi terus, Mbak.")))[0]
    assert "kendala.pemasaran" not in alone


@pytest.fixture(scope="module")
def kube_matcher() -> Matcher:
    return Matcher(model=None)  # the rules alone: the learned model has tests of its own
