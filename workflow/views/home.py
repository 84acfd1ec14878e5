from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accountability import selectors as accountability_selectors
from core import access, keyset, links
from grants import selectors
from scoring import reviewer_page
from scoring.models import BoardMeeting

PAGE_SIZE = 25
# The dashboard's report lists show the soonest (or oldest) first; the rest waits on the agreements page.
REPORTS_SHOWN = 20
# A board member's meetings: from a month back (decisions may still be pending), soonest first.
MEETINGS_SINCE_DAYS, MEETINGS_SHOWN = 30, 3


@login_required
def home(request):
    """Applicants: their organisations' proposals (keyset pages), reports to file and the open calls. Staff:
    a way to their queue, the reports waiting for review in their programs; board members their meetings,
    reviewers their reviews to do, admins the outbox."""
    user = request.user
    organisation_ids = access.organisation_ids(user)
    # Reviewers and board members do not review reports: only analysts and managers get the list.
    follows_reports = bool(access.program_ids_with_role(user, *access.ANALYSIS))
    reports_to_file = _first(accountability_selectors.reports_to_file(organisation_ids)) if organisation_ids else []
    reports_to_review = _first(accountability_selectors.reports_awaiting_review(user)) if follows_reports else []
    proposals = keyset.page(selectors.proposals_of_organisations(organisation_ids), selectors.DASHBOARD_ORDER,
                            after=request.GET.get("apres", ""), before=request.GET.get("avant", ""),
                            size=PAGE_SIZE) if organisation_ids else []
    context = {
        "organisations": list(selectors.my_organisations(user)),
        "proposals": _linked(proposals),
        "reports_to_file": links.link(reports_to_file[:REPORTS_SHOWN], "report_detail"),
        "more_reports_to_file": len(reports_to_file) > REPORTS_SHOWN,
        "follows_reports": follows_reports,
        "reports_to_review": links.link(reports_to_review[:REPORTS_SHOWN], "report_detail"),
        "more_reports_to_review": len(reports_to_review) > REPORTS_SHOWN,
        "open_calls": list(selectors.open_calls()) if organisation_ids else [],
        "is_program_staff": bool(access.program_ids_with_role(user, *access.STAFF)),
        "board_meetings": _board_meetings(user),
        # A reviewer's groups with something to do (submitted reviews are done), as "Mes évaluations" counts them.
        "review_tallies": [tally for tally in reviewer_page.tallies(user) if tally.count and not tally.group.latest_first]
        if access.program_ids_with_role(user, access.REVIEWER) else [],
        # Anyone with a role in a program, or an admin, works for the fund: no invitation to join an organisation.
        "works_for_fund": bool(access.program_roles(user)) or user.is_superuser,
        # Someone without an organisation yet: the join requests they sent (grants/onboarding).
        "join_requests": [] if organisation_ids else list(selectors.my_join_requests(user)),
    }
    return render(request, "grants/home.html", context)


def _linked(proposals):
    """Each proposal's link: its form while the applicant may still change it, its page otherwise."""
    form, page = links.address_of("proposal_step", "projet"), links.address_of("proposal_detail")
    for proposal in proposals:
        proposal.url = form(proposal.pk) if proposal.is_editable_by_applicant else page(proposal.pk)
    return proposals


def _first(reports):
    """One more than shown: tells whether the list goes on."""
    return list(reports[:REPORTS_SHOWN + 1])


def _board_meetings(user):
    programs = access.program_ids_with_role(user, access.BOARD)
    if not programs:
        return []
    since = timezone.localdate() - timedelta(days=MEETINGS_SINCE_DAYS)
    return list(BoardMeeting.objects.filter(program_id__in=programs, date__gte=since)
                .select_related("program").order_by("date", "pk")[:MEETINGS_SHOWN])
