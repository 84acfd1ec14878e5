from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accountability import selectors as accountability_selectors
from core import access, keyset
from grants import selectors

PAGE_SIZE = 25
# The dashboard's report lists show the soonest (or oldest) first; the rest waits on the agreements page.
REPORTS_SHOWN = 20


@login_required
def home(request):
    """Applicants: their organisations' proposals (keyset pages), reports to file and the open calls. Staff:
    a way to their queue and the reports waiting for review in their programs."""
    user = request.user
    organisation_ids = access.organisation_ids(user)
    # Reviewers and board members do not review reports: only analysts and managers get the list.
    follows_reports = bool(access.program_ids_with_role(user, *access.ANALYSIS))
    reports_to_file = _first(accountability_selectors.reports_to_file(organisation_ids)) if organisation_ids else []
    reports_to_review = _first(accountability_selectors.reports_awaiting_review(user)) if follows_reports else []
    context = {
        "organisations": list(selectors.my_organisations(user)),
        "proposals": keyset.page(selectors.proposals_of_organisations(organisation_ids), selectors.DASHBOARD_ORDER,
                                 after=request.GET.get("apres", ""), before=request.GET.get("avant", ""),
                                 size=PAGE_SIZE) if organisation_ids else [],
        "reports_to_file": reports_to_file[:REPORTS_SHOWN],
        "more_reports_to_file": len(reports_to_file) > REPORTS_SHOWN,
        "follows_reports": follows_reports,
        "reports_to_review": reports_to_review[:REPORTS_SHOWN],
        "more_reports_to_review": len(reports_to_review) > REPORTS_SHOWN,
        "open_calls": list(selectors.open_calls()) if organisation_ids else [],
        "is_program_staff": bool(access.program_ids_with_role(user, *access.STAFF)),
        # Someone without an organisation yet: the join requests they sent (grants/onboarding).
        "join_requests": [] if organisation_ids else list(selectors.my_join_requests(user)),
    }
    return render(request, "grants/home.html", context)


def _first(reports):
    """One more than shown: tells whether the list goes on."""
    return list(reports[:REPORTS_SHOWN + 1])
