"""Codebooks as REFI-QDA ``.qdc``: export (validates against Codebook.xsd) and import
(what NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette write)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, indent, tostring

import yaml

from kube_qda import __version__
from kube_qda.codebook.model import Category, Code, Codebook, full_id
from kube_qda.refi.xmlsafe import (
    RefiError,
    child,
    children,
    local,
    normalise_color,
    parse_xml,
    stable_guid,
    text_of,
)

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"


def description(code: Code) -> str:
    """Definition, then inclusion/exclusion criteria and examples, readable as text."""
    parts = [code.definition.strip()]
    for title, items in (
        ("Include", code.include),
        ("Exclude", code.exclude),
        ("Examples", [f"“{e}”" for e in code.examples]),
    ):
        if items:
            parts.append(f"{title}:\n" + "\n".join(f"- {item}" for item in items))
    return "\n\n".join(p for p in parts if p)


def code_guid(codebook: Codebook, category: Category, code: Code | None = None) -> str:
    if code is not None:
        return code.guid or stable_guid("code", codebook.id, full_id(category, code))
    return category.guid or stable_guid("category", codebook.id, category.id)


def codes_element(parent: Element, codebook: Codebook) -> Element:
    """``<Codes>``: categories as non-codable parents holding their codes."""
    codes = SubElement(parent, "Codes")
    for category in codebook.categories:
        attrs = {
            "guid": code_guid(codebook, category),
            "name": category.label,
            "isCodable": "false",
        }
        if category.color:
            attrs["color"] = category.color
        node = SubElement(codes, "Code", attrs)
        if category.description:
            SubElement(node, "Description").text = " ".join(category.description.split())
        for code in category.codes:
            attrs = {
                "guid": code_guid(codebook, category, code),
                "name": code.label,
                "isCodable": "true",
            }
            if code.color or category.color:
                attrs["color"] = code.color or category.color or ""
            SubElement(SubElement(node, "Code", attrs), "Description").text = description(code)
    return codes


def export_codebook(codebook: Codebook) -> bytes:
    """The codebook as QDC bytes; the same codebook always gives the same bytes."""
    root = Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": f"kube-qda {__version__}"})
    codes_element(root, codebook)
    indent(root)
    body: bytes = tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


# -- import -----------------------------------------------------------------------------


def export_codebook_csv(codebook: Codebook) -> str:
    """The codebook as CSV for tools that import codebooks that way (Taguette reads a
    ``tag`` column and a ``description``; the other columns are for people): one row
    per code, its full id as the tag, its description as in a .qdc."""
    import csv
    import io

    from kube_qda.export.tables import neutralise

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["tag", "description", "label", "category", "color"])
    for category, code in codebook.codes():
        writer.writerow(
            neutralise(cell)
            for cell in (
                full_id(category, code),
                description(code),
                code.label,
                category.label,
                code.color or category.color or "",
            )  # fmt: skip
        )
    return out.getvalue()


def slug(name: str, taken: set[str]) -> str:
    """A readable, unique lower-case id from a name (accents dropped)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "code"
    if not base[0].isalpha():
        base = "c_" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _entry(node: Element, label: str, taken: set[str], text: str = "definition") -> dict[str, Any]:
    """A code (or, with ``text="description"``, a category) from a <Code> element."""
    entry: dict[str, Any] = {
        "id": slug(label, taken),
        "label": label,
        text: text_of(child(node, "Description")).strip(),
    }
    color = normalise_color(node.get("color"))
    if color:
        entry["color"] = color
    if node.get("guid"):
        entry["guid"] = node.get("guid")
    return entry


def _descendants(node: Element, prefix: str, taken: set[str]) -> list[dict[str, Any]]:
    """Every code below ``node``, flattened; labels keep the path of deeper levels."""
    out = []
    for sub in children(node, "Code"):
        name = sub.get("name") or "code"
        label = f"{prefix} / {name}" if prefix else name
        if sub.get("isCodable", "true").lower() != "false":
            out.append(_entry(sub, label, taken))
        out += _descendants(sub, label, taken)
    return out


def import_codebook(path: Path) -> dict[str, Any]:
    """Read a .qdc (or the CodeBook of a .qde) into codebook data for YAML."""
    root = parse_xml(path.read_bytes(), str(path))
    if local(root.tag) == "Project":
        book = child(root, "CodeBook")
        root = book if book is not None else root
    if local(root.tag) != "CodeBook":
        raise RefiError(f"{path}: the root element is <{local(root.tag)}>, not <CodeBook>")
    codes = child(root, "Codes")
    if codes is None:
        raise RefiError(f"{path}: no <Codes> element")
    return codebook_data(codes, child(root, "Sets"), path.stem, root.get("origin") or "")


def codebook_data(codes: Element, sets: Element | None, name: str, origin: str) -> dict[str, Any]:
    """Top-level codes with children become categories; top-level codes without children
    go to the category of the first Set naming them, else to one category "codes"."""
    taken_categories: set[str] = set()
    taken_codes: set[str] = set()
    categories: list[dict[str, Any]] = []
    loose: list[Element] = []
    for top in children(codes, "Code"):
        if next(children(top, "Code"), None) is None:
            loose.append(top)
            continue
        label = top.get("name") or "category"
        category = _entry(top, label, taken_categories, "description")
        members = []
        if top.get("isCodable", "true").lower() != "false":
            members.append(_entry(top, label, taken_codes))
        members += _descendants(top, "", taken_codes)
        category["codes"] = members
        categories.append(category)
    categories += _loose_categories(loose, sets, taken_categories, taken_codes)
    return {
        "id": slug(name, set()),
        "title": origin or name,
        "version": "1.0",
        "source": f"imported from {name}.qdc" + (f" ({origin})" if origin else ""),
        "categories": categories,
    }


def _loose_categories(
    loose: list[Element], sets: Element | None, taken_categories: set[str], taken_codes: set[str]
) -> list[dict[str, Any]]:
    by_guid = {node.get("guid"): node for node in loose}
    placed: set[str | None] = set()
    out = []
    for group in children(sets, "Set") if sets is not None else []:
        members = [
            by_guid[m.get("guid")]
            for m in children(group, "MemberCode")
            if m.get("guid") in by_guid and m.get("guid") not in placed
        ]
        if not members:
            continue
        label = group.get("name") or "set"
        out.append(
            {
                "id": slug(label, taken_categories),
                "label": label,
                "description": text_of(child(group, "Description")).strip(),
                "codes": [_entry(m, m.get("name") or "code", taken_codes) for m in members],
            }
        )
        placed |= {m.get("guid") for m in members}
    rest = [node for node in loose if node.get("guid") not in placed]
    if rest:
        out.append(
            {
                "id": slug("codes", taken_categories),
                "label": "Codes",
                "codes": [_entry(n, n.get("name") or "code", taken_codes) for n in rest],
            }
        )
    return out


def codebook_yaml(data: dict[str, Any]) -> str:
    header = (
        "# Imported from REFI-QDA by kube-qda. Add match rules under each code's\n"
        "# `match:` (docs/codebook.md); GUIDs are kept so a re-export matches.\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
