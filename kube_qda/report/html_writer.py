"""The chapter as one self-contained HTML file: the figure inlined as a data URI and
a style sheet that prints on A4 (tables and figures kept whole on a page)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from kube_qda.report.blocks import (
    Block,
    Heading,
    ListItem,
    Paragraph,
    Quote,
    Table,
    cell_text,
)

STYLE = """
body { font-family: "Times New Roman", Times, serif; font-size: 12pt; line-height: 1.5;
       max-width: 16cm; margin: 2cm auto; color: #000; }
h1 { font-size: 14pt; text-align: center; margin-top: 1.5em; }
h2 { font-size: 12pt; margin-top: 1.5em; }
h3 { font-size: 12pt; font-style: italic; font-weight: normal; }
blockquote { margin: 0.5em 2em; font-style: italic; }
blockquote .who { font-style: normal; }
table { border-collapse: collapse; margin: 0.3em 0 1.2em; font-size: 10pt; }
th, td { border: 1px solid #000; padding: 2px 6px; vertical-align: top; }
td.n { text-align: right; }
.caption { font-weight: normal; margin: 1em 0 0.2em; }
.caption b { font-weight: bold; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; }
@page { size: A4; margin: 3cm 3cm 3cm 4cm; }
@media print { body { margin: 0; max-width: none; }
  table, figure, blockquote { page-break-inside: avoid; }
  h1, h2, h3, .caption { page-break-after: avoid; } }
"""


def html_document(blocks: Sequence[Block], *, title: str, language: str) -> str:
    body = "\n".join(_html(block) for block in blocks)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


def _html(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        lead = f"<b>{escape(block.lead)}</b>" if block.lead else ""
        return f"<p>{lead}{escape(block.text)}</p>"
    if isinstance(block, ListItem):
        return f'<ol start="{block.number}"><li>{escape(block.text)}</li></ol>'
    if isinstance(block, Quote):
        who = f'<span class="who">({escape(block.attribution)})</span>'
        return f"<blockquote><p>“{escape(block.text)}” {who}</p></blockquote>"
    if isinstance(block, Table):
        return _table(block)
    data = base64.b64encode(block.png).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{escape(block.caption)}">'
            f'<figcaption class="caption"><b>{escape(block.label)}</b> '
            f"{escape(block.caption)}</figcaption></figure>")  # fmt: skip


def _table(block: Table) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in block.columns)
    rows = []
    for row in block.rows:
        cells = "".join(
            f'<td class="n">{escape(cell_text(v))}</td>' if i in block.numeric
            else f"<td>{escape(cell_text(v))}</td>"
            for i, v in enumerate(row)
        )  # fmt: skip
        rows.append(f"<tr>{cells}</tr>")
    caption = f'<p class="caption"><b>{escape(block.label)}</b> {escape(block.caption)}</p>'
    body = "\n".join(rows)
    return (
        f"{caption}\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    )
