"""Pure analysis functions over plain coding records: no SQL, no console."""

from kube_qda.analysis.cooccurrence import CoocRow, cooccurrence
from kube_qda.analysis.frequency import FreqRow, code_frequency
from kube_qda.analysis.records import CodeApplication

__all__ = ["CodeApplication", "CoocRow", "FreqRow", "code_frequency", "cooccurrence"]
