"""Editing a codebook's YAML text in place: a code renamed, removed or split, every other
character (comments, order, line breaks, quoting) kept, so that a diff of the file
shows only the entries that changed.

The text is parsed into PyYAML's node tree only to find where each code's entry and
``id`` are (character offsets); the edit is made on the text itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

from kube_qda.errors import CodebookError, Problem


@dataclass(frozen=True)
class CodeEntry:
    """Where one code is written: its ``id`` value and its whole list item."""

    full_id: str
    id_start: int
    id_end: int
    item_start: int  # the start of the line of its "- "
    item_end: int  # the start of the line after it


def code_entries(text: str) -> dict[str, CodeEntry]:
    """Every code of the codebook text by full id (``category.code``)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    out: dict[str, CodeEntry] = {}
    for category in _items(_value(root, "categories")):
        category_id = _scalar(_value(category, "id"))
        codes = _items(_value(category, "codes"))
        for k, code in enumerate(codes):
            id_node = _value(code, "id")
            if id_node is None:
                continue
            full = f"{category_id}.{_scalar(id_node)}"
            start = _line_start(text, code.start_mark.index)
            end = (
                _line_start(text, codes[k + 1].start_mark.index)
                if k + 1 < len(codes)
                else _line_end(text, code.end_mark.index)
            )
            out[full] = CodeEntry(
                full, id_node.start_mark.index, id_node.end_mark.index, start, end
            )
    return out


def rename_code(text: str, old: str, new: str) -> str:
    """The text with code ``old`` renamed to ``new`` (same category)."""
    entry = _entry(text, old)
    written = text[entry.id_start : entry.id_end]
    quote = written[0] if written[:1] in ("'", '"') else ""
    short = new.split(".", 1)[1]
    return text[: entry.id_start] + f"{quote}{short}{quote}" + text[entry.id_end :]


def remove_code(text: str, full_id: str) -> str:
    """The text without code ``full_id``'s entry."""
    entry = _entry(text, full_id)
    return text[: entry.item_start] + text[entry.item_end :]


def add_codes_after(text: str, full_id: str, codes: list[tuple[str, str, str]]) -> str:
    """The text with new codes ((full id, label, definition), same category) written
    right after code ``full_id``'s entry, indented like it."""
    entry = _entry(text, full_id)
    first_line = text[entry.item_start : text.find("\n", entry.item_start)]
    indent = first_line[: len(first_line) - len(first_line.lstrip(" "))]
    lines = []
    for new_id, label, definition in codes:
        lines += [
            f"{indent}- id: {new_id.split('.', 1)[1]}",
            f"{indent}  label: {json.dumps(label, ensure_ascii=False)}",
            f"{indent}  definition: {json.dumps(definition, ensure_ascii=False)}",
        ]
    block = "\n".join(lines) + "\n"
    at = entry.item_end
    if at and text[at - 1] != "\n":  # the entry ends the file without a newline
        block = "\n" + block
    return text[:at] + block + text[at:]


def _entry(text: str, full_id: str) -> CodeEntry:
    found = code_entries(text).get(full_id)
    if found is None:
        raise CodebookError([Problem("<codebook>", 1, 1, f"no code '{full_id}' in the YAML")])
    return found


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == key:
                return value  # type: ignore[no-any-return]
    return None


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _scalar(node: yaml.Node | None) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else ""


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Where a node that ends at ``index`` ends as whole lines: PyYAML ends a block
    node where the next token starts, often at the next line's indentation or its
    "- "; the entry then ends at that line's start, else at the next line's."""
    start = _line_start(text, index)
    if not text[start:index].strip(" -"):
        return start
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1
