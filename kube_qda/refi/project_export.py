"""A project as REFI-QDA ``.qdpx``: a zip of ``project.qde`` and ``sources/``.

What is written, and why in this form (docs/refi.md has the table of tools):

- the source texts in a lower-case ``sources/`` folder, as NVivo for Mac writes and qc
  reads it (tools that write ``Sources/`` read either, since they compare names
  without regard to case);
- one ``PlainTextSelection`` per confirmed coding, spanning its segment and named
  ``line:N DOC#SEG`` (N the 0-based line the segment starts on: line-based tools
  such as qc place the coding on that line; the rest names the segment);
- each memo as a ``Note`` referenced from a selection spanning its segment;
- document attributes as Variables and one Case per document.

With a ``Pseudonymiser``, every participant's name is replaced in the source texts
(the selections' offsets move with them), document names, attributes, memos and the
codebook's descriptions (their example quotes).
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from kube_qda import __version__
from kube_qda.codebook.model import Codebook
from kube_qda.errors import KubeQdaError
from kube_qda.names.mapping import Pseudonymiser, moved, scrub
from kube_qda.project.store import Project
from kube_qda.refi.codebook import code_guid, codes_element
from kube_qda.refi.xmlsafe import stable_guid

PROJECT_NS = "urn:QDA-XML:project:1.0"
#: The folder of source files inside the zip.
SOURCES = "sources"
CONFIRMED = ("accepted", "added")


def code_guids(codebook: Codebook) -> dict[str, str]:
    """Code id -> the GUID it is exported with."""
    return {
        cid: code_guid(codebook, cat, code)
        for cid, (cat, code) in zip(codebook.code_ids(), codebook.codes(), strict=True)
    }


@dataclass(frozen=True)
class _Material:
    """What is exported: documents (name, text, attributes), codings, memos (document,
    segment, coder, text) and each segment's characters."""

    documents: list[tuple[str, str, dict[str, Any]]]
    codings: list[dict[str, Any]]
    memos: list[tuple[str, int, str, str]]
    spans: dict[tuple[str, int], tuple[int, int]]

    def pseudonymised(self, names: Pseudonymiser) -> _Material:
        """The same material with every mapped name replaced; segments keep covering
        the same words of the changed texts."""
        edits = {}
        documents = []
        for name, text, attributes in self.documents:
            new_text, edits[name] = names.with_edits(text)
            documents.append((names(name), new_text, scrub(attributes, names)))
        if len({name for name, _, _ in documents}) < len(documents):
            raise KubeQdaError("two documents get the same name with the pseudonyms; "
                               "give their names different pseudonyms")  # fmt: skip
        spans = {
            (names(doc), seg): (moved(start, edits[doc]), moved(end, edits[doc]))
            for (doc, seg), (start, end) in self.spans.items()
        }
        codings = [{**r, "document": names(r["document"]), "memo": names(r["memo"] or "")}
                   for r in self.codings]  # fmt: skip
        memos = [(names(d), s, coder, names(text)) for d, s, coder, text in self.memos]
        return _Material(documents, codings, memos, spans)


@dataclass
class _Writing:
    """What writing each source needs."""

    users: dict[str, str]  # coder -> user GUID
    codes: dict[str, str]  # code id -> code GUID
    spans: dict[tuple[str, int], tuple[int, int]]  # (document, segment) -> characters
    codings: dict[str, list[dict[str, Any]]]  # document -> its confirmed codings
    memos: dict[str, list[tuple[int, str, str]]]  # document -> (segment, coder, text)
    notes: Element  # <Notes>, filled as memos are written


def export_project(
    project: Project, path: Path, names: Pseudonymiser | None = None
) -> dict[str, int]:
    """Write ``path`` (.qdpx); returns counts of sources, codings, memos and users."""
    codebook = project.codebook
    material = _Material(
        project.document_rows(),
        list(project.coding_rows()),
        project.memo_rows(),
        {(r.document, r.index): (r.start, r.end) for r in project.segments(informant_only=False)},
    )
    if names:
        material = material.pseudonymised(names)
    documents, rows, memo_rows = material.documents, material.codings, material.memos
    coders = sorted({r["coder"] for r in rows} | {coder for _, _, coder, _ in memo_rows})
    writing = _Writing(
        users={c: stable_guid("user", c) for c in coders},
        codes=code_guids(codebook),
        spans=material.spans,
        codings=defaultdict(list),
        memos=defaultdict(list),
        notes=Element("Notes"),
    )
    for row in rows:
        if row["code"] and row["status"] in CONFIRMED:
            writing.codings[row["document"]].append(row)
    for document, segment, coder, text in memo_rows:
        writing.memos[document].append((segment, coder, text))
    root = Element(
        "Project",
        {"xmlns": PROJECT_NS, "name": codebook.title, "origin": f"kube-qda {__version__}"},
    )
    if coders:
        users_el = SubElement(root, "Users")
        for coder in coders:
            SubElement(users_el, "User", {"guid": writing.users[coder], "name": coder})
    codebook_element = SubElement(root, "CodeBook")
    codes_element(codebook_element, codebook)
    if names:  # the codebook's example quotes are participants' words too
        for element in codebook_element.iter():
            element.text = names(element.text) if element.text else element.text
    _cases(root, documents)
    sources = SubElement(root, "Sources")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text, _ in documents:
            guid = _source(sources, writing, name, text)
            archive.writestr(f"{SOURCES}/{guid}.txt", text.encode("utf-8"))
        if len(writing.notes):
            root.append(writing.notes)  # right after Sources, as the schema orders them
        indent(root)
        qde = b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="utf-8")
        archive.writestr("project.qde", qde + b"\n")
    count = sum(len(v) for v in writing.codings.values())
    return {"sources": len(documents), "codings": count, "memos": len(memo_rows),
            "users": len(coders)}  # fmt: skip


def _source(sources: Element, writing: _Writing, name: str, text: str) -> str:
    """One TextSource with its codings and memos; returns its GUID."""
    guid = stable_guid("source", name)
    source = SubElement(
        sources,
        "TextSource",
        {"guid": guid, "name": name, "plainTextPath": f"internal://{guid}.txt"},
    )
    for row in writing.codings[name]:
        key = (name, row["segment"], row["code"], row["coder"])
        user = writing.users[row["coder"]]
        selection = _selection(source, text, writing, (name, row["segment"]), user,
                               stable_guid("selection", *key))  # fmt: skip
        coding = SubElement(
            selection, "Coding", {"guid": stable_guid("coding", *key), "creatingUser": user}
        )
        SubElement(coding, "CodeRef", {"targetGUID": writing.codes[row["code"]]})
    for segment, coder, memo in writing.memos[name]:
        note_guid = stable_guid("note", name, segment, coder)
        user = writing.users[coder]
        note = SubElement(writing.notes, "Note", {"guid": note_guid, "creatingUser": user,
                          "name": f"{name}#{segment} memo by {coder}"})  # fmt: skip
        SubElement(note, "PlainTextContent").text = memo
        selection = _selection(source, text, writing, (name, segment), user,
                               stable_guid("memo", name, segment, coder))  # fmt: skip
        SubElement(selection, "NoteRef", {"targetGUID": note_guid})
    return guid


def _selection(
    source: Element,
    text: str,
    writing: _Writing,
    where: tuple[str, int],
    user: str,
    guid: str,
) -> Element:
    """A selection spanning one segment, named ``line:N DOC#SEG``."""
    start, end = writing.spans[where]
    return SubElement(
        source,
        "PlainTextSelection",
        {
            "guid": guid,
            "name": f"line:{text.count(chr(10), 0, start)} {where[0]}#{where[1]}",
            "startPosition": str(start),
            "endPosition": str(end),
            "creatingUser": user,
        },
    )


def _cases(root: Element, documents: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Attributes as Variables (text) and one Case per document with its values."""
    variables = sorted({key for _, _, attributes in documents for key in attributes})
    variable_guids = {v: stable_guid("variable", v) for v in variables}
    if variables:
        variables_el = SubElement(root, "Variables")
        for variable in variables:
            SubElement(variables_el, "Variable", {"guid": variable_guids[variable],
                       "name": variable, "typeOfVariable": "Text"})  # fmt: skip
    if not documents:
        return
    cases = SubElement(root, "Cases")
    for name, _, attributes in documents:
        case = SubElement(cases, "Case", {"guid": stable_guid("case", name), "name": name})
        for key, value in sorted(attributes.items()):
            value_el = SubElement(case, "VariableValue")
            SubElement(value_el, "VariableRef", {"targetGUID": variable_guids[key]})
            SubElement(value_el, "TextValue").text = str(value)
        SubElement(case, "SourceRef", {"targetGUID": stable_guid("source", name)})
