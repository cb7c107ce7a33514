"""REFI-QDA interchange: schema validation, real samples, round trips, hostile XML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kube_qda import codebook_from_text, load_codebook
from kube_qda.refi.codebook import codebook_yaml, export_codebook, import_codebook
from kube_qda.refi.xmlsafe import RefiError, normalise_color
from tests.conftest import ROOT, Cli

#: The REFI-QDA schemas and real sample files (MIT; tests/data/refi-qda/README.md).
REFI = ROOT / "tests" / "data" / "refi-qda"
SAMPLES = REFI / "samples"
TRANSCRIPTS = ROOT / "transcripts_sample"


def schema(name: str) -> Any:
    import xmlschema

    return xmlschema.XMLSchema(str(REFI / name))


def test_codebook_export_validates_and_is_stable(tmp_path: Path) -> None:
    data = export_codebook(load_codebook())
    path = tmp_path / "kube.qdc"
    path.write_bytes(data)
    schema("Codebook.xsd").validate(str(path))
    assert export_codebook(load_codebook()) == data
    text = data.decode()
    assert text.count('isCodable="false"') == 5 and text.count('isCodable="true"') == 16
    assert "Include:\n- Memberi semangat" in text and "Examples:\n- “Bu Sri itu" in text


def test_round_trip_yaml_qdc_yaml_qdc_identical(tmp_path: Path) -> None:
    first = export_codebook(load_codebook())
    path = tmp_path / "a.qdc"
    path.write_bytes(first)
    yaml_text = codebook_yaml(import_codebook(path))
    second = export_codebook(codebook_from_text(yaml_text, "round trip"))
    assert second == first


def test_nvivo_sample_every_code_with_parent_and_description() -> None:
    path = SAMPLES / "nvivo-win-12.6-codebook.qdc"
    source = path.read_text("utf-8")
    codebook = codebook_from_text(codebook_yaml(import_codebook(path)), "nvivo")
    by_guid = {code.guid: (cat, code) for cat, code in codebook.codes()}
    categories = {cat.guid: cat for cat in codebook.categories}
    for match in re.finditer(r'<Code guid="([^"]+)" name="([^"]+)"', source):
        guid, name = match.groups()
        assert guid in by_guid or guid in categories, name
    first = by_guid["7142c1bf-1bbe-4073-88dd-ae1dbfec9f8f"]  # COVID under "1. Oltás típusa"
    assert first[0].label == "1. Oltás típusa" and first[1].label == "COVID"
    parent = categories["9dfe9815-44e3-4922-bedd-ae1dbfed8b5c"]
    assert parent.description.startswith("Erősen szkeptikus (piros)")
    assert len({code.id for _, code in codebook.codes()}) == len(list(codebook.codes()))


@pytest.mark.parametrize("name", ["atlasti-23.4.0.qdc", "atlasti-23.4.0-ns0-4.qdc"])
def test_atlas_samples_import_with_sets_as_categories(name: str) -> None:
    codebook = codebook_from_text(codebook_yaml(import_codebook(SAMPLES / name)), name)
    (category,) = codebook.categories
    assert category.label == "code group 1" and category.description == "kategorie 1"
    (code,) = category.codes
    assert (code.label, code.color, code.definition) == ("code1", "#46AA00", "description")


def test_imported_yaml_passes_check_with_lint_warnings_only(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "nvivo.yaml"
    result = cli("codebook", "import", str(SAMPLES / "nvivo-win-12.6-codebook.qdc"), "-o", str(out))
    assert result.exit_code == 0, result.output
    check = cli("codebook", "check", str(out))
    assert check.exit_code == 0
    assert "code has no match rules" in check.stderr


def test_taguette_empty_sets_and_rgb_colours(tmp_path: Path) -> None:
    path = tmp_path / "t.qdc"
    path.write_text(
        '<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1:0"><Codes>'
        '<Code guid="11111111-2222-3333-4444-555555555555" name="Harga" isCodable="true" '
        'color="70,170,0"/></Codes><Sets/></CodeBook>',
        encoding="utf-8",
    )
    data = import_codebook(path)
    (category,) = data["categories"]
    assert category["codes"][0]["color"] == "#46AA00"
    assert normalise_color("rgb(255, 0, 16)") == "#FF0010" and normalise_color("#abc") == "#AABBCC"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<CodeBook><Codes>", "not well-formed XML"),
        (b"<CodeBook/>", "no <Codes> element"),
        (b"<Project/>", "the root element is <Project>, not <CodeBook>"),
        (b"<Other/>", "the root element is <Other>, not <CodeBook>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
            b"<CodeBook><Codes><Code guid='11111111-2222-3333-4444-555555555555' name='&secret;' "
            b"isCodable='true'/></Codes></CodeBook>",
            "refused: the XML declares entities",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;">]><CodeBook><Codes>&c;</Codes></CodeBook>',
            "refused: the XML declares entities",
        ),
        # an external DTD is never fetched (no network): the file is read as it is
        (
            b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><CodeBook/>',
            "no <Codes> element",
        ),
    ],
)
def test_hostile_or_broken_qdc(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.qdc"
    path.write_bytes(content)
    with pytest.raises(RefiError, match=message):
        import_codebook(path)


def test_external_entity_via_cli_is_one_line_and_leaks_nothing(cli: Cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA-PESERTA", encoding="utf-8")
    bad = tmp_path / "x.qdc"
    bad.write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
        "<CodeBook><Codes><Code guid='11111111-2222-3333-4444-555555555555' "
        "name='&s;' isCodable='true'/></Codes></CodeBook>",
        encoding="utf-8",
    )
    result = cli("codebook", "import", str(bad), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "RAHASIA" not in result.output and not (tmp_path / "out.yaml").exists()


# -- projects ---------------------------------------------------------------------------


@pytest.fixture
def coded_project(cli: Cli) -> None:
    assert cli("init").exit_code == 0
    assert (
        cli("add", str(TRANSCRIPTS), "--attributes", str(TRANSCRIPTS / "attributes.csv")).exit_code
        == 0
    )
    assert cli("codings", "import", str(TRANSCRIPTS / "gold.csv"), "--coder", "gold").exit_code == 0
    cli("review", "--coder", "rina", input="a +hasil.pendapatan\n+modal_sosial.norma\nq\n")


def labelled_codings(path: str) -> list[tuple[str, int, str, str]]:
    from kube_qda.project import Project

    with Project.open(path) as p:
        labels = {
            cid: code.label
            for cid, (_, code) in zip(p.codebook.code_ids(), p.codebook.codes(), strict=True)
        }
        return sorted(
            (r["document"], r["segment"], labels[r["code"]], r["coder"])
            for r in p.coding_rows()
            if r["status"] in ("accepted", "added")
        )


def test_project_export_validates_and_reimports_same_codings(
    cli: Cli,
    coded_project: None,
    tmp_path: Path,
) -> None:
    out = tmp_path / "study.qdpx"
    result = cli("export", "-o", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        qde = tmp_path / "project.qde"
        qde.write_bytes(archive.read("project.qde"))
        texts = {n: archive.read(n).decode() for n in names if n.startswith("sources/")}
    from kube_qda.project import Project

    with Project.open("kube-qda.sqlite") as project:
        assert len(texts) == len(project.document_names()) >= 150
    schema("Project.xsd").validate(str(qde))
    body = qde.read_text("utf-8")
    source = re.search(r'<TextSource guid="([^"]+)" name="w01"', body)
    assert source is not None
    text = texts[f"sources/{source.group(1)}.txt"]
    w01_block = body[source.start() : body.index("</TextSource>", source.start())]
    from kube_qda import read_transcript, segments

    segs = {
        s.index: s.text for s in segments(read_transcript(TRANSCRIPTS / "w01_pendamping_sri.md"))
    }
    selections = re.findall(
        r'name="line:(\d+) w01#(\d+)" startPosition="(\d+)" endPosition="(\d+)"', w01_block
    )
    assert len(selections) >= 10
    for line, name, start, end in selections:
        assert text[int(start) : int(end)] == segs[int(name)]
        assert text.count("\n", 0, int(start)) == int(line)  # the line it starts on
    target = tmp_path / "again.sqlite"
    result = cli("init", "--from-qdpx", str(out), "-p", str(target))
    assert result.exit_code == 0, result.output
    assert labelled_codings(str(target)) == labelled_codings("kube-qda.sqlite")


def test_qdpx_with_path_traversal_or_broken_zip_is_refused(cli: Cli, tmp_path: Path) -> None:
    evil = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("project.qde", "<Project name='x'/>")
        archive.writestr("../../x", "boom")
    result = cli("init", "--from-qdpx", str(evil), "-p", str(tmp_path / "p.sqlite"))
    assert result.exit_code == 1
    assert "unsafe member name '../../x'" in result.stderr
    assert not (tmp_path.parent / "x").exists() and not (tmp_path / "p.sqlite").exists()
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    result = cli("init", "--from-qdpx", str(broken), "-p", str(tmp_path / "q.sqlite"))
    assert result.exit_code == 1 and "not a .qdpx (zip) file" in result.stderr
