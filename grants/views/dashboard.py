from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from grants import permissions, roles, selectors


@login_required
def home(request):
    """Applicants: their organisations' proposals and the open calls. Staff: a way to their queue."""
    organisation_ids = roles.organisation_ids(request.user)
    context = {
        "organisations": list(selectors.my_organisations(request.user)),
        "proposals": list(selectors.proposals_of_organisations(organisation_ids)),
        "open_calls": list(selectors.open_calls()) if organisation_ids else [],
        "is_program_staff": permissions.is_staff_anywhere(request.user),
    }
    return render(request, "grants/home.html", context)
