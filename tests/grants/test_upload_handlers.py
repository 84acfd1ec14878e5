"""An oversized file is dropped while it arrives: the storage handlers never get the bytes past the limit."""

from io import BytesIO

import pytest
from django.core.files.uploadhandler import FileUploadHandler, MemoryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from grants.models import Attachment
from grants.upload_handlers import SizeLimitUploadHandler
from tests import factories
from tests.grants.intake_setup import PDF, upload


class Recorder(FileUploadHandler):
    """Stands for the storage handlers: counts the bytes that reach them."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        type(self).received += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


def parse(fields, limit, settings):
    settings.CONCERTO_MAX_UPLOAD_BYTES = limit
    Recorder.received = 0
    body = encode_multipart(BOUNDARY, fields)
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    limiter = SizeLimitUploadHandler()
    post, files = MultiPartParser(meta, BytesIO(body), [limiter, Recorder(), MemoryFileUploadHandler()]).parse()
    return limiter, post, files


def test_a_file_over_the_limit_never_reaches_storage_and_the_other_fields_survive(settings):
    limiter, post, files = parse({"kind": "3", "file": upload("gros.pdf", PDF * 50), "note": "après"},
                                 limit=len(PDF) * 10, settings=settings)
    assert "file" not in files and limiter.too_large == {"file": ["gros.pdf"]}
    assert Recorder.received == 0  # refused on the first chunk, before any handler after it saw it
    assert (post["kind"], post["note"]) == ("3", "après")


def test_a_file_at_the_limit_passes_untouched(settings):
    limiter, _post, files = parse({"file": upload("juste.pdf", PDF * 10)}, limit=len(PDF) * 10,
                                  settings=settings)
    assert files["file"].read() == PDF * 10 and limiter.too_large == {}


def test_the_limit_applies_per_file(settings):
    limiter, _post, files = parse({"a": upload("a.pdf", PDF * 5), "b": upload("b.pdf", PDF * 20)},
                                  limit=len(PDF) * 10, settings=settings)
    assert set(files) == {"a"} and limiter.too_large == {"b": ["b.pdf"]}


@pytest.mark.django_db
def test_upload_view_answers_an_oversized_file_with_the_french_message(client, world, settings):
    settings.CONCERTO_MAX_UPLOAD_BYTES = 1000
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(reverse("attachment_upload", args=[proposal.pk]), {
        "kind": factories.AttachmentTypeFactory().pk, "file": upload("gros.pdf", PDF * 200)})
    page = response.content.decode()
    assert response.status_code == 400 and 'role="alert"' in page
    assert "Le fichier dépasse la taille maximale permise (1000\xa0octets)." in page
    assert "Ce champ est obligatoire" not in page
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_upload_view_still_checks_the_csrf_token(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.applicant)
    response = client.post(reverse("attachment_upload", args=[proposal.pk]), {
        "kind": factories.AttachmentTypeFactory().pk, "file": upload("petit.pdf", PDF)})
    assert response.status_code == 403 and not Attachment.objects.exists()
