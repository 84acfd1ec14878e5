"""Attachment checks: size, extension allowlist and content sniffing, safe original names.

A file is accepted only when its extension is allowed AND its first bytes (or, for office documents,
the inside of the ZIP container) match that extension: a renamed executable is refused.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

ODF_MIME = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
OOXML_FOLDER = {".docx": "word/", ".xlsx": "xl/"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
MAGIC = {".pdf": (b"%PDF-",), ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",)}
ALLOWED_LABEL = "PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG"


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str
    content_type: str
    size: int


def safe_name(name):
    """Keep only the last path component, whatever the separator: C:\\x\\a.pdf and ../../a.pdf give a.pdf."""
    base = (name or "").replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return base[-255:] or "fichier"


def extension(name):
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _zip_matches(uploaded, ext):
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
            if ext in OOXML_FOLDER:
                return "[Content_Types].xml" in names and any(n.startswith(OOXML_FOLDER[ext]) for n in names)
            if "mimetype" not in names:
                return False
            with archive.open("mimetype") as handle:
                return handle.read(100).strip() == ODF_MIME[ext]
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def content_matches(uploaded, ext):
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if ext in MAGIC:
        return any(head.startswith(magic) for magic in MAGIC[ext])
    if not head.startswith(b"PK\x03\x04"):
        return False
    matches = _zip_matches(uploaded, ext)
    uploaded.seek(0)
    return matches


def too_large_message():
    limit = settings.CONCERTO_MAX_UPLOAD_BYTES
    return _("Le fichier dépasse la taille maximale permise (%(limit)s).") % {"limit": filesizeformat(limit)}


def check_upload(uploaded):
    """Validate an UploadedFile; return what to store about it, or raise a French ValidationError."""
    if uploaded.size > settings.CONCERTO_MAX_UPLOAD_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    if uploaded.size == 0:
        raise ValidationError(_("Le fichier est vide."), code="empty")
    name = safe_name(uploaded.name)
    ext = extension(name)
    if ext not in CONTENT_TYPES:
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté. Formats permis : %(formats)s.") % {"formats": ALLOWED_LABEL},
            code="extension")
    if not content_matches(uploaded, ext):
        raise ValidationError(
            _("Le contenu du fichier ne correspond pas à son extension (%(ext)s). Déposez le document "
              "original.") % {"ext": ext}, code="content")
    return CheckedUpload(original_name=name, content_type=CONTENT_TYPES[ext], size=uploaded.size)
