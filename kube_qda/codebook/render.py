"""Codebook views: a rich tree, Markdown for a methods chapter, normalised JSON."""

from __future__ import annotations

import json
from typing import Any

from rich.tree import Tree

from kube_qda.codebook.model import Codebook, Match, full_id


def codebook_json(codebook: Codebook) -> str:
    """The full normalised codebook; each code carries its full id and category."""
    data: dict[str, Any] = codebook.model_dump(mode="json", exclude={"categories"})
    data["categories"] = [
        cat.model_dump(mode="json", exclude={"codes"}) for cat in codebook.categories
    ]
    data["codes"] = [
        {**code.model_dump(mode="json"), "id": full_id(cat, code), "category": cat.id}
        for cat, code in codebook.codes()
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)


def rule_summary(match: Match) -> str:
    """A short count of a code's rules, e.g. ``12 keywords, 2 near, 1 regex``."""
    parts = [
        f"{len(items)} {name}"
        for name, items in (
            ("keywords", match.keywords),
            ("patterns", match.patterns),
            ("regex", match.regex),
            ("near", match.near),
            ("question", match.question),
            ("unless", match.unless),
        )
        if items
    ]
    return ", ".join(parts) or "no rules"


def codebook_tree(codebook: Codebook) -> Tree:
    root = Tree(
        f"[bold]{codebook.title}[/bold]  [dim]{codebook.id} v{codebook.version}"
        f" · {codebook.language} · {sum(1 for _ in codebook.codes())} codes[/dim]"
    )
    for category in codebook.categories:
        gloss = f" [dim]({category.gloss})[/dim]" if category.gloss else ""
        branch = root.add(f"[bold cyan]{category.id}[/bold cyan] {category.label}{gloss}")
        for code in category.codes:
            code_gloss = f" [dim]({code.gloss})[/dim]" if code.gloss else ""
            branch.add(
                f"[green]{full_id(category, code)}[/green] {code.label}{code_gloss}"
                f"  [dim]{rule_summary(code.match)}[/dim]"
            )
    return root


def codebook_markdown(codebook: Codebook) -> str:
    """The codebook as Markdown: one section per category, one entry per code."""
    lines = [f"# {codebook.title}", ""]
    meta = [("Id", codebook.id), ("Version", codebook.version), ("Language", codebook.language)]
    if codebook.authors:
        meta.append(("Authors", ", ".join(codebook.authors)))
    if codebook.source:
        meta.append(("Source", codebook.source))
    lines += [f"- **{k}:** {v}" for k, v in meta] + [""]
    if codebook.description:
        lines += [codebook.description.strip(), ""]
    for category in codebook.categories:
        gloss = f" ({category.gloss})" if category.gloss else ""
        lines += [f"## {category.label}{gloss} — `{category.id}`", ""]
        if category.description:
            lines += [category.description.strip(), ""]
        for code in category.codes:
            gloss = f" ({code.gloss})" if code.gloss else ""
            lines += [f"### `{full_id(category, code)}` {code.label}{gloss}", ""]
            lines += [code.definition.strip(), ""]
            for title, items in (
                ("Include", code.include),
                ("Exclude", code.exclude),
                ("Examples", [f"“{e}”" for e in code.examples]),
            ):
                if items:
                    lines += [f"**{title}:**", ""] + [f"- {item}" for item in items] + [""]
    return "\n".join(lines).rstrip() + "\n"
