"""Read a codebook YAML file, validate it, report every problem with its place.

``yaml.safe_load`` semantics only (SafeLoader): no Python objects. The node
tree is walked once to remember where every key and value is, so that each
validation error becomes ``FILE:LINE:COL: message``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from kube_qda.codebook.model import Codebook
from kube_qda.errors import CodebookError, Problem

#: Larger files are refused before parsing (a codebook is a few hundred KB at most).
MAX_BYTES = 5 * 1024 * 1024
Path_ = tuple[str | int, ...]
DEFAULT_CODEBOOK = "kube_wonogiri.yaml"
#: libyaml's safe loader, if PyYAML was built with it.
FAST_LOADER: type[Any] | None = getattr(yaml, "CSafeLoader", None)


class Positions:
    """Where each value (and each mapping key) of a YAML document starts.

    Reading a node's position is the slow part of walking the tree, so positions are
    read only when a problem is reported (``of``); duplicate keys are found at once."""

    def __init__(self, root: yaml.Node) -> None:
        self.root = root
        self.value: dict[Path_, tuple[int, int]] = {}
        self.key: dict[Path_, tuple[int, int]] = {}
        self.duplicates: list[tuple[Path_, tuple[int, int]]] = []
        self._find_duplicates(root)

    def _find_duplicates(self, node: yaml.Node, path: Path_ = ()) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in seen:
                    self.duplicates.append((path + (key,), _mark(key_node)))
                seen.add(key)
                self._find_duplicates(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._find_duplicates(item, path + (index,))

    def _walk(self, node: yaml.Node, path: Path_ = ()) -> None:
        self.value[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = str(key_node.value)
                self.key[path + (key,)] = _mark(key_node)
                self._walk(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, path + (index,))

    def of(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest known ancestor."""
        if not self.value:
            self._walk(self.root)
        table = self.key if key else self.value
        if path in table:
            return table[path]
        while path and path not in self.value:
            path = path[:-1]
        return self.value.get(path, (1, 1))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def default_codebook_path() -> Path:
    """The KUBE codebook shipped inside the package."""
    return Path(str(resources.files("kube_qda") / "data" / "codebooks" / DEFAULT_CODEBOOK))


def read_codebook_text(path: Path) -> str:
    """Read a codebook file as UTF-8 text, or raise a one-problem CodebookError."""
    name = str(path)

    def fail(message: str, line: int = 1, col: int = 1) -> CodebookError:
        return CodebookError([Problem(name, line, col, message)])

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(f"file is {size // 1024 // 1024} MB; a codebook may be at most 5 MB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a directory, not a codebook file") from None
    except PermissionError:
        raise fail("permission denied") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise fail("not UTF-8 text (save the codebook as UTF-8)", line) from None
    if not text.strip():
        raise fail("the file is empty")
    return text


def parse_yaml(text: str, name: str) -> tuple[Any, Positions]:
    """Parse one YAML document safely; syntax errors become a CodebookError.

    libyaml's parser (``CSafeLoader``, when PyYAML has it) reads a codebook about ten
    times faster; a document it refuses is parsed again by PyYAML's own parser, whose
    messages every error test pins."""
    if FAST_LOADER is not None:
        try:
            return _parse_with(FAST_LOADER, text, name)
        except CodebookError:
            pass
    return _parse_with(yaml.SafeLoader, text, name)


def _parse_with(loader_class: type[Any], text: str, name: str) -> tuple[Any, Positions]:
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        message = f"YAML syntax: character #x{err.character:04x} is not allowed in YAML"
        raise CodebookError([Problem(name, line, 1, message)]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise CodebookError([Problem(name, 1, 1, "the file is empty")])
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = err.problem or "YAML syntax error"
        if "\\t" in message or "\t" in message:
            message = "a tab character cannot indent YAML; use spaces"
        raise CodebookError([Problem(name, line, col, f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as err:
        raise CodebookError([Problem(name, 1, 1, f"YAML syntax: {err}")]) from None
    finally:
        loader.dispose()
    return data, Positions(node)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate a codebook; ``None`` loads the bundled KUBE codebook.

    Raises CodebookError listing every problem found.
    """
    path = Path(path) if path is not None else default_codebook_path()
    return codebook_from_text(read_codebook_text(path), str(path))


def codebook_from_text(text: str, name: str = "<codebook>") -> Codebook:
    """Validate YAML text as a codebook (see ``load_codebook``)."""
    from kube_qda.codebook.validate import whole_codebook_problems

    data, positions = parse_yaml(text, name)
    problems = [
        Problem(name, *pos, f"duplicate key '{path[-1]}'") for path, pos in positions.duplicates
    ]
    if not isinstance(data, dict):
        problems.append(Problem(name, 1, 1, "a codebook must be a mapping of fields"))
        raise CodebookError(problems)
    problems += [
        Problem(name, *positions.of(path), f"{_dotted(path)}: {message}")
        for path, message in whole_codebook_problems(data)
    ]
    try:
        codebook = Codebook.model_validate(data)
    except ValidationError as err:
        problems += list(_pydantic_problems(err, data, positions, name))
    if problems:
        raise CodebookError(sorted(problems, key=lambda p: (p.line, p.column)))
    return codebook


def _pydantic_problems(
    err: ValidationError, data: Any, positions: Positions, name: str
) -> Iterable[Problem]:
    for item in err.errors():
        path = _data_path(item["loc"], data)
        where = _dotted(path)
        kind = item["type"]
        if kind == "extra_forbidden":
            key = str(item["loc"][-1])
            message = f"unknown key '{key}'{_did_you_mean(key, path[:-1])}"
            yield Problem(name, *positions.of(path, key=True), f"{_dotted(path[:-1])}: {message}")
        elif kind == "missing":
            field = str(item["loc"][-1])
            yield Problem(
                name, *positions.of(path), f"{_dotted(path[:-1])}: missing required field '{field}'"
            )
        else:
            message = str(item["msg"]).removeprefix("Value error, ")
            yield Problem(name, *positions.of(path), f"{where}: {message}")


def _data_path(loc: tuple[int | str, ...], data: Any) -> Path_:
    """Keep the parts of a pydantic location that address the YAML data.

    Union and type tags (``'str'``, ``'list[...]'``) are skipped; a missing or
    unknown key is kept as the last part.
    """
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and "[" not in part:
            path.append(part)
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "codebook"


def _did_you_mean(key: str, parent: Path_) -> str:
    fields = _fields_at(parent)
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _fields_at(path: Path_) -> list[str]:
    """The field names allowed at a data path, following the model classes."""
    model: type[BaseModel] | None = Codebook
    for part in path:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _inner_model(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None
