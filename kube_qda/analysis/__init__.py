"""Pure analysis functions over plain coding records: no SQL, no console."""

from kube_qda.analysis.cooccurrence import CoocRow, cooccurrence, measure, units
from kube_qda.analysis.frequency import FreqRow, by_category, code_frequency
from kube_qda.analysis.matrix import Matrix, code_matrix
from kube_qda.analysis.records import CodeApplication
from kube_qda.analysis.summary import CodeInfo, CodeSummary, Quote, thematic_summary

__all__ = [
    "CodeApplication",
    "CodeInfo",
    "CodeSummary",
    "CoocRow",
    "FreqRow",
    "Matrix",
    "Quote",
    "by_category",
    "code_frequency",
    "code_matrix",
    "cooccurrence",
    "measure",
    "thematic_summary",
    "units",
]
