"""The board packet (cahier de la séance): a French, tagged PDF of what the decision body decides on.

It puts together scoring's reads (scores, reviews, the proposals before the meeting) and the team's
recommendation from the proposals' transition log. The same context feeds the HTML template whether it
is shown or printed; weasyprint turns it into a PDF whose title and language come from <title> and
<html lang>, with pdf_tags for a tagged structure.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation

from grants import selectors as grants_selectors
from grants.models import Axis
from grants.states import State
from scoring import ranking
from scoring.models import Review
from scoring.services import decisions

from .models import TransitionLog

RECOMMENDATION_TRANSITIONS = ("recommend", "do_not_recommend")


def _team_recommendations(proposals):
    """The latest recommend/do_not_recommend log entry per proposal."""
    latest = {}
    entries = (TransitionLog.objects.filter(proposal__in=proposals, transition__in=RECOMMENDATION_TRANSITIONS)
               .select_related("actor").order_by("created_at", "id"))
    for entry in entries:
        latest[entry.proposal_id] = entry
    return latest


def _scores(proposals):
    rows = {}
    for call in {proposal.call for proposal in proposals}:
        rows.update({row.proposal.pk: row for row in ranking.rank_call(call)})
    return rows


def _reviews(proposals):
    by_proposal = defaultdict(list)
    reviews = (Review.objects.filter(proposal__in=proposals, state=Review.State.SUBMITTED)
               .order_by("submitted_at", "id"))
    for review in reviews:
        by_proposal[review.proposal_id].append(review)
    return by_proposal


def _is_recommended(proposal, entry):
    if entry is not None:
        return entry.transition == "recommend"
    return proposal.state == State.RECOMMENDED


def packet_context(meeting):
    proposals = list(decisions.meeting_proposals(meeting).prefetch_related(
        Prefetch("secondary_axes", queryset=Axis.objects.order_by("order"))))
    logs = _team_recommendations(proposals)
    scores = _scores(proposals)
    reviews = _reviews(proposals)
    axes = list(Axis.objects.filter(program_id=meeting.program_id).order_by("order", "code"))
    items = []
    for proposal in proposals:
        row = scores.get(proposal.pk)
        axis_means = row.axis_means if row else {}
        items.append({
            "proposal": proposal,
            "score": row.score if row else None,
            "review_count": row.review_count if row else 0,
            "axis_scores": [(axis, axis_means.get(axis.pk)) for axis in axes if axis.pk in axis_means],
            "reviews": reviews.get(proposal.pk, []),
            "team": logs.get(proposal.pk),
            "recommended": _is_recommended(proposal, logs.get(proposal.pk)),
        })
    items.sort(key=lambda item: (not item["recommended"], -(item["score"] or 0), item["proposal"].title))
    recommended = [item for item in items if item["recommended"]]
    return {
        "meeting": meeting,
        "program": meeting.program,
        "recommended": recommended,
        "not_recommended": [item for item in items if not item["recommended"]],
        "items": items,
        "requested_total": sum((i["proposal"].requested_amount for i in recommended), Decimal("0")),
        "suggested_total": sum((i["proposal"].suggested_amount or 0 for i in recommended), Decimal("0")),
        "envelope_left": grants_selectors.envelope_left(meeting.program_id),
    }


def render_html(meeting):
    # The packet is the board's French document, whatever the language of the person downloading it.
    with translation.override("fr"):
        return render_to_string("scoring/packet.html", packet_context(meeting))


def render_pdf(meeting):
    from weasyprint import HTML  # heavy import: only when a packet is actually printed

    return HTML(string=render_html(meeting)).write_pdf(pdf_tags=True)
