"""The open data files kept in storage, one per published version (portal.freshness.version: the program,
the day and its published data).

Each file holds every published project of a program, or of all: at 40,000 projects, some 30 MB written in
several seconds of a web process. Written at each request, a few visitors asking for it over and over
would keep every web process busy. A file is written to storage (S3 when configured) once per version, by
the beat task `portal.write_open_data` or else by the version's first download, which streams it to the
visitor as it writes it (the first byte at once, not after the whole file); every later request, on any
web machine, is answered from there, and the previous version's file is deleted once the new one is
written. While one writes it, the others stream it as before."""

import logging
import tempfile
from types import SimpleNamespace

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse

from core.csvsafe import csv_lines

from . import freshness, opendata, selectors

logger = logging.getLogger(__name__)
FOLDER = "donnees-ouvertes"
WRITING_SECONDS = 600  # a writer that died lets another write after this long
BLOCK = 65_536  # characters
# extension: (content type, downloaded rather than shown)
KINDS = {"csv": ("text/csv; charset=utf-8", True), "json": ("application/json; charset=utf-8", False)}


def chunks(extension, program):
    """The text of `program`'s (None: all programs') file, encoded, in blocks of some 64 KB: a line at a
    time, each one a write to the socket and to the temporary file, took half as long again."""
    records = selectors.all_records(program)
    if extension == "csv":
        lines = csv_lines(opendata.CSV_HEADER, opendata.csv_rows(records))
    else:
        title = f"Concerto — {program.name_fr}" if program else "Concerto — tous les programmes"
        lines = opendata.json_chunks(records, title=title)
    block, size = [], 0
    for line in lines:
        block.append(line)
        size += len(line)
        if size >= BLOCK:
            yield "".join(block).encode()
            block, size = [], 0
    if block:
        yield "".join(block).encode()


def kept(request, program, extension):
    """The storage name of the file of `program`'s published version, written if it is not there yet; None
    while another request or task is writing it."""
    folder, name = _name(request, program, extension)
    if default_storage.exists(name):
        return name
    if not cache.add(_lock(name), True, WRITING_SECONDS):
        return None
    try:
        with tempfile.TemporaryFile() as written:
            for piece in chunks(extension, program):
                written.write(piece)
            return _keep(folder, name, extension, written)
    finally:
        cache.delete(_lock(name))


def stored_or_streamed(request, program, extension):
    """The storage name of the current version's file if it is there, else its text in pieces, written to
    storage as the visitor receives it (or only streamed while another request or task writes it)."""
    folder, name = _name(request, program, extension)
    if default_storage.exists(name):
        return name
    return _streamed(folder, name, extension, program)


def _name(request, program, extension):
    code = program.code if program else None
    folder = f"{FOLDER}/{code or 'tous-les-programmes'}"
    return folder, f"{folder}/{freshness.version(request, code)}.{extension}"


def _lock(name):
    return f"portal:writing:{name}"


def _streamed(folder, name, extension, program):
    """The pieces, kept in a temporary file and saved once all are out. The lock is taken when the first piece
    is asked for: a response never read holds none. A download given up half way keeps nothing."""
    if not cache.add(_lock(name), True, WRITING_SECONDS):
        yield from chunks(extension, program)
        return
    try:
        with tempfile.TemporaryFile() as written:
            for piece in chunks(extension, program):
                written.write(piece)
                yield piece
            try:
                _keep(folder, name, extension, written)
            except Exception:  # noqa: BLE001 - the visitor has the whole file: the next download writes it
                logger.warning("Open data file %s not kept", name, exc_info=True)
    finally:
        cache.delete(_lock(name))


def _keep(folder, name, extension, written):
    """Saves the written file under `name` and deletes the older version's; returns the name saved."""
    written.seek(0)
    saved = default_storage.save(name, File(written, name=name))
    for other in default_storage.listdir(folder)[1]:
        if other.endswith(f".{extension}") and f"{folder}/{other}" != saved:
            default_storage.delete(f"{folder}/{other}")
    return saved


def response(name, extension, filename):
    content_type, attachment = KINDS[extension]
    return FileResponse(default_storage.open(name, "rb"), as_attachment=attachment, filename=filename,
                        content_type=content_type)


def write_current():
    """Every file of the current published versions (all programs, then each), written if missing: what
    the beat task does, so that visitors rarely wait for one. Returns how many were written or found."""
    done = 0
    for program in [None, *selectors.programs()]:
        request = SimpleNamespace()  # freshness keeps what it read on it, as on a request
        done += sum(kept(request, program, extension) is not None for extension in KINDS)
    return done
