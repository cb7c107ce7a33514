"""Fuzzing: the parsers raise nothing but the tool's own error types, whatever the input."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kube_qda.errors import KubeQdaError
from kube_qda.project import Project
from kube_qda.transcripts import read_transcript

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "P:",
                "I:",
                "**Kiki (K):**",
                "[00:01:02] Peneliti :",
                "Bu Darmi:",
                "---",
                "# Judul",
                "WEBVTT",
                "00:00:01.000 --> 00:00:02.000",
                "1",
                "id: x",
                "<v Bu Sri>",
                "interviewer: [P]",
                ":",
                "(tertawa)",
            ]
        ),
        st.text(max_size=40),
    ),
    max_size=25,
).map("\n".join)


def only_own_errors(suffix: str, data: bytes, read: Callable[[Path], object]) -> None:
    """Write ``data`` to a temporary file and read it: only KubeQdaError may escape."""
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
        handle.write(data)
    path = Path(handle.name)
    try:
        read(path)
    except KubeQdaError:
        pass
    finally:
        path.unlink()


@FUZZ
@given(
    text=LINES,
    suffix=st.sampled_from([".txt", ".md", ".vtt", ".srt"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]),
)
def test_transcript_reader_raises_only_its_own_errors(
    text: str, suffix: str, encoding: str
) -> None:
    only_own_errors(suffix, text.encode(encoding, errors="replace"), read_transcript)


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".docx", ".vtt"]))
def test_transcript_reader_on_random_bytes(data: bytes, suffix: str) -> None:
    only_own_errors(suffix, data, read_transcript)


YAMLISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "id: x",
                "title: T",
                "categories:",
                "  - id: c",
                "    label: C",
                "    codes:",
                "      - id: a",
                "        label: A",
                "        definition: D",
                "        match:",
                "          keywords: [x]",
                "          regex: ['(']",
                "          near: [{groups: [[a]]}]",
                "profile:",
                "  no_stem: 3",
                "version: 1.0",
                "\t",
                "- [",
                "&a *a",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=20,
).map("\n".join)


@FUZZ
@given(text=YAMLISH)
def test_codebook_loader_raises_only_codebook_errors(text: str) -> None:
    from kube_qda import codebook_from_text
    from kube_qda.errors import CodebookError

    with contextlib.suppress(CodebookError):
        codebook_from_text(text, "fuzz.yaml")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    from kube_qda.project import Project
    from tests.conftest import ROOT

    path = tmp_path_factory.mktemp("fuzz") / "p.sqlite"
    p = Project.create(path, (ROOT / "codebooks" / "kube_wonogiri.yaml").read_text(), "kube")
    p.add([ROOT / "transcripts_sample" / "w01_pendamping_sri.md"])
    yield p
    p.close()


CSVISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "document,segment,code,status,coder,memo",
                "document,segment,code",
                "w01,1,,,x,",
                "w01,3,hasil.pendapatan,added,x,",
                "w01,x,,,,",
                'w01,1,"a\nb",,x,',
                "w99,1,,,x,",
                '"unterminated',
                "\x00",
                ",,,,,",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=12,
).map("\n".join)


@FUZZ
@given(text=CSVISH)
def test_codings_importer_raises_only_its_own_errors(project: Project, text: str) -> None:
    from kube_qda.project.codings import import_codings

    only_own_errors(
        ".csv",
        text.encode("utf-8", errors="replace"),
        lambda path: import_codings(project, path, "x"),
    )
