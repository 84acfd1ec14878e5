"""The board packet (cahier de la séance): a tagged PDF of what the decision body decides on, in the
reader's language.

It puts together scoring's reads (scores, reviews, the proposals before the meeting) and the team's
recommendation from the proposals' transition log. The same context feeds the HTML template whether it
is shown or printed; weasyprint turns it into a PDF whose title and language come from <title> and
<html lang>, with pdf_tags for a tagged structure.

`print_pdf` prints every PDF of Concerto (this packet and reporting's printable files) with one
stylesheet, workflow/print.css: one font family (DejaVu Sans, page numbers included) and one page frame.
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

from . import versions
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
    proposals = versions.decided(proposals)  # once decided, what the board decided on
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


def html_lang(language):
    """The <html lang> of a printed file: Canadian French or English."""
    return "en-CA" if (language or "fr").startswith("en") else "fr-CA"


def render_html(meeting, language=None):
    """In `language`, by default the active one (the request's: the reader's)."""
    language = language or translation.get_language() or "fr"
    with translation.override(language):
        return render_to_string("scoring/packet.html",
                                {**packet_context(meeting), "html_lang": html_lang(language)})


def print_pdf(html):
    """A tagged PDF of one printable page, with Concerto's print stylesheet (rendered in the active
    language: it holds the page numbers' label)."""
    from weasyprint import CSS, HTML  # heavy import: only when a file is actually printed

    stylesheet = CSS(string=render_to_string("workflow/print.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet], pdf_tags=True)


def render_pdf(meeting, language=None):
    language = language or translation.get_language() or "fr"
    with translation.override(language):
        return print_pdf(render_html(meeting, language))
