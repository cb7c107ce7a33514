"""Transcripts: readers for every format, speaker turns, segments, attributes."""

from kube_qda.transcripts.attributes import read_attributes_csv
from kube_qda.transcripts.model import Segment, Transcript, Turn
from kube_qda.transcripts.readers import FORMATS, read_transcript
from kube_qda.transcripts.segment import UNITS, Unit, segments

__all__ = [
    "FORMATS",
    "UNITS",
    "Segment",
    "Transcript",
    "Turn",
    "Unit",
    "read_attributes_csv",
    "read_transcript",
    "segments",
]
