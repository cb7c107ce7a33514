"""The review loop: a state machine over the project plus a terminal adapter."""

from kube_qda.review.session import HELP, Item, Outcome, ReviewSession

__all__ = ["HELP", "Item", "Outcome", "ReviewSession"]
