from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from grants import permissions, roles, selectors


@login_required
def home(request):
    """Applicants: their organisations' proposals, reports to file and the open calls. Staff: a way to their
    queue and the reports waiting for review in their programs."""
    organisation_ids = roles.organisation_ids(request.user)
    is_program_staff = permissions.is_staff_anywhere(request.user)
    # Reviewers and board members do not review reports: only analysts and managers get the list.
    follows_reports = bool(roles.program_ids_with_role(request.user, roles.Role.ANALYST, roles.Role.MANAGER))
    context = {
        "organisations": list(selectors.my_organisations(request.user)),
        "proposals": list(selectors.proposals_of_organisations(organisation_ids)),
        "reports_to_file": list(selectors.reports_to_file(organisation_ids)) if organisation_ids else [],
        "follows_reports": follows_reports,
        "reports_to_review": list(selectors.reports_awaiting_review(request.user)) if follows_reports else [],
        "open_calls": list(selectors.open_calls()) if organisation_ids else [],
        "is_program_staff": is_program_staff,
    }
    return render(request, "grants/home.html", context)
