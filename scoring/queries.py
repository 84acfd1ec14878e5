"""PROVISIONAL stub: the scoring issue counts submitted reviews here."""


def submitted_review_count(proposal):
    return 0
