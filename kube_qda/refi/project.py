"""Projects as REFI-QDA ``.qdpx`` (a zip of ``project.qde`` and ``Sources/``): export,
and starting a project from another tool's export."""

from __future__ import annotations

import json
import zipfile
from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from kube_qda import __version__
from kube_qda.codebook.model import Codebook
from kube_qda.project.store import Project
from kube_qda.refi.codebook import code_guid, codebook_data, codebook_yaml, codes_element
from kube_qda.refi.xmlsafe import RefiError, child, children, local, parse_xml, stable_guid

PROJECT_NS = "urn:QDA-XML:project:1.0"
MAX_MEMBER_BYTES = 200 * 1024 * 1024


def _code_guids(codebook: Codebook) -> dict[str, str]:
    return {
        cid: code_guid(codebook, cat, code)
        for cid, (cat, code) in zip(codebook.code_ids(), codebook.codes(), strict=True)
    }


def export_project(project: Project, path: Path) -> dict[str, int]:
    """Write ``path`` (.qdpx); returns counts of sources, codings and users."""
    codebook = project.codebook
    guids = _code_guids(codebook)
    docs = project.db.execute("SELECT name, text, attributes FROM documents ORDER BY id").fetchall()
    rows = list(project.coding_rows())
    coders = sorted({r["coder"] for r in rows})
    users = {c: stable_guid("user", c) for c in coders}
    root = Element(
        "Project",
        {"xmlns": PROJECT_NS, "name": codebook.title, "origin": f"kube-qda {__version__}"},
    )
    if coders:
        users_el = SubElement(root, "Users")
        for coder in coders:
            SubElement(users_el, "User", {"guid": users[coder], "name": coder})
    codes_element(SubElement(root, "CodeBook"), codebook)
    attributes = {name: json.loads(attrs) for name, _, attrs in docs}
    variables = sorted({k for attrs in attributes.values() for k in attrs})
    var_guids = {v: stable_guid("variable", v) for v in variables}
    if variables:
        vars_el = SubElement(root, "Variables")
        for v in variables:
            SubElement(
                vars_el, "Variable", {"guid": var_guids[v], "name": v, "typeOfVariable": "Text"}
            )
    cases = SubElement(root, "Cases")
    sources = SubElement(root, "Sources")
    spans = {(r.document, r.index): (r.start, r.end) for r in project.segments()}
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["code"] and row["status"] in ("accepted", "added"):
            by_doc[row["document"]].append(row)
    count = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text, _ in docs:
            source_guid = stable_guid("source", name)
            case = SubElement(cases, "Case", {"guid": stable_guid("case", name), "name": name})
            for key, value in sorted(attributes[name].items()):
                value_el = SubElement(case, "VariableValue")
                SubElement(value_el, "VariableRef", {"targetGUID": var_guids[key]})
                SubElement(value_el, "TextValue").text = str(value)
            SubElement(case, "SourceRef", {"targetGUID": source_guid})
            source = SubElement(
                sources,
                "TextSource",
                {
                    "guid": source_guid,
                    "name": name,
                    "plainTextPath": f"internal://{source_guid}.txt",
                },
            )
            for row in by_doc[name]:
                start, end = spans[(name, row["segment"])]
                key = (name, row["segment"], row["code"], row["coder"])
                selection = SubElement(
                    source,
                    "PlainTextSelection",
                    {
                        "guid": stable_guid("selection", *key),
                        "name": f"{name}#{row['segment']}",
                        "startPosition": str(start),
                        "endPosition": str(end),
                        "creatingUser": users[row["coder"]],
                    },
                )
                coding = SubElement(
                    selection,
                    "Coding",
                    {"guid": stable_guid("coding", *key), "creatingUser": users[row["coder"]]},
                )
                SubElement(coding, "CodeRef", {"targetGUID": guids[row["code"]]})
                count += 1
            archive.writestr(f"Sources/{source_guid}.txt", text.encode("utf-8"))
        if not len(cases):
            root.remove(cases)
        indent(root)
        qde = b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="utf-8")
        archive.writestr("project.qde", qde + b"\n")
    return {"sources": len(docs), "codings": count, "users": len(coders)}


# -- import -----------------------------------------------------------------------------


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
    import io

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # zipfile, lxml and python-docx raise many kinds on broken files
        raise RefiError(f"{where}: not a readable .docx file ({type(err).__name__})") from None
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def init_from_qdpx(qdpx: Path, target: Path) -> dict[str, Any]:
    """Create a project at ``target`` from a .qdpx: sources, codebook and codings (each
    selection is mapped to every segment it overlaps; codings keep their user as coder)."""
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
    by_guid = {
        code.guid: cid
        for cid, (_, code) in zip(codebook.code_ids(), codebook.codes(), strict=True)
        if code.guid
    }
    users = {
        u.get("guid"): u.get("name") or u.get("id") or "imported"
        for u in children(child(root, "Users") or Element("Users"), "User")
    }
    report: dict[str, Any] = {"sources": 0, "codings": 0, "skipped": []}
    project = Project.create(target, yaml_text, f"{qdpx.name} (codebook)")
    with project:
        for source in children(child(root, "Sources") or Element("Sources"), "TextSource"):
            _import_source(project, source, files, by_guid, users, report, str(qdpx))
    return report


def _import_source(
    project: Project,
    source: Element,
    files: dict[str, bytes],
    by_guid: dict[str, str],
    users: dict[str | None, str],
    report: dict[str, Any],
    name: str,
) -> None:
    from kube_qda.project.schema import transaction

    label = source.get("name") or source.get("guid") or "source"
    try:
        text = _source_text(source, files, name)
    except RefiError as err:
        report["skipped"].append(str(err))
        return
    document = project.add_text(label, text)
    rows = project.segments(document=document, informant_only=False)
    decisions: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    for selection in children(source, "PlainTextSelection"):
        start, end = int(selection.get("startPosition", 0)), int(selection.get("endPosition", 0))
        for coding in children(selection, "Coding"):
            ref = child(coding, "CodeRef")
            code = by_guid.get(ref.get("targetGUID") or "") if ref is not None else None
            if code is None:
                continue
            coder = users.get(
                coding.get("creatingUser") or selection.get("creatingUser"), "imported"
            )
            for row in rows:
                if row.start < end and start < row.end:
                    decisions[(row.id, coder)][code] = "added"
            report["codings"] += 1
    with transaction(project.db):
        for (segment_id, coder), statuses in decisions.items():
            project.write_decisions(segment_id, coder, statuses)
    report["sources"] += 1
