"""The open data files: every published project of one program, or of all of them, as CSV and as JSON."""

from django.http import Http404, StreamingHttpResponse

from portal import selectors, stored_files

from .caching import public


def _scope(code):
    if code is None:
        return None
    program = selectors.program(code)
    if program is None:
        raise Http404
    return program


def _file(request, code, extension):
    program = _scope(code)
    filename = f"concerto-{code}-projets.{extension}" if code else f"concerto-projets.{extension}"
    found = stored_files.stored_or_streamed(request, program, extension)
    if isinstance(found, str):
        response = stored_files.response(found, extension, filename)
    else:  # the version's first download, written to storage as it goes out (or being written by another)
        content_type, attachment = stored_files.KINDS[extension]
        response = StreamingHttpResponse(found, content_type=content_type)
        response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    # Open data: any site may read the files from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public
def projects_csv(request, code=None):
    return _file(request, code, "csv")


@public
def projects_json(request, code=None):
    return _file(request, code, "json")
