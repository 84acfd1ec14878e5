"""The open data files: every published project of one program, or of all of them, as CSV and as JSON."""

from django.http import Http404, StreamingHttpResponse

from core.csvsafe import csv_response
from portal import opendata, selectors

from .caching import public


def _scope(code):
    if code is None:
        return None
    program = selectors.program(code)
    if program is None:
        raise Http404
    return program


def _name(code):
    return f"concerto-{code}-projets" if code else "concerto-projets"


def _shared(response):
    # Open data: any site may read the files from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public
def projects_csv(request, code=None):
    program = _scope(code)
    return _shared(csv_response(f"{_name(code)}.csv", opendata.CSV_HEADER,
                                opendata.csv_rows(selectors.all_records(program))))


@public
def projects_json(request, code=None):
    program = _scope(code)
    title = f"Concerto — {program.name_fr}" if program else "Concerto — tous les programmes"
    response = StreamingHttpResponse(opendata.json_chunks(selectors.all_records(program), title=title),
                                     content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{_name(code)}.json"'
    return _shared(response)
