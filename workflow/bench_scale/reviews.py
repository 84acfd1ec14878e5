"""Reviewer assignments (declared free of conflict), reviews with their five scores and stored totals, and
the board's decision on every decided proposal."""

from datetime import timedelta

from scoring.models import ConflictDeclaration, Decision, Review, ReviewerAssignment, Score

from .bulk import Table, text
from .proposals import steps_at
from .sizes import DECIDED, REVIEWED


def write(planned, frame):
    assignments, reviews = Table(ReviewerAssignment, _ASSIGNMENT), Table(Review, _REVIEW)
    first_assignment, first_review = assignments.next_id(), reviews.next_id()
    picks = list(_picks(planned, frame))
    assignments.copy((first_assignment + number, p.id, reviewer, p.analyst[0] if p.analyst else None,
                      p.closes + timedelta(days=6), (p.closes + timedelta(days=25)).date(), "active")
                     for number, (p, reviewer, _values) in enumerate(picks))
    Table(ConflictDeclaration, ("assignment", "has_conflict", "reason", "declared_at"), with_id=False).copy(
        (first_assignment + number, False, "", p.closes + timedelta(days=7)) for number, (p, *_rest) in enumerate(picks))

    def review_rows():
        for number, (p, reviewer, values) in enumerate(picks):
            rubric, criteria = frame.criteria[p.call]
            draft = p.state == "under_analysis" and number % 4 == 0
            submitted = None if draft else p.closes + timedelta(days=20 + number % 8)
            total = None if draft else sum(values) * 4  # weights of 1, scales of 5: out of 100
            axes = {str(axis): value * 20 for axis, value in zip(frame.axes[p.program], values, strict=True)}
            yield (first_review + number, first_assignment + number, p.id, reviewer, rubric,
                   "draft" if draft else "submitted", text(number, 240), "" if draft else _recommendation(total),
                   total, _json(axes), p.closes + timedelta(days=8), submitted or p.closes + timedelta(days=9),
                   submitted)

    reviews.copy(review_rows())
    Table(Score, ("review", "criterion", "value", "comment"), with_id=False).copy(
        (first_review + number, criterion, value, "")
        for number, (p, _reviewer, values) in enumerate(picks)
        for criterion, value in zip(frame.criteria[p.call][1], values, strict=True))
    _decisions(planned, frame)
    return len(picks)


_ASSIGNMENT = ("proposal", "reviewer", "assigned_by", "assigned_at", "due_on", "state")
_REVIEW = ("assignment", "proposal", "reviewer", "rubric", "state", "overall_comment", "recommendation",
           "weighted_total", "axis_scores", "created_at", "updated_at", "submitted_at")


def _picks(planned, frame):
    """(proposal, reviewer, five scores out of 5): three or four distinct reviewers of its program each."""
    for p in planned:
        if p.state not in REVIEWED:
            continue
        pool = frame.reviewers[p.program]
        first = p.id * 2654435761 % len(pool)  # a prime step: every reviewer of the program gets a fair share
        for seat in range(3 + p.id % 2):
            reviewer = pool[(first + seat) % len(pool)]
            yield p, reviewer, [1 + (p.id * 31 + seat * 17 + criterion * 5) % 5 for criterion in range(5)]


def _recommendation(total):
    return "fund" if total >= 70 else ("fund_with_conditions" if total >= 50 else "do_not_fund")


def _json(scores):
    return "{" + ", ".join(f'"{key}": {value}' for key, value in scores.items()) + "}"


def _decisions(planned, frame):
    def rows():
        for p in planned:
            if p.state not in DECIDED:
                continue
            decided = steps_at(p)["approve"]
            approved = p.granted is not None
            yield (p.id, decided.date(), "approved" if approved else "declined", f"CA-{decided.year}-{p.id}",
                   p.granted, "" if approved else "Projet non retenu faute d'enveloppe.", frame.board[p.program],
                   decided)

    fields = ("proposal", "decided_on", "outcome", "resolution_number", "amount_granted", "comment", "recorded_by",
              "recorded_at")
    Table(Decision, fields, with_id=False).copy(rows())
