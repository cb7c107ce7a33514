"""No two modules of kube_qda import each other, directly or through others (imports
inside functions and for type checking count too), and no module changes the whole
process (Python's garbage collector, another library's module attributes)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kube_qda"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Module -> the kube_qda modules it imports anywhere in its source."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for target in targets:
                if target in modules and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    assert cycles(imports()) == []


def process_wide_changes(source: str) -> list[str]:
    """What a module's source does to the whole process: importing the garbage
    collector's controls, or assigning to an attribute of a module it imported
    (another library's internals)."""
    tree = ast.parse(source)
    modules: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                modules.add((alias.asname or alias.name).split(".")[0])
                if alias.name == "gc":
                    found.append(f"line {node.lineno}: import gc")
        elif isinstance(node, ast.ImportFrom) and node.module == "gc":
            found.append(f"line {node.lineno}: from gc import")
    assignments = [node for node in ast.walk(tree) if isinstance(node, ast.Assign)]
    for node in assignments:
        for target in node.targets:
            base = target
            while isinstance(base, ast.Attribute):
                base = base.value
            named = isinstance(base, ast.Name) and base.id in modules
            if isinstance(target, ast.Attribute) and named:
                found.append(f"line {node.lineno}: assigns {ast.unparse(target)}")
    return found


def test_the_side_effect_finder_finds_them() -> None:
    source = "import gc\nimport re\nimport Sastrawi.Stemmer as s\ns.re = re\nre.x.y = 1\n"
    assert process_wide_changes(source) == [
        "line 1: import gc",
        "line 4: assigns s.re",
        "line 5: assigns re.x.y",
    ]
    assert process_wide_changes("import re\nclass A:\n    x = 1\na = A()\na.x = 2\n") == []


def test_no_module_changes_the_whole_process() -> None:
    """The collector stays as Python set it, and no other library is patched."""
    found = {
        str(path.relative_to(PACKAGE.parent)): changes
        for path in sorted(PACKAGE.rglob("*.py"))
        if (changes := process_wide_changes(path.read_text("utf-8")))
    }
    assert found == {}
