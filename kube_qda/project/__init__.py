"""The project store: one SQLite file with documents, suggestions and codings."""

from kube_qda.errors import ProjectError
from kube_qda.project.store import DEFAULT_PROJECT, Project, project_path

__all__ = ["DEFAULT_PROJECT", "Project", "ProjectError", "project_path"]
