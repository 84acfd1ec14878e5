"""The open data files kept in storage, one per published version (portal.freshness.version: the program,
the day and its published data).

Each file holds every published project of a program, or of all: at 40,000 projects, some 30 MB written in
several seconds of a web process. Written at each request, a few visitors asking for it over and over
would keep every web process busy. The first request of a version writes the file to storage (S3 when
configured) and every later one, on any web machine, is answered from there; the previous version's file is
deleted once the new one is written. While one request writes it, the others stream it as before.
"""

import tempfile

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse

from . import freshness

FOLDER = "donnees-ouvertes"
WRITING_SECONDS = 600  # a writer that died lets another write after this long


def kept(request, code, extension, chunks):
    """The storage name of the file of `code`'s (None: all programs') published version, written from
    `chunks()` (text pieces) if it is not there yet; None while another request is writing it."""
    folder = f"{FOLDER}/{code or 'tous-les-programmes'}"
    name = f"{folder}/{freshness.version(request, code)}.{extension}"
    if default_storage.exists(name):
        return name
    lock = f"portal:writing:{name}"
    if not cache.add(lock, True, WRITING_SECONDS):
        return None
    try:
        with tempfile.TemporaryFile() as written:
            for piece in chunks():
                written.write(piece.encode())
            written.seek(0)
            saved = default_storage.save(name, File(written, name=name))
        for other in default_storage.listdir(folder)[1]:
            if other.endswith(f".{extension}") and f"{folder}/{other}" != saved:
                default_storage.delete(f"{folder}/{other}")
    finally:
        cache.delete(lock)
    return saved


def response(name, *, filename, content_type, attachment):
    return FileResponse(default_storage.open(name, "rb"), as_attachment=attachment, filename=filename,
                        content_type=content_type)
