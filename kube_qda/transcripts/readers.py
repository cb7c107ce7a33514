"""Read .txt/.md, .docx, .vtt and .srt files into a Transcript."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from kube_qda.errors import TranscriptError
from kube_qda.transcripts.decode import MAX_BYTES, decode
from kube_qda.transcripts.labels import MARK, candidate
from kube_qda.transcripts.model import Transcript
from kube_qda.transcripts.turns import LineHints, build_turns

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".vtt": "vtt",
           ".srt": "srt"}  # fmt: skip
_CUE_TIME = re.compile(
    r"^\s*(?P<start>(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*"
    r"(?P<end>(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3})(?:\s+.*)?$"
)
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+(?P<name>[^>]+)>")
_TAGS = re.compile(r"</?(?:v|c|i|b|u|lang|ruby|rt)(?:[.\s][^>]*)?>|<\d{2}:[\d:.]+>")


def read_transcript(
    path: str | Path,
    *,
    interviewer: Iterable[str] = (),
    interviewers_of: Mapping[str, Sequence[str]] | None = None,
    document_id: str | None = None,
) -> Transcript:
    """Read and parse one transcript file.

    ``interviewer`` names the labels that are the interviewer (overriding detection
    and front matter); else ``interviewers_of``, by document id, names this
    document's own (an attributes CSV's ``interviewer`` column). Raises
    TranscriptError naming the file.
    """
    path = Path(path)
    name = str(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise TranscriptError(
            f"{name}: unknown transcript format '{path.suffix}' (use .txt, .md, .docx, .vtt, .srt)"
        )
    raw = _read_bytes(path)
    if fmt == "docx":
        text, hints = _docx_text(raw, name)
    elif fmt in ("vtt", "srt"):
        text, hints = _cues_text(decode(raw, name), name, fmt)
    else:
        text, hints = decode(raw, name), LineHints()
    return transcript_from_text(
        text,
        name,
        fmt=fmt,
        hints=hints,
        interviewer=interviewer,
        interviewers_of=interviewers_of,
        document_id=document_id,
        fallback_id=path.stem,
    )


def transcript_from_text(
    text: str,
    name: str,
    *,
    fmt: str = "txt",
    hints: LineHints | None = None,
    interviewer: Iterable[str] = (),
    interviewers_of: Mapping[str, Sequence[str]] | None = None,
    document_id: str | None = None,
    fallback_id: str | None = None,
) -> Transcript:
    """Parse decoded text (front matter, turns); ``name`` names it in errors. The id is
    ``document_id``, else the front matter's ``id``, else ``fallback_id`` or ``name``.
    The interviewers are ``interviewer``, else ``interviewers_of[id]``, else the front
    matter's, else detected."""
    meta, text = split_front_matter(text, name)
    front_interviewer = _as_list(meta.pop("interviewer", None))
    known = _as_list(meta.pop("speakers", None))
    front_id = str(meta.pop("id", "") or "")
    doc_id = document_id or front_id or fallback_id or name
    override = (
        list(interviewer) or list((interviewers_of or {}).get(doc_id, ())) or front_interviewer
    )
    turns, warnings, preamble, epilogue = build_turns(
        text, hints=hints, known_speakers=known, interviewer=override
    )
    if not turns:
        raise TranscriptError(f"{name}: no transcript text found")
    if preamble is not None:
        for key, value in preamble_attributes(text[preamble[0] : preamble[1]]).items():
            meta.setdefault(key, value)
    return Transcript(doc_id, name, text, turns, meta, fmt, warnings, preamble, epilogue)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise TranscriptError(f"{path}: file is larger than 50 MB; is it a transcript?")
        return path.read_bytes()
    except FileNotFoundError:
        raise TranscriptError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TranscriptError(f"{path}: is a directory") from None
    except PermissionError:
        raise TranscriptError(f"{path}: permission denied") from None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def split_front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    """YAML between a first line ``---`` and the next ``---`` (or ``...``) line, or
    TOML between ``+++`` lines (as Hugo writes it); returns (meta, body)."""
    for opening, closing, parse in (
        ("---\n", r"^(?:---|\.\.\.)[ \t]*$", _yaml_meta),
        ("+++\n", r"^\+\+\+[ \t]*$", _toml_meta),
    ):
        if text.startswith(opening):
            end = re.search(closing, text[4:], flags=re.M)
            if end is None:
                raise TranscriptError(
                    f"{name}:1: front matter starts with {opening.strip()} but never ends"
                )
            meta = parse(text[4 : 4 + end.start()], name)
            if not isinstance(meta, dict):
                raise TranscriptError(f"{name}:2: front matter must be `key: value` lines")
            body = text[4 + end.end() :].lstrip("\n")
            return {str(k): v for k, v in meta.items()}, body
    return {}, text


def _yaml_meta(block: str, name: str) -> Any:
    try:
        return yaml.safe_load(block) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise TranscriptError(f"{name}:{line}: front matter is not valid YAML") from None


def _toml_meta(block: str, name: str) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - the backport, on Python 3.10
        import tomli as tomllib

    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"line (\d+)", str(err))
        line = int(found.group(1)) + 1 if found else 1
        raise TranscriptError(f"{name}:{line}: front matter is not valid TOML") from None


#: A ``Key: value`` line of a preamble (``Tanggal: 11 Maret 2023``, ``**Informan:** Bu
#: Yatmi``, ``Hari/tgl : Senin``, ``- Lokasi: Desa Gesing``): a key of one to four words.
_META_LINE = re.compile(
    rf"^[ \t]*(?:[-+][ \t]+)?(?:{MARK})*[ \t]*"
    rf"(?P<key>[^\W\d_][^\W_]*(?:[ /.-]+[^\W_]+){{0,3}})[.]?[ \t]*(?:{MARK})*[ \t]*:"
    rf"(?!//)(?:{MARK})*[ \t]*(?P<value>\S.*?)[ \t]*$"
)
_EMPHASIS = re.compile(rf"^(?:{MARK})+|(?:{MARK})+$")


def preamble_attributes(preamble: str) -> dict[str, str]:
    """Document attributes from the ``Key: value`` lines of a preamble: the key in
    lower case, words joined by ``_`` (``Hari/tgl`` -> ``hari_tgl``), the value
    without emphasis markers; the first of a repeated key wins."""
    found: dict[str, str] = {}
    for line in preamble.split("\n"):
        m = _META_LINE.match(line)
        if m is None:
            continue
        key = re.sub(r"\W+", "_", m.group("key").lower()).strip("_")
        value = " ".join(_EMPHASIS.sub("", m.group("value").strip()).split())
        if key and value:
            found.setdefault(key, value)
    return found


def open_docx(raw: bytes, name: str) -> Any:
    """A python-docx Document of the bytes; TranscriptError naming ``name`` when they
    are no readable Word file."""
    import io

    import docx

    try:
        return docx.Document(io.BytesIO(raw))
    except Exception as err:  # zipfile, lxml and python-docx raise many kinds on broken files
        raise TranscriptError(f"{name}: not a readable .docx file ({type(err).__name__})") from None


def _docx_text(raw: bytes, name: str) -> tuple[str, LineHints]:
    """Paragraph texts joined by newlines; a bold leading label is a sure label."""
    document = open_docx(raw, name)
    hints = LineHints()
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.replace("\u000b", " ")
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith(("Heading", "Title")) and text.strip():
            lines.append("# " + text.strip())  # a heading is structure, not speech
            continue
        bold = ""
        for run in paragraph.runs:
            if not run.bold:
                break
            bold += run.text
        label = bold.strip().rstrip(":").strip()
        if label and text.startswith(bold):
            rest = text[len(bold) :].strip().removeprefix(":").strip()
            probe = candidate(f"{label}: x")
            if probe is not None and probe.label == label:
                hints.known_labels.add(label)
                text = f"{label}: {rest}"
        lines.append(text)
    return "\n".join(lines), hints


def _cues_text(text: str, name: str, fmt: str) -> tuple[str, LineHints]:
    """WebVTT / SubRip cues to ``Speaker: words`` lines, one turn per speaker change."""
    lines = text.split("\n")
    index = 0
    if fmt == "vtt":
        if not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
            raise TranscriptError(f"{name}:1: a WebVTT file must start with WEBVTT")
        index = 1
    hints = LineHints()
    out: list[str] = []
    speaker: str | None = None
    while index < len(lines):
        line = lines[index]
        if "-->" in line:
            m = _CUE_TIME.match(line)
            if m is None:
                raise TranscriptError(f"{name}:{index + 1}: broken cue time '{line.strip()}'")
            index += 1
            cue: list[str] = []
            while index < len(lines) and lines[index].strip():
                cue.append(lines[index].strip())
                index += 1
            speaker = _add_cue(out, hints, cue, speaker, m.group("start"))
        elif line.strip() and fmt == "vtt" and line.startswith(("NOTE", "STYLE", "REGION")):
            while index < len(lines) and lines[index].strip():
                index += 1
        index += 1
    if not out:
        raise TranscriptError(f"{name}: no cues found")
    return "\n".join(out), hints


def _add_cue(
    out: list[str], hints: LineHints, cue: list[str], speaker: str | None, start: str
) -> str | None:
    """Append one cue; a cue by the same (or no) speaker continues the current turn."""
    words = " ".join(cue)
    label: str | None = None
    voice = _VOICE.match(words)
    words = _TAGS.sub("", words).strip()
    if voice:
        label = " ".join(voice.group("name").split())
    else:
        c = candidate(words)
        if c is not None:
            label, words = c.label, words[c.content_start :].strip()
    if not words:
        return speaker
    if out and (label is None or label == speaker):
        out[-1] += " " + words
        return speaker
    hints.timestamps[len(out)] = start
    if label is None:
        out.append(words)
        return None
    hints.known_labels.add(label)
    out.append(f"{label}: {words}")
    return label
