"""Refuse an oversized file while it arrives, not after Django has buffered all of it.

Installed only by the views that accept attachments (see `limit_upload_size`). Once a file passes
CONCERTO_MAX_UPLOAD_BYTES the handler raises SkipFile: Django closes (and deletes) what the storage
handlers after it had written, throws the rest of that file away unread into memory or disk, and goes
on parsing the other fields, so the page comes back with what the person typed and a clear message.
StopUpload(connection_reset=True) would cut the request short, but the browser (or the reverse proxy in
front of us) then shows a reset connection instead of our French message; capping the bytes on the wire
is the proxy's job (nginx client_max_body_size).
"""

from functools import wraps

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from grants.uploads import too_large_message


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.CONCERTO_MAX_UPLOAD_BYTES
        self.too_large = {}  # field name -> names of the files dropped from it

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        # Browsers do not send a per-file length, but a client that announces too much is refused at once.
        if self.content_length is not None and self.content_length > self.limit:
            self._skip()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self._skip()
        return raw_data

    def file_complete(self, file_size):
        return None  # the storage handlers after this one build the file

    def _skip(self):
        self.too_large.setdefault(self.field_name, []).append(self.file_name)
        raise SkipFile


def limit_upload_size(request):
    """Put the size check first; call before anything reads request.POST or request.FILES."""
    handler = SizeLimitUploadHandler(request)
    request.upload_handlers.insert(0, handler)
    return handler


def with_upload_limit(view):
    """Install the size check on a view that accepts files; the view finds it as request.upload_limiter.

    csrf_exempt outside, csrf_protect inside: the CSRF check reads request.POST, which parses the upload,
    so the handler must be in place first (Django's "modifying upload handlers on the fly").
    """
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.upload_limiter = limit_upload_size(request) if request.method == "POST" else None
        return protected(request, *args, **kwargs)

    return wrapper


def report_oversized(form, handler):
    """On the fields whose file was dropped, say why (instead of "this field is required")."""
    if handler is None:
        return
    for name, files in handler.too_large.items():
        if name not in form.fields:
            continue
        # A field taking several files names each dropped one, so the person knows which to shrink.
        if getattr(form.fields[name].widget, "allow_multiple_selected", False):
            errors = [_("« %(name)s » : %(message)s") % {"name": file, "message": too_large_message()}
                      for file in files]
        else:
            errors = [too_large_message()]
        form.errors[name] = form.error_class(errors)
        form.cleaned_data.pop(name, None)
