"""The public pages: the programs, and each program's funded projects with their territorial summary."""

from django.http import Http404
from django.shortcuts import render

from portal import opendata, selectors
from portal.forms import FilterForm

from .caching import public, shared


@public
def index(request):
    return render(request, "portal/index.html", {"programs": selectors.programs()})


@public
def program(request, code):
    program = selectors.program(code)
    if program is None:
        raise Http404
    summary = selectors.summary(program)
    # The award years (an index-only scan of the program's published projects: 16 ms at 40,000) are read
    # once per publication, not once per filter and page.
    years = shared(request, code, "years", lambda: selectors.award_years(program))
    form = FilterForm(request.GET, summary=summary, years=years)
    filters, after = form.filters(), _after(request)
    records, following = selectors.page(program, filters, after=after)
    return render(request, "portal/program.html", {
        "program": program, "summary": summary, "form": form, "records": records, "following": following,
        "matching": selectors.count(program, filters), "later_page": after is not None,
    })


@public
def open_data(request):
    return render(request, "portal/open_data.html", {
        "programs": selectors.programs(), "licence": opendata.licence(), "publisher_name": opendata.publisher()["name"],
    })


def _after(request):
    """The keyset of the page asked for (?apres=<the last project of the previous page>), if any."""
    value = request.GET.get("apres", "")
    return int(value) if value.isdigit() else None
