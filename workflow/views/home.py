from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accountability import selectors as accountability_selectors
from core import access
from grants import selectors


@login_required
def home(request):
    """Applicants: their organisations' proposals, reports to file and the open calls. Staff: a way to their
    queue and the reports waiting for review in their programs."""
    user = request.user
    organisation_ids = access.organisation_ids(user)
    # Reviewers and board members do not review reports: only analysts and managers get the list.
    follows_reports = bool(access.program_ids_with_role(user, *access.ANALYSIS))
    context = {
        "organisations": list(selectors.my_organisations(user)),
        "proposals": list(selectors.proposals_of_organisations(organisation_ids)),
        "reports_to_file": list(accountability_selectors.reports_to_file(organisation_ids))
        if organisation_ids else [],
        "follows_reports": follows_reports,
        "reports_to_review": list(accountability_selectors.reports_awaiting_review(user))
        if follows_reports else [],
        "open_calls": list(selectors.open_calls()) if organisation_ids else [],
        "is_program_staff": bool(access.program_ids_with_role(user, *access.STAFF)),
        # Someone without an organisation yet: the join requests they sent (grants/onboarding).
        "join_requests": [] if organisation_ids else list(selectors.my_join_requests(user)),
    }
    return render(request, "grants/home.html", context)
