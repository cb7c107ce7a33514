"""The findings chapter as blocks (report/blocks.py), from a project's coded material.

The chapter: an account of the material (documents, informants by role, segments,
coders, agreement per code when two or more coders coded, the codebook's version);
per category a numbered table of code frequencies, then per code its definition and
exemplar quotes (one per document first); the co-occurrence heatmap as a numbered
figure and the code x attribute matrix as a table; an appendix with the codebook.
"""

from __future__ import annotations

import io
import re
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kube_qda.analysis.cooccurrence import cooccurrence
from kube_qda.analysis.frequency import FreqRow, code_frequency
from kube_qda.analysis.matrix import code_matrix
from kube_qda.analysis.records import CodeApplication
from kube_qda.analysis.summary import pick_quotes
from kube_qda.codebook.model import Category, Codebook
from kube_qda.export.heatmap import heatmap
from kube_qda.names.detect import label_name
from kube_qda.names.lexicon import lexicon
from kube_qda.report.blocks import Block, Figure, Heading, ListItem, Paragraph, Quote, Table
from kube_qda.report.words import WORDS, roman

#: What an attribution may name besides the document's attributes.
ATTRIBUTION_FIELDS = ("who", "speaker", "document", "doc", "segment")


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "id"
    chapter: int = 4
    quotes: int = 3
    #: a document attribute: frequency columns per value, and the matrix's columns
    #: (without it the matrix is by ``role``)
    by: str | None = None
    attribution: str = "{who}, {role}, {doc}"
    #: the document attribute that holds the informant's role
    role: str = "role"


@dataclass(frozen=True)
class ReportData:
    """What the chapter is made from (participants' names already replaced when the
    report is pseudonymised)."""

    codebook: Codebook
    applications: list[CodeApplication]  # confirmed codings
    segments: int  # informant segments
    documents: Mapping[str, Mapping[str, str]]  # document -> attributes
    informants: Mapping[str, str]  # informant -> role ("" when unknown)
    coders: Mapping[str, int]  # coder -> segments coded
    agreement: Mapping[str, Any] | None  # analysis.reliability.agreement_report


class _Numbers:
    """Table and figure labels, numbered within the chapter: "Tabel 4.1"."""

    def __init__(self, chapter: int, words: Mapping[str, str]) -> None:
        self.chapter, self.words = chapter, words
        self.tables = self.figures = 0

    def table(self) -> str:
        self.tables += 1
        return f"{self.words['table']} {self.chapter}.{self.tables}"

    def figure(self) -> str:
        self.figures += 1
        return f"{self.words['figure']} {self.chapter}.{self.figures}"


def build_report(data: ReportData, options: ReportOptions) -> list[Block]:
    """The chapter's blocks, in reading order."""
    words = WORDS[options.lang]
    numbers = _Numbers(options.chapter, words)
    title = words["chapter"].format(roman=roman(options.chapter), number=options.chapter)
    blocks: list[Block] = [Heading(1, title)]
    section = iter(range(1, 1000))
    blocks += _material(data, options, numbers, f"{options.chapter}.{next(section)}")
    for category in data.codebook.categories:
        number = f"{options.chapter}.{next(section)}"
        blocks += _category(data, options, numbers, category, number)
    blocks += _relations(data, options, numbers, f"{options.chapter}.{next(section)}")
    blocks += _appendix(data.codebook, options)
    return blocks


def _material(
    data: ReportData, options: ReportOptions, numbers: _Numbers, number: str
) -> list[Block]:
    words = WORDS[options.lang]
    roles = Counter(role for role in data.informants.values() if role)
    parts = ", ".join(f"{n} {role}" for role, n in sorted(roles.items(), key=lambda r: -r[1]))
    names = ", ".join(data.coders)
    coders = (words["coders_one"] if len(data.coders) == 1 else words["coders_many"]).format(
        count=len(data.coders), names=names
    )
    text = words["material_text"].format(
        documents=len(data.documents),
        informants=len(data.informants),
        roles=words["roles"].format(parts=parts) if parts else "",
        segments=data.segments,
        coders=coders,
        codings=len({(a.document, a.segment) for a in data.applications}),
        codebook=data.codebook.title,
        version=data.codebook.version,
    )
    blocks: list[Block] = [Heading(2, f"{number} {words['material']}"), Paragraph(text)]
    if data.agreement is not None:
        label = numbers.table()
        units = data.agreement["units"]
        blocks.append(
            Paragraph(words["agreement_text"].format(units=units, table=label.split()[-1]))
        )
        blocks.append(_agreement_table(data, options, label))
    return blocks


def _agreement_table(data: ReportData, options: ReportOptions, label: str) -> Table:
    words = WORDS[options.lang]
    assert data.agreement is not None
    rows: list[list[str | int | float]] = []
    for row in data.agreement["codes"]:
        values = [row["percent"], row["cohen_kappa"], row["krippendorff_alpha"]]
        rows.append([row["code"], *("—" if v is None else float(v) for v in values)])
    columns = [words["code"], words["percent"], words["kappa"], words["alpha"]]
    return Table(label, words["agreement_caption"], columns, rows, frozenset({1, 2, 3}))


def _category(
    data: ReportData, options: ReportOptions, numbers: _Numbers, category: Category, number: str
) -> list[Block]:
    words = WORDS[options.lang]
    label = _label(category.label, category.gloss, options)
    ids = [f"{category.id}.{code.id}" for code in category.codes]
    rows = code_frequency(data.applications, codes=ids, by=options.by)
    table_label = numbers.table()
    blocks: list[Block] = [Heading(2, f"{number} {label}")]
    if category.description:
        blocks.append(Paragraph(category.description))
    blocks.append(
        Paragraph(words["frequency_text"].format(table=table_label.split()[-1], category=label))
    )
    blocks.append(_frequency_table(rows, category, options, table_label))
    for code in category.codes:
        cid = f"{category.id}.{code.id}"
        blocks.append(Heading(3, f"{_label(code.label, code.gloss, options)} ({cid})"))
        blocks.append(Paragraph(code.definition))
        blocks += _quotes(data, options, cid)
    return blocks


def _frequency_table(
    rows: Sequence[FreqRow], category: Category, options: ReportOptions, label: str
) -> Table:
    words = WORDS[options.lang]
    values = sorted({v for r in rows for v in (r.by or {})})
    labels = {f"{category.id}.{c.id}": _label(c.label, c.gloss, options) for c in category.codes}
    table_rows: list[list[str | int | float]] = [
        [r.code, labels[r.code], r.segments, r.documents, r.informants,
         *((r.by or {}).get(v, 0) for v in values)]
        for r in rows
    ]  # fmt: skip
    columns = [words["code"], words["label"], words["segments"], words["documents"]]
    columns += [words["informants"], *(f"{options.by}={v}" for v in values)]
    caption = words["frequency_caption"].format(
        category=_label(category.label, category.gloss, options)
    )
    return Table(label, caption, columns, table_rows, frozenset(range(2, len(columns))))


def _quotes(data: ReportData, options: ReportOptions, code: str) -> list[Block]:
    apps = [a for a in data.applications if a.code == code]
    chosen = pick_quotes(apps, options.quotes)
    if not chosen:
        return [Paragraph(WORDS[options.lang]["no_quotes"])]
    return [
        Quote(
            q.text,
            attribution(
                options.attribution,
                q.document,
                q.segment,
                q.speaker,
                data.documents.get(q.document, {}),
            ),
        )  # fmt: skip
        for q in chosen
    ]


def attribution(
    template: str, document: str, segment: int, speaker: str | None, attributes: Mapping[str, str]
) -> str:
    """``template`` filled in: ``{speaker}``, ``{who}`` (the speaker label when it is a
    name, else the document's ``informant``: ``Bu A`` rather than ``Informan``),
    ``{document}``, ``{doc}`` (the document's name up to its first underscore:
    ``w03``), ``{segment}`` and any attribute; the parts left empty are dropped with
    their commas."""
    values = {key: str(value) for key, value in attributes.items()}
    named = speaker and label_name(speaker, lexicon()) is not None
    who = speaker if named else values.get("informant") or speaker
    values.update(speaker=speaker or "", who=who or "", document=document,
                  doc=document.split("_")[0], segment=str(segment))  # fmt: skip
    filled = string.Formatter().vformat(template, (), _Blank(values))
    return re.sub(r"(\s*,\s*)+", ", ", filled).strip(" ,")


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def template_fields(template: str) -> list[str]:
    """The names a template uses (``{role}`` -> ``role``)."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _relations(
    data: ReportData, options: ReportOptions, numbers: _Numbers, number: str
) -> list[Block]:
    words = WORDS[options.lang]
    codes = data.codebook.code_ids()
    blocks: list[Block] = [Heading(2, f"{number} {words['relations']}")]
    label = numbers.figure()
    blocks.append(Paragraph(words["cooc_text"].format(figure=label.split()[-1])))
    blocks.append(Figure(label, words["cooc_caption"], _heatmap(data.applications, codes)))
    by = options.by or options.role
    if not any(by in attributes for attributes in data.documents.values()) and by != "document":
        return blocks
    matrix = code_matrix(data.applications, codes=codes, by=by)
    name = words["document"] if by == "document" else by
    table_label = numbers.table()
    blocks.append(Paragraph(words["matrix_text"].format(table=table_label.split()[-1], by=name)))
    rows: list[list[str | int | float]] = [
        [code, *cells] for code, cells in zip(matrix.rows, matrix.cells, strict=True)
    ]
    blocks.append(
        Table(
            table_label,
            words["matrix_caption"].format(by=name),
            [words["code"], *matrix.columns],
            rows,
            frozenset(range(1, len(matrix.columns) + 1)),
        )  # fmt: skip
    )
    return blocks


def _heatmap(applications: Sequence[CodeApplication], codes: list[str]) -> bytes:
    """The Jaccard co-occurrence of every pair of codes, drawn as a PNG."""
    rows = cooccurrence(applications, codes=codes, level="segment")
    index = {c: i for i, c in enumerate(codes)}
    values = [[0.0] * len(codes) for _ in codes]
    for r in rows:
        a, b = index[r.code_a], index[r.code_b]
        values[a][b] = values[b][a] = r.jaccard
    out = io.BytesIO()
    heatmap(codes, values, out, title="", integer=False, inches=8.0)  # a page's width
    return out.getvalue()


def _appendix(codebook: Codebook, options: ReportOptions) -> list[Block]:
    words = WORDS[options.lang]
    blocks: list[Block] = [Heading(1, words["appendix"])]
    number = 0
    for category in codebook.categories:
        blocks.append(
            Heading(2, f"{_label(category.label, category.gloss, options)} ({category.id})")
        )
        for code in category.codes:
            number += 1
            name = f"{_label(code.label, code.gloss, options)} ({category.id}.{code.id})"
            blocks.append(ListItem(number, name))
            blocks.append(Paragraph(code.definition, lead=f"{words['definition']}: "))
            if code.include:
                blocks.append(Paragraph("; ".join(code.include), lead=f"{words['include']}: "))
            if code.exclude:
                blocks.append(Paragraph("; ".join(code.exclude), lead=f"{words['exclude']}: "))
    return blocks


def _label(label: str, gloss: str, options: ReportOptions) -> str:
    """The label in the report's language: the English gloss in English when there is one."""
    return gloss if options.lang == "en" and gloss else label
