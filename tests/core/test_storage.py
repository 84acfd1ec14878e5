"""A file storage that fails (core.storage): S3 gone or silent, a disk that cannot be written. The person
gets a French 503 (the form again for an upload, the API's error body), nothing is recorded, and a web
process is not held longer than the client's timeouts."""

import socket
import threading
import time
import uuid

import boto3
import pytest
from botocore.config import Config
from django.core.files.base import ContentFile
from django.urls import reverse
from moto.server import ThreadedMotoServer
from rest_framework.test import APIClient

from core import storage, tokens
from grants.models import Attachment
from tests import factories
from tests.grants.intake_setup import PDF, upload

pytestmark = pytest.mark.django_db
REGION = "ca-central-1"
KEYS = {"access_key": "concerto-test", "secret_key": "concerto-test-secret"}
UNAVAILABLE = "Le dépôt des fichiers est momentanément indisponible."


def use_s3(settings, endpoint, bucket):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "core.storage.S3Storage", "OPTIONS": {
        "bucket_name": bucket, "endpoint_url": endpoint, "region_name": REGION, **KEYS,
        "default_acl": None, "querystring_auth": True, "file_overwrite": False}}}


@pytest.fixture
def s3_then_gone(settings):
    """A real S3 API (moto's server) holding one stored attachment; stop() takes it away."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint, bucket = f"http://{host}:{port}", f"concerto-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=KEYS["access_key"],
                 aws_secret_access_key=KEYS["secret_key"]).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    use_s3(settings, endpoint, bucket)
    yield server
    server.stop()


@pytest.fixture
def stored(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    attachment = factories.AttachmentFactory(proposal=proposal, file=None, original_name="budget.pdf",
                                             size=len(PDF))
    attachment.file.save("budget.pdf", ContentFile(PDF), save=True)
    return attachment


def hold_connections(listener, held):
    """Accept every connection and answer nothing, until the listener is closed."""
    try:
        while True:
            held.append(listener.accept()[0])
    except OSError:
        return


def test_the_s3_client_gives_up_in_seconds_not_minutes(settings):
    use_s3(settings, "http://127.0.0.1:9", "concerto")
    from django.core.files.storage import default_storage

    config = default_storage.connection.meta.client.meta.config
    assert (config.connect_timeout, config.read_timeout, config.retries) == (
        2, 10, {"mode": "standard", "total_max_attempts": 2})


def test_with_s3_gone_an_upload_shows_the_form_again_with_a_french_message_and_records_nothing(
        client, world, stored, s3_then_gone):
    s3_then_gone.stop()
    client.force_login(world.applicant)
    response = client.post(reverse("attachment_upload", args=[stored.proposal_id]), {
        "kind": factories.AttachmentTypeFactory().pk, "file": upload("rapport.pdf", PDF)})
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode().replace("&#x27;", "'")
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["budget.pdf"]


def test_with_s3_gone_a_download_answers_503_in_french_on_the_page_and_in_the_api(client, world, stored,
                                                                                 s3_then_gone):
    s3_then_gone.stop()
    client.force_login(world.applicant)
    page = client.get(reverse("attachment_download", args=[stored.proposal_id, stored.pk]))
    assert page.status_code == 503 and UNAVAILABLE in page.content.decode().replace("&#x27;", "'")
    _token, key = tokens.issue(world.applicant, name="Tableur")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    answer = api.get(f"/api/v1/proposals/{stored.proposal_id}/attachments/{stored.pk}/download/")
    assert answer.status_code == 503
    assert answer.json()["code"] == "storage_unavailable" and answer.json()["message"].startswith(UNAVAILABLE)


def test_a_silent_s3_endpoint_is_given_up_within_the_client_timeouts(client, world, stored, settings,
                                                                    monkeypatch):
    # An endpoint that accepts connections and never answers; the timeouts shortened for the test.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held = []
    threading.Thread(target=hold_connections, args=(listener, held), daemon=True).start()
    monkeypatch.setattr(storage, "S3_CLIENT", Config(connect_timeout=1, read_timeout=1,
                                                     retries={"mode": "standard", "total_max_attempts": 2}))
    use_s3(settings, f"http://127.0.0.1:{listener.getsockname()[1]}", "concerto")
    client.force_login(world.applicant)
    started = time.monotonic()
    try:
        response = client.get(reverse("attachment_download", args=[stored.proposal_id, stored.pk]))
    finally:
        listener.close()
        for connection in held:
            connection.close()
    assert response.status_code == 503
    assert time.monotonic() - started < 6  # two attempts of a second, and the retry's back-off


def test_a_disk_that_cannot_be_written_refuses_the_upload_the_same_way(client, world, settings, tmp_path):
    blocked = tmp_path / "media"
    blocked.write_text("a file where the folder should be")
    settings.MEDIA_ROOT = blocked
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(reverse("attachment_upload", args=[proposal.pk]), {
        "kind": factories.AttachmentTypeFactory().pk, "file": upload("rapport.pdf", PDF)})
    assert response.status_code == 503 and not Attachment.objects.exists()


def test_a_missing_file_stays_not_found_not_unavailable(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.storage import default_storage

    with pytest.raises(FileNotFoundError):
        default_storage.open("attachments/0/none.pdf")


def test_the_api_schema_documents_the_503_in_the_error_format(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    download = schema["paths"]["/api/v1/proposals/{id}/attachments/{attachment_pk}/download/"]["get"]
    answer = download["responses"]["503"]
    assert "dépôt des fichiers" in answer["description"]
    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
