"""Starting a project from another tool's REFI-QDA ``.qdpx``: sources, codebook,
codings with their coders, memos (``Note``) and document attributes (Cases and
Variables), as NVivo for Windows and Mac, qc and kube-qda write them."""

from __future__ import annotations

import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element

from kube_qda.errors import TranscriptError
from kube_qda.project.store import Project
from kube_qda.refi.codebook import codebook_data, codebook_yaml
from kube_qda.refi.xmlsafe import RefiError, child, children, local, parse_xml
from kube_qda.transcripts.readers import open_docx

MAX_MEMBER_BYTES = 200 * 1024 * 1024


def _safe_members(archive: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    members = {}
    for info in archive.infolist():
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        if info.filename.startswith(("/", "\\")) or ".." in parts or ":" in info.filename:
            raise RefiError(f"{name}: refused: unsafe member name '{info.filename}' in the zip")
        if info.file_size > MAX_MEMBER_BYTES:
            raise RefiError(f"{name}: refused: member '{info.filename}' is too large")
        members[info.filename.replace("\\", "/")] = info
    return members


def read_qdpx(path: Path) -> tuple[Element, dict[str, bytes]]:
    """The parsed project.qde and the bytes of every source file, read from the zip."""
    name = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise RefiError(f"{name}: not a .qdpx (zip) file ({err})") from None
    with archive:
        members = _safe_members(archive, name)
        qde = next((m for m in members if m.lower().endswith(".qde") and "/" not in m), None)
        if qde is None:
            raise RefiError(f"{name}: no project.qde inside")
        root = parse_xml(archive.read(members[qde]), f"{name}:{qde}")
        if local(root.tag) != "Project":
            raise RefiError(f"{name}: the root element is <{local(root.tag)}>, not <Project>")
        files = {
            m: archive.read(info) for m, info in members.items() if m.lower().startswith("sources/")
        }
    return root, files


def _source_text(source: Element, files: dict[str, bytes], name: str) -> str:
    """A source's plain text: inline ``PlainTextContent``, else the file its
    ``plainTextPath`` names, else its ``richTextPath`` Word file read as text.

    Paths are read as NVivo for Windows (``internal://GUID.txt`` in ``Sources/``),
    NVivo for Mac (``sources/``, lower case) and qc (a file name relative to
    ``sources/``) write them; member names are compared in lower case. Raises
    RefiError naming the source when none of them can be read."""
    content = child(source, "PlainTextContent")
    if content is not None and content.text:
        return content.text
    label = source.get("name") or source.get("guid") or "source"
    plain = source.get("plainTextPath") or ""
    rich = source.get("richTextPath") or ""
    data = _member(files, plain) if plain else None
    if data is not None:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RefiError(f"{name}: source '{label}': {plain} is not UTF-8 text") from None
    data = _member(files, rich) if rich else None
    if data is not None and rich.lower().endswith(".docx"):
        return _docx_plain_text(data, f"{name}: source '{label}'")
    if plain or rich:
        raise RefiError(f"{name}: source '{label}': missing source file {plain or rich}")
    raise RefiError(f"{name}: source '{label}' has no text (no plainTextPath or content)")


def _member(files: dict[str, bytes], reference: str) -> bytes | None:
    """The zip member a source path names (``internal://``, ``relative://``, a path
    under ``sources/`` or a bare file name), compared in lower case."""
    path = reference
    for prefix in ("internal://", "relative://", "file://"):
        path = path.removeprefix(prefix)
    path = path.replace("\\", "/").lstrip("/").lower()
    by_lower = {member.lower(): data for member, data in files.items()}
    for candidate in (f"sources/{path}", path, f"sources/{PurePosixPath(path).name}"):
        if candidate in by_lower:
            return by_lower[candidate]
    return None


def _docx_plain_text(data: bytes, where: str) -> str:
    """The paragraphs of a Word file, one per line (a rich-text-only source)."""
    try:
        document = open_docx(data, where)
    except TranscriptError as err:
        raise RefiError(str(err)) from None
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


@dataclass
class _Reading:
    """What importing the sources needs from the rest of the project file."""

    project: Project
    name: str  # the .qdpx, for messages
    files: dict[str, bytes]
    codes: dict[str, str]  # code GUID -> code id
    users: dict[str | None, str]  # user GUID -> coder name
    notes: dict[str, tuple[str, str | None]]  # note GUID -> (text, creating user GUID)
    attributes: dict[str, dict[str, str]]  # source GUID -> document attributes
    report: dict[str, Any] = field(
        default_factory=lambda: {"sources": 0, "codings": 0, "memos": 0, "skipped": []}
    )


def init_from_qdpx(qdpx: Path, target: Path) -> dict[str, Any]:
    """Create a project at ``target`` from a .qdpx: sources with their attributes,
    codebook, codings and memos (each selection is mapped to every segment it
    overlaps; codings and memos keep their user as coder)."""
    from kube_qda.codebook.loader import codebook_from_text

    root, files = read_qdpx(qdpx)
    book = child(root, "CodeBook")
    codes = child(book, "Codes") if book is not None else None
    if codes is None:
        raise RefiError(f"{qdpx}: the project has no codebook (<CodeBook><Codes>)")
    yaml_text = codebook_yaml(
        codebook_data(codes, child(root, "Sets"), qdpx.stem, root.get("name") or "")
    )
    codebook = codebook_from_text(yaml_text, f"{qdpx} (codebook)")
    users = {
        u.get("guid"): u.get("name") or u.get("id") or "imported"
        for u in children(child(root, "Users") or Element("Users"), "User")
    }
    project = Project.create(target, yaml_text, f"{qdpx.name} (codebook)")
    reading = _Reading(
        project,
        str(qdpx),
        files,
        codes={
            code.guid: cid
            for cid, (_, code) in zip(codebook.code_ids(), codebook.codes(), strict=True)
            if code.guid
        },
        users=users,
        notes=_notes(root),
        attributes=_source_attributes(root),
    )
    with project:
        for source in children(child(root, "Sources") or Element("Sources"), "TextSource"):
            _import_source(reading, source)
    return reading.report


def _notes(root: Element) -> dict[str, tuple[str, str | None]]:
    """Every ``Note``'s plain text and creating user, by GUID."""
    found: dict[str, tuple[str, str | None]] = {}
    for note in children(child(root, "Notes") or Element("Notes"), "Note"):
        content = child(note, "PlainTextContent")
        text = (content.text or "") if content is not None else ""
        if note.get("guid") and text.strip():
            found[note.get("guid") or ""] = (text, note.get("creatingUser"))
    return found


def _source_attributes(root: Element) -> dict[str, dict[str, str]]:
    """Document attributes from Cases: each Case's variable values, for every source
    it refers to (a value of any type is kept as text)."""
    names = {
        v.get("guid"): v.get("name") or ""
        for v in children(child(root, "Variables") or Element("Variables"), "Variable")
    }
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for case in children(child(root, "Cases") or Element("Cases"), "Case"):
        values = {}
        for value in children(case, "VariableValue"):
            ref = child(value, "VariableRef")
            name = names.get(ref.get("targetGUID")) if ref is not None else None
            typed = next((c for c in value if local(c.tag).endswith("Value")), None)
            if name and typed is not None and typed.text is not None:
                values[name] = typed.text
        for source in children(case, "SourceRef"):
            found[source.get("targetGUID") or ""].update(values)
    return found


def _import_source(reading: _Reading, source: Element) -> None:
    label = source.get("name") or source.get("guid") or "source"
    try:
        text = _source_text(source, reading.files, reading.name)
    except RefiError as err:
        reading.report["skipped"].append(str(err))
        return
    project = reading.project
    attributes = reading.attributes.get(source.get("guid") or "", {})
    document = project.add_text(label, text, attributes=attributes)
    rows = project.segments(document=document, informant_only=False)
    decisions: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    memos: dict[tuple[int, str], list[str]] = defaultdict(list)  # joined when written
    for selection in children(source, "PlainTextSelection"):
        start, end = int(selection.get("startPosition", 0)), int(selection.get("endPosition", 0))
        overlapping = [row.id for row in rows if row.start < end and start < row.end]
        for coding in children(selection, "Coding"):
            ref = child(coding, "CodeRef")
            code = reading.codes.get(ref.get("targetGUID") or "") if ref is not None else None
            if code is None:
                continue
            user = coding.get("creatingUser") or selection.get("creatingUser")
            for segment_id in overlapping:
                decisions[(segment_id, reading.users.get(user, "imported"))][code] = "added"
            reading.report["codings"] += 1
        for ref in children(selection, "NoteRef"):
            memo, user = reading.notes.get(ref.get("targetGUID") or "", ("", None))
            coder = reading.users.get(user or selection.get("creatingUser"), "imported")
            for segment_id in overlapping if memo else []:
                memos[(segment_id, coder)].append(memo)
            reading.report["memos"] += bool(memo)
    project.import_decisions(decisions, {key: "\n\n".join(texts) for key, texts in memos.items()})
    reading.report["sources"] += 1
