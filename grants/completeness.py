"""PROVISIONAL stub: the intake work implements the completeness check here.

missing_items(proposal) -> list of MissingItem: what blocks a submission, each with the form step to fix it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MissingItem:
    step: str
    field: str
    message: str


def missing_items(proposal):
    return []
