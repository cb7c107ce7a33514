"""The findings chapter of a thesis from a project: build the blocks, then write them
as Word (.docx), HTML or Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kube_qda.report.blocks import Block
from kube_qda.report.build import ReportData, ReportOptions, build_report
from kube_qda.report.gather import report_data


def write_report(blocks: Sequence[Block], path: Path, title: str, language: str) -> list[Path]:
    """Write ``path`` in the format its suffix names; returns every file written."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from kube_qda.report.docx_writer import write_docx

        write_docx(blocks, path, title=title, language=language)
        return [path]
    if suffix == ".html":
        from kube_qda.report.html_writer import html_document

        path.write_text(html_document(blocks, title=title, language=language), encoding="utf-8")
        return [path]
    from kube_qda.report.markdown_writer import write_markdown

    return [path, *write_markdown(blocks, path)]


__all__ = ["ReportData", "ReportOptions", "build_report", "report_data", "write_report"]
