"""Participants' names: finding them in transcripts and replacing them by pseudonyms
in everything kube-qda writes (the stored transcripts are never changed)."""

from kube_qda.names.mapping import NameEntry, NamesFileError, Pseudonymiser, read_names

__all__ = ["NameEntry", "NamesFileError", "Pseudonymiser", "read_names"]
