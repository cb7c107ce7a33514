"""Learned suggestions (matching/learned.py, matching/training.py, kube-qda learn)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import pytest

from kube_qda.codebook.loader import load_codebook
from kube_qda.codebook.model import Codebook
from kube_qda.matching import Matcher
from kube_qda.matching.learned import RULE, LearnedModel, bundled_model, read_model
from kube_qda.matching.suggestion import Suggestion
from kube_qda.matching.training import Example, coding_from_csv, feature_matrix, learn, train
from kube_qda.transcripts import read_transcript
from tests.conftest import ROOT, Cli, Write

PENGETAHUAN = "hasil.pengetahuan"
PEMASARAN = "kendala.pemasaran"
MOBILISASI = "strategi.mobilisasi_sumber"

#: A small interview: the informant turns are coded below (CODING).
TRANSCRIPT = """\
P: Apa yang dipelajari?
I: Sekarang saya bisa okulasi sendiri, dulu tidak bisa.
P: Terus?
I: Cangkok juga sudah paham, okulasi lancar.
P: Kalau ternaknya?
I: Kambing saya gemuk, pakannya fermentasi.
P: Yang lain?
I: Anak saya ikut okulasi, dia cepat paham.
P: Modalnya dari mana?
I: Dari kambing yang dijual dulu.
P: Ada lagi?
I: Okulasi jambu sekarang rapi, hasil cangkok tumbuh.
P: Kandangnya?
I: Kandang kambing dibersihkan tiap pagi.
"""
CODING = """\
document,segment,code
wawancara,1,hasil.pengetahuan
wawancara,3,hasil.pengetahuan
wawancara,5,
wawancara,7,hasil.pengetahuan
wawancara,9,
wawancara,11,hasil.pengetahuan
wawancara,13,
"""


def small_model(
    words: dict[str, dict[str, float]],
    question: dict[str, dict[str, float]] | None = None,
    bias: float = -4.0,
    threshold: float = 0.3,
) -> LearnedModel:
    """A hand-made model over the bundled codebook's codes."""
    codes = sorted(words)
    question = question or {c: {} for c in codes}
    return LearnedModel(
        "kube_wonogiri",
        threshold,
        sorted({s for w in words.values() for s in w}),
        sorted({s for w in question.values() for s in w}),
        dict.fromkeys(codes, bias),
        words,
        question,
    )


@pytest.fixture(scope="module")
def book() -> Codebook:
    return load_codebook()


@pytest.fixture
def study(write: Write) -> tuple[Path, Path]:
    return write("wawancara.txt", TRANSCRIPT), write("coding.csv", CODING)


def learned_codes(suggestions: Sequence[Suggestion]) -> set[str]:
    return {s.code for s in suggestions if all(e.rule == RULE for e in s.evidence)}


# -- using a model ----------------------------------------------------------------


def test_adds_a_code_no_rule_finds_with_the_words_that_weighed(book: Codebook) -> None:
    model = small_model({PENGETAHUAN: {"okulasi": 6.0, "jambu": 0.5}})
    text = "Wingi okulasi jambu kalih Pak Harjo."
    assert PENGETAHUAN not in {s.code for s in Matcher(book, model=None).suggest_text(text)}
    [found] = [s for s in Matcher(book, model=model).suggest_text(text) if s.code == PENGETAHUAN]
    assert not found.negated
    assert [(e.rule, e.match) for e in found.evidence] == [(RULE, "okulasi"), (RULE, "jambu")]
    for e in found.evidence:
        assert text[e.start : e.end] == e.match
    # the score is the model's probability: sigmoid(bias + (6 + 0.5) / sqrt(2))
    expected = 1 / (1 + math.exp(-(-4.0 + 6.5 / math.sqrt(2))))
    assert found.score == pytest.approx(expected, abs=0.005)


def test_below_the_threshold_or_without_a_weighing_word_nothing(book: Codebook) -> None:
    weak = small_model({PENGETAHUAN: {"okulasi": 2.0}})  # sigmoid(-4 + 2) = 0.12
    assert not learned_codes(Matcher(book, model=weak).suggest_text("Saya bisa okulasi."))
    # a bias alone above the threshold: no word of the segment weighs, no suggestion
    biased = small_model({PENGETAHUAN: {"okulasi": -1.0}}, bias=3.0)
    assert not learned_codes(Matcher(book, model=biased).suggest_text("Saya bisa okulasi."))


def test_negation_stays_with_the_rules(book: Codebook) -> None:
    model = small_model({PEMASARAN: {"jual": 9.0, "kendala": 9.0}})
    found = Matcher(book, model=model).suggest_text("Alhamdulillah soal jualan nggak ada kendala")
    pemasaran = [s for s in found if s.code == PEMASARAN]
    assert pemasaran and all(s.negated for s in pemasaran)
    assert all(e.rule != RULE for s in pemasaran for e in s.evidence)


def test_a_confident_model_vetoes_a_rule_suggestion(book: Codebook) -> None:
    text = "Sakniki sampun saged okulasi piyambak."
    assert PENGETAHUAN in {s.code for s in Matcher(book, model=None).suggest_text(text)}
    sure_not = small_model({PENGETAHUAN: {"rugi": 1.0}}, bias=-9.0)  # p = 0.0001 here
    sure_not.veto = 0.02
    assert PENGETAHUAN not in {s.code for s in Matcher(book, model=sure_not).suggest_text(text)}
    sure_not.veto = 0.0  # no veto
    assert PENGETAHUAN in {s.code for s in Matcher(book, model=sure_not).suggest_text(text)}
    # a negated rule suggestion stays (it tells what is not there)
    no_sales = small_model({PEMASARAN: {"rugi": 1.0}}, bias=-9.0)
    no_sales.veto = 0.02
    found = Matcher(book, model=no_sales).suggest_text("Soal jualan nggak ada kendala")
    assert [s.negated for s in found if s.code == PEMASARAN] == [True]


def test_the_question_before_a_turn_counts(book: Codebook, write: Write) -> None:
    model = small_model({MOBILISASI: {"koperasi": 1.0}}, question={MOBILISASI: {"modal": 6.0}})
    matcher = Matcher(book, model=model)
    asked = write("a.txt", "P: Modalnya dari mana?\nI: Ya dari koperasi.\n")
    other = write("b.txt", "P: Siapa ketuanya?\nI: Ya dari koperasi.\n")
    [(_, with_question)] = matcher.suggest_files([asked])
    [(_, without)] = matcher.suggest_files([other])
    assert MOBILISASI in learned_codes(with_question[1].suggestions)
    assert MOBILISASI not in learned_codes(without[1].suggestions)
    assert not with_question[0].suggestions  # interviewer turns get no learned codes


def test_the_bundled_model_fits_the_bundled_codebook(book: Codebook) -> None:
    model = bundled_model()
    assert model.codebook == book.id
    assert set(model.codes) <= set(book.code_ids())
    assert len(model.codes) >= 12
    assert model.trained["segments"] > 1000
    assert Matcher(book).learned is not None
    other = book.model_copy(update={"id": "another_study"})
    assert Matcher(other).learned is None  # the bundled model is for the bundled codebook


# -- training -----------------------------------------------------------------------


def test_probabilities_match_scikit_learn(book: Codebook) -> None:
    """The matcher's batch arithmetic against scikit-learn's own predict_proba on the
    same feature matrix (the stored weights are rounded to 3 decimals)."""
    from sklearn.linear_model import LogisticRegression

    data = [
        Example(frozenset(s.split()), frozenset(q.split()), frozenset(c))
        for s, q, c in [
            ("okulasi cangkok bisa", "ajar", [PENGETAHUAN]),
            ("okulasi paham", "ajar", [PENGETAHUAN]),
            ("kambing gemuk pakan", "ternak", []),
            ("okulasi anak paham cepat", "", [PENGETAHUAN]),
            ("kambing jual modal", "modal", []),
            ("okulasi jambu rapi cangkok", "", [PENGETAHUAN]),
            ("kandang kambing bersih", "kandang", []),
        ]
    ]
    model = train(data, book.code_ids(), book.id, strength=5.0)
    assert model.codes == [PENGETAHUAN]
    matrix = feature_matrix(data, model.vocabulary, model.question_vocabulary)
    y = [PENGETAHUAN in e.codes for e in data]
    reference = LogisticRegression(C=5.0, solver="liblinear", random_state=0).fit(matrix, y)
    expected = reference.predict_proba(matrix)[:, 1]

    matcher = Matcher(book, model=model)
    scorer = matcher.learned
    assert scorer is not None
    texts = [" ".join(sorted(e.stems)) + "." for e in data]
    batch = matcher.analyzer.batch(texts)
    questions = [scorer.question_logits(" ".join(e.question)) for e in data]
    got = scorer.probabilities(batch, questions)[:, 0]
    assert got == pytest.approx(expected, abs=2e-3)


def test_learn_from_a_coding(book: Codebook, study: tuple[Path, Path]) -> None:
    transcript, coding = study
    decided = coding_from_csv(coding, book.code_ids(), None)
    assert decided[("wawancara", 1)] == {PENGETAHUAN}
    assert decided[("wawancara", 5)] == frozenset()
    model, notes = learn(Matcher(book, model=None), decided, [read_transcript(transcript)])
    assert notes == []
    assert model.codes == [PENGETAHUAN]
    assert model.trained["segments"] == 7 and model.trained["coded"] == 4
    top = max(model.words[PENGETAHUAN], key=model.words[PENGETAHUAN].__getitem__)
    assert top == "okulasi"
    assert model.words[PENGETAHUAN].get("kambing", 0) < 0
    again, _ = learn(Matcher(book, model=None), decided, [read_transcript(transcript)])
    assert again.as_json() == model.as_json()  # the same coding, the same model


def test_model_file_round_trip(tmp_path: Path) -> None:
    model = small_model({PENGETAHUAN: {"okulasi": 1.5}}, question={PENGETAHUAN: {"ajar": 0.25}})
    model.veto = 0.05
    path = tmp_path / "m.json"
    model.save(path)
    assert read_model(path) == model
    assert not (tmp_path / "m.json.tmp").exists()


# -- the command line ---------------------------------------------------------------


def test_cli_learn_then_suggest_with_the_model(
    cli: Cli, study: tuple[Path, Path], tmp_path: Path
) -> None:
    transcript, coding = study
    result = cli("learn", coding, transcript, "-o", tmp_path / "model.json")
    assert result.exit_code == 0, result.output
    assert "Learned 1 codes from 7 segments (4 with codes)" in result.stderr
    data = json.loads((tmp_path / "model.json").read_text("utf-8"))
    assert data["format"] == "kube-qda-learned/1" and data["codebook"] == "kube_wonogiri"

    new = tmp_path / "baru.txt"
    new.write_text("P: Bagaimana?\nI: Saya okulasi jambu sendiri.\n", encoding="utf-8")
    out = cli("suggest", new, "-m", tmp_path / "model.json", "--format", "jsonl")
    assert out.exit_code == 0, out.output
    row = json.loads(out.stdout.splitlines()[0])
    codes = {s["code"]: s for s in row["suggestions"]}
    assert codes[PENGETAHUAN]["evidence"][0]["rule"] == RULE
    plain = cli("suggest", new, "--no-model", "--format", "jsonl")
    assert PENGETAHUAN not in plain.stdout
    table = cli("suggest", new, "-m", tmp_path / "model.json")
    assert table.exit_code == 0 and "learned: okulasi" in table.stdout


def test_no_model_leaves_the_rules_alone(cli: Cli) -> None:
    sample = ROOT / "transcripts_sample" / "w115_anggota_tumini.txt"
    with_model = cli("suggest", sample, "--format", "jsonl")
    without = cli("suggest", sample, "--no-model", "--format", "jsonl")
    assert f'"rule": "{RULE}"' in with_model.stdout
    assert f'"rule": "{RULE}"' not in without.stdout
    # with the model: the rules' suggestions (some vetoed) plus learned ones
    for a, b in zip(with_model.stdout.splitlines(), without.stdout.splitlines(), strict=True):
        mine = json.loads(a)["suggestions"]
        theirs = json.loads(b)["suggestions"]
        assert [s for s in mine if s["evidence"][0]["rule"] != RULE] == [
            s for s in theirs if s in mine
        ]


BAD_CODINGS = [
    ("document,segment,code\nwawancara,1,hasil.tidak_ada\n", "coding.csv:2: unknown code"),
    ("document,segment,code\nwawancara,satu,hasil.pengetahuan\n", "coding.csv:2: segment must"),
    ("document,segment,code\nwawancara,99,hasil.pengetahuan\n", "has no such segment"),
    ("document,segment,code\n", "coding.csv: no codings"),
    ("segment,document,codes\nwawancara,1,x\n", "coding.csv:1: missing column code"),
    (
        "document,segment,code,status,coder\n"
        "wawancara,1,hasil.pengetahuan,added,ana\nwawancara,3,,added,budi\n",
        "choose one with --coder",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_CODINGS)
def test_cli_learn_bad_coding(
    cli: Cli, write: Write, tmp_path: Path, text: str, message: str
) -> None:
    transcript = write("wawancara.txt", TRANSCRIPT)
    coding = write("coding.csv", text)
    out = tmp_path / "model.json"
    out.write_text("old model", encoding="utf-8")
    result = cli("learn", coding, transcript, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert out.read_text("utf-8") == "old model"  # nothing written


def test_cli_learn_picks_one_coder(cli: Cli, write: Write, tmp_path: Path) -> None:
    transcript = write("wawancara.txt", TRANSCRIPT)
    rows = CODING.splitlines()[1:]
    text = "document,segment,code,status,coder\n" + "".join(
        f"{r},added,ana\n" if r.split(",")[2] else f"{r},,ana\n" for r in rows
    )
    text += "wawancara,1,,,budi\n"
    coding = write("coding.csv", text)
    result = cli("learn", coding, transcript, "--coder", "ana", "-o", tmp_path / "m.json")
    assert result.exit_code == 0, result.output
    assert read_model(tmp_path / "m.json").trained["coded"] == 4


BAD_MODELS = [
    ("{not json", "model.json:1: not a kube-qda model (not JSON)"),
    ('{"format": "something-else/1"}', "not a kube-qda model (format must be"),
    ('{"format": "kube-qda-learned/1", "threshold": 0.3}', "malformed model"),
    (
        '{"format": "kube-qda-learned/1", "threshold": 0.3, "veto": 0.5, "codebook": "x", '
        '"vocabulary": [], "question_vocabulary": [], "codes": {}}',
        "veto must be at least 0 and below the threshold",
    ),
    (
        '{"format": "kube-qda-learned/1", "threshold": 0.3, "codebook": "x", '
        '"vocabulary": [], "question_vocabulary": [], '
        '"codes": {"a.b": {"bias": 0, "words": {"zzz": 1}, "question": {}}}}',
        "code a.b weighs a stem missing from the vocabulary",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_MODELS)
def test_cli_bad_model_file(cli: Cli, write: Write, text: str, message: str) -> None:
    transcript = write("wawancara.txt", TRANSCRIPT)
    model = write("model.json", text)
    result = cli("suggest", transcript, "-m", model)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.output


def test_cli_missing_model_and_unwritable_output(
    cli: Cli, study: tuple[Path, Path], tmp_path: Path
) -> None:
    transcript, coding = study
    missing = cli("suggest", transcript, "-m", tmp_path / "nowhere.json")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: ") and "nowhere.json: cannot read" in missing.stderr
    unwritable = cli("learn", coding, transcript, "-o", tmp_path / "no" / "such" / "m.json")
    assert unwritable.exit_code == 1
    assert "m.json: cannot write" in unwritable.stderr and "Traceback" not in unwritable.output


def test_cli_model_for_another_codebook(cli: Cli, write: Write, tmp_path: Path) -> None:
    transcript = write("wawancara.txt", TRANSCRIPT)
    model = small_model({PENGETAHUAN: {"okulasi": 1.0}})
    model.codebook = "another_study"
    model.save(tmp_path / "m.json")
    result = cli("suggest", transcript, "-m", tmp_path / "m.json")
    assert result.exit_code == 1
    assert "trained for codebook 'another_study', not 'kube_wonogiri'" in result.stderr
    both = cli("suggest", transcript, "-m", tmp_path / "m.json", "--no-model")
    assert both.exit_code == 1 and "exclude each other" in both.stderr


def test_cli_learn_veto_below_threshold(cli: Cli, study: tuple[Path, Path], tmp_path: Path) -> None:
    transcript, coding = study
    result = cli(
        "learn",
        coding,
        transcript,
        "-o",
        tmp_path / "m.json",
        "--threshold",
        "0.3",
        "--veto",
        "0.4",
    )
    assert result.exit_code == 1 and "must be below --threshold" in result.stderr
    assert not (tmp_path / "m.json").exists()


def test_project_pretag_with_and_without_the_model(
    cli: Cli, study: tuple[Path, Path], tmp_path: Path
) -> None:
    transcript, coding = study
    assert cli("learn", coding, transcript, "-o", tmp_path / "m.json").exit_code == 0
    new = tmp_path / "baru.txt"
    new.write_text("P: Bagaimana?\nI: Saya okulasi jambu sendiri.\n", encoding="utf-8")
    project = tmp_path / "p.sqlite"
    assert cli("init", "-p", project).exit_code == 0
    assert cli("add", new, "-p", project).exit_code == 0

    def stored() -> list[str]:  # the codes suggested in at least one segment
        out = cli("freq", "-p", project, "--status", "suggested", "--format", "csv")
        assert out.exit_code == 0, out.output
        rows = [line.split(",") for line in out.stdout.splitlines()[1:]]
        return [row[0] for row in rows if int(row[2])]

    with_model = cli("pretag", "-p", project, "-m", tmp_path / "m.json")
    assert with_model.exit_code == 0, with_model.output
    assert PENGETAHUAN in stored()
    assert cli("pretag", "-p", project, "--no-model").exit_code == 0
    assert PENGETAHUAN not in stored()


def test_interviewer_suggestions_are_not_vetoed(book: Codebook) -> None:
    """A code the rules may suggest for an interviewer keeps its suggestion there."""
    from kube_qda.transcripts.model import Segment

    sure_not = small_model({PENGETAHUAN: {"rugi": 1.0}}, bias=-9.0)
    sure_not.veto = 0.02
    text = "Sakniki sampun saged okulasi piyambak."
    matcher = Matcher(book, model=sure_not)
    matcher._eligible[True] = [True] * len(book.code_ids())  # every code for interviewers too
    matcher._any_eligible[True] = True
    seg = Segment("text", 0, 0, len(text), text, "P", None, True)
    [result] = list(matcher.suggest([seg]))
    assert PENGETAHUAN in {s.code for s in result.suggestions}


def test_learn_command_defaults_are_the_training_settings() -> None:
    """The CLI spells its defaults out (its module loads no numpy for --help);
    they must be the settings the bundled model was trained with."""
    import inspect

    from kube_qda.cli.learn_cmd import learn_command
    from kube_qda.learning_settings import THRESHOLD, VETO
    from kube_qda.matching.learned import bundled_model

    defaults = inspect.signature(learn_command).parameters
    assert defaults["threshold"].default == THRESHOLD == bundled_model().threshold
    assert defaults["veto"].default == VETO == bundled_model().veto


def test_the_bundled_model_is_rebuilt_byte_for_byte_from_its_declared_documents(
    cli: Cli, tmp_path: Path
) -> None:
    """``make model``: the gold coding of the documents listed beside the model."""
    folder = ROOT / "kube_qda" / "data" / "learned"
    listed = [
        line.strip()
        for line in (folder / "kube_wonogiri.documents").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    out = tmp_path / "model.json"
    paths = [str(ROOT / "transcripts_sample" / name) for name in listed]
    result = cli("learn", str(ROOT / "transcripts_sample" / "gold.csv"), *paths, "-o", str(out))
    assert result.exit_code == 0, result.output
    bundled = (folder / "kube_wonogiri.json").read_bytes()
    rebuilt, recorded = json.loads(out.read_bytes()), json.loads(bundled)
    if rebuilt["trained"]["versions"] == recorded["trained"]["versions"]:
        assert out.read_bytes() == bundled
    else:  # another scikit-learn: the same data and vocabulary, weights may drift
        assert rebuilt["trained"]["data_sha256"] == recorded["trained"]["data_sha256"]
        assert rebuilt["vocabulary"] == recorded["vocabulary"]
    trained = bundled_model().trained
    assert trained["documents"] == len(listed) == len(trained["document_ids"])
    assert len(trained["data_sha256"]) == 64 and "scikit-learn" in trained["versions"]
