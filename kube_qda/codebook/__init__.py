"""The codebook: typed model, YAML loader with positioned errors, lint, renderers."""

from kube_qda.codebook.loader import codebook_from_text, default_codebook_path, load_codebook
from kube_qda.codebook.model import Category, Code, Codebook, Match, Profile, Proximity, full_id

__all__ = [
    "Category",
    "Code",
    "Codebook",
    "Match",
    "Profile",
    "Proximity",
    "codebook_from_text",
    "default_codebook_path",
    "full_id",
    "load_codebook",
]
