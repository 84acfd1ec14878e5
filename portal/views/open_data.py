"""The open data files: every published project of one program, or of all of them, as CSV and as JSON."""

from django.http import Http404, StreamingHttpResponse

from core.csvsafe import csv_lines, csv_response
from portal import opendata, selectors, stored_files

from .caching import public

CSV, JSON = "text/csv; charset=utf-8", "application/json; charset=utf-8"


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

    def lines():
        return csv_lines(opendata.CSV_HEADER, opendata.csv_rows(selectors.all_records(program)))

    name = stored_files.kept(request, code, "csv", lines)
    if name is None:  # being written by another request
        return _shared(csv_response(f"{_name(code)}.csv", opendata.CSV_HEADER,
                                    opendata.csv_rows(selectors.all_records(program))))
    return _shared(stored_files.response(name, filename=f"{_name(code)}.csv", content_type=CSV,
                                         attachment=True))


@public
def projects_json(request, code=None):
    program = _scope(code)
    title = f"Concerto — {program.name_fr}" if program else "Concerto — tous les programmes"

    def chunks():
        return opendata.json_chunks(selectors.all_records(program), title=title)

    name = stored_files.kept(request, code, "json", chunks)
    if name is None:  # being written by another request
        response = StreamingHttpResponse(chunks(), content_type=JSON)
        response["Content-Disposition"] = f'inline; filename="{_name(code)}.json"'
        return _shared(response)
    return _shared(stored_files.response(name, filename=f"{_name(code)}.json", content_type=JSON,
                                         attachment=False))
