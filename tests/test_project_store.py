"""The project store: schema, migrations, add/replace, pretag, decisions, import/export."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kube_qda.codings_file import write_codings
from kube_qda.pretag import pretag
from kube_qda.project import Project, ProjectError
from kube_qda.project.codings import import_codings
from kube_qda.project.schema import MIGRATIONS, migrate, schema_sql
from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts_sample"
KUBE = (ROOT / "codebooks" / "kube_wonogiri.yaml").read_text("utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "p.sqlite", KUBE, "kube")
    p.add([SAMPLES / "w01_pendamping_sri.md", SAMPLES / "w02_anggota_darmi.txt"])
    return p


def test_schema_doc_is_current() -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    migrate(db)
    doc = (ROOT / "docs" / "project.md").read_text("utf-8")
    block = doc.split("```sql\n", 1)[1].split("\n```", 1)[0]
    assert block + "\n" == schema_sql(db), "docs/project.md schema is stale"


def test_migrations_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    Project.create(path, KUBE, "kube").close()
    with Project.open(path) as p:
        names = [r[0] for r in p.db.execute("SELECT name FROM migrations")]
        assert names == [name for name, _ in MIGRATIONS]
        assert p.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert p.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_open_errors(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project"):
        Project.open(tmp_path / "none.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database at all, just text" * 100)
    with pytest.raises(ProjectError, match="not a kube-qda project"):
        Project.open(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(ProjectError, match="not a kube-qda project"):
        Project.open(other)
    newer = tmp_path / "newer.sqlite"
    Project.create(newer, KUBE, "kube").close()
    db = sqlite3.connect(newer)
    db.execute("INSERT INTO migrations VALUES ('m999_future', 'x')")
    db.commit()
    db.close()
    with pytest.raises(ProjectError, match="newer kube-qda"):
        Project.open(newer)
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(newer, KUBE, "kube")


def test_add_is_idempotent_and_refuses_changed_text(project: Project, tmp_path: Path) -> None:
    report = project.add([SAMPLES / "w01_pendamping_sri.md"])
    assert report.unchanged == ["w01"]
    changed = tmp_path / "w01.md"
    changed.write_text(
        (SAMPLES / "w01_pendamping_sri.md")
        .read_text("utf-8")
        .replace("Pertama ya sosialisasi", "Pertama kali sosialisasi"),
        encoding="utf-8",
    )
    with pytest.raises(ProjectError, match="already in the project with different text"):
        project.add([changed])


def test_replace_keeps_unchanged_segments_and_orphans_changed(
    project: Project, tmp_path: Path
) -> None:
    rows = {r.index: r for r in project.segments(document="w01")}
    project.decide(rows[3].id, "x", {"strategi.kesadaran_pelatihan": "accepted"})
    project.decide(rows[5].id, "x", {"strategi.motivasi": "accepted"})
    project.set_memo(rows[5].id, "x", "penting")
    text = (SAMPLES / "w01_pendamping_sri.md").read_text("utf-8")
    changed = tmp_path / "w01.md"
    changed.write_text(
        text.replace("Pertama ya sosialisasi", "Pertama kali sosialisasi"), encoding="utf-8"
    )
    report = project.add([changed], replace=True)
    assert report.replaced == ["w01"]
    assert report.orphaned == [("w01", 3, "strategi.kesadaran_pelatihan", "x")]
    new = {r.index: r for r in project.segments(document="w01")}
    assert project.decisions(new[5].id, "x") == {"strategi.motivasi": "accepted"}
    assert project.memo(new[5].id, "x") == "penting"
    assert project.decisions(new[3].id, "x") == {}
    (orphan,) = project.db.execute("SELECT segment_text, code FROM orphans").fetchall()
    assert orphan[0].startswith("Pertama ya sosialisasi")


def test_add_all_or_nothing(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    from kube_qda import TranscriptError

    with pytest.raises(TranscriptError):
        project.add([SAMPLES / "w03_ketua_parno.txt", bad])
    assert project.document_names() == ["w01", "w02_anggota_darmi"]


def test_attributes_from_front_matter_and_csv(project: Project) -> None:
    project.add([SAMPLES / "w04_fgd_ngadirejo.md"], attributes={"w04": {"desa": "X", "k": "v"}})
    attrs = project.db.execute("SELECT attributes FROM documents WHERE name = 'w04'").fetchone()
    assert '"desa": "X"' in attrs[0] and '"role": "fgd"' in attrs[0]


def test_pretag_refreshes_suggestions_without_touching_decisions(project: Project) -> None:
    assert pretag(project) > 0
    row = project.segments(document="w01")[1]
    assert [s["code"] for s in project.suggestions(row.id)]
    project.decide(row.id, "x", {"strategi.kesadaran_pelatihan": "accepted"})
    project.set_codebook(KUBE.replace('version: "1.0"', 'version: "1.1"'), "kube 1.1")
    pretag(project)
    assert project.decisions(row.id, "x") == {"strategi.kesadaran_pelatihan": "accepted"}
    assert project.status()["codebook"] == "kube_wonogiri v1.1"


def test_decide_no_code_and_status(project: Project) -> None:
    rows = project.segments()
    project.decide(rows[0].id, "x", {})
    project.decide(rows[1].id, "y", {"hasil.pendapatan": "added"})
    status = project.status()
    assert status["coders"] == {"x": 1, "y": 1}
    assert status["documents"] == 2
    assert project.decisions(rows[0].id, "x") == {"": ""}


def _export(project: Project) -> str:
    import io

    out = io.StringIO()
    write_codings(project.coding_rows(), out)
    return out.getvalue()


def test_export_import_round_trip(project: Project, tmp_path: Path) -> None:
    rows = project.segments()
    project.decide(rows[0].id, "x", {})
    project.decide(
        rows[1].id,
        "x",
        {"strategi.kesadaran_pelatihan": "accepted", "modal_sosial.norma": "rejected"},
    )
    project.decide(rows[2].id, "x", {"hasil.pendapatan": "added"})
    project.set_memo(rows[2].id, "x", "cek lagi, bu")
    exported = _export(project)
    csv_path = tmp_path / "codings.csv"
    csv_path.write_text(exported, encoding="utf-8")
    fresh = Project.create(tmp_path / "fresh.sqlite", KUBE, "kube")
    fresh.add([SAMPLES / "w01_pendamping_sri.md", SAMPLES / "w02_anggota_darmi.txt"])
    assert import_codings(fresh, csv_path, "x") == 3
    assert _export(fresh) == exported


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("w99,1,,,x,", "unknown document 'w99'"),
        ("w01,999,,,x,", "document 'w01' has no segment 999"),
        ("w01,1,hasil.gaji,accepted,x,", "unknown code 'hasil.gaji'"),
        ("w01,1,hasil.pendapatan,maybe,x,", "status must be accepted, rejected or added"),
        ("w01,x,,,x,", "segment must be a number"),
        ("w01,1,,,y,", "coder 'y' is not 'x'"),
        ("w01,1,,,x", "5 cells, expected 6"),
    ],
)
def test_import_errors_name_the_row_and_write_nothing(
    project: Project, tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "document,segment,code,status,coder,memo\nw01,3,,,x,\n" + line + "\n", encoding="utf-8"
    )
    with pytest.raises(ProjectError, match=f"c.csv:3: {message}"):
        import_codings(project, path, "x")
    assert list(project.coding_rows()) == []


def test_import_duplicate_rows_and_bad_header(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "document,segment,code,status,coder,memo\nw01,3,,,x,\nw01,3,,,x,\n", encoding="utf-8"
    )
    with pytest.raises(ProjectError, match="c.csv:3: duplicate row for w01#3"):
        import_codings(project, path, "x")
    path.write_text("doc,seg\nw01,3\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="c.csv:1: missing columns document, segment, code"):
        import_codings(project, path, "x")
    path.write_bytes(b"")
    with pytest.raises(ProjectError, match="the file is empty"):
        import_codings(project, path, "x")
