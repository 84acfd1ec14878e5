"""Refuse an oversized file while it arrives, not after Django has buffered all of it.

Installed only by the views that accept attachments (see `limit_upload_size`). Once a file passes
CONCERTO_MAX_UPLOAD_BYTES the handler raises SkipFile: Django closes (and deletes) what the storage
handlers after it had written, throws the rest of that file away unread into memory or disk, and goes
on parsing the other fields, so the page comes back with what the person typed and a clear message.
StopUpload(connection_reset=True) would cut the request short, but the browser (or the reverse proxy in
front of us) then shows a reset connection instead of our French message; capping the bytes on the wire
is the proxy's job (nginx client_max_body_size).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from grants.uploads import too_large_message


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.CONCERTO_MAX_UPLOAD_BYTES
        self.too_large = set()  # field names whose file was dropped

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
        self.too_large.add(self.field_name)
        raise SkipFile


def limit_upload_size(request):
    """Put the size check first; call before anything reads request.POST or request.FILES."""
    handler = SizeLimitUploadHandler(request)
    request.upload_handlers.insert(0, handler)
    return handler


def report_oversized(form, handler):
    """On the fields whose file was dropped, say why (instead of "this field is required")."""
    for name in handler.too_large & set(form.fields):
        form.errors[name] = form.error_class([too_large_message()])
        form.cleaned_data.pop(name, None)
