"""Attachments through django-storages, on the local disk and on an S3 endpoint (moto's server mode).

The S3 case talks HTTP to a real S3 API on 127.0.0.1, as production talks to MinIO or AWS.
"""

import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from moto.server import ThreadedMotoServer

from tests import factories

REGION = "ca-central-1"
KEYS = {"aws_access_key_id": "concerto-test", "aws_secret_access_key": "concerto-test-secret"}
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


class LocalBackend:
    def __init__(self, root):
        self.root = Path(root)

    def names(self):
        return {str(path.relative_to(self.root)) for path in self.root.rglob("*") if path.is_file()}

    def read(self, name):
        return (self.root / name).read_bytes()


class S3Backend:
    def __init__(self, endpoint, bucket):
        self.bucket = bucket
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KEYS)

    def names(self):
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return {item["Key"] for item in listing.get("Contents", [])}

    def read(self, name):
        return self.client.get_object(Bucket=self.bucket, Key=name)["Body"].read()


@pytest.fixture(params=["local", "s3"])
def backend(request, settings, tmp_path):
    """Point Django's default storage at the backend; the settings fixture resets the storage caches."""
    if request.param == "local":
        settings.MEDIA_ROOT = tmp_path / "media"
        settings.STORAGES = {**settings.STORAGES,
                             "default": {"BACKEND": "core.storage.FileSystemStorage"}}
        return LocalBackend(settings.MEDIA_ROOT)
    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = f"concerto-{uuid.uuid4().hex[:12]}"
    s3 = S3Backend(endpoint, bucket)
    s3.client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "core.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket, "endpoint_url": endpoint, "region_name": REGION,
            "access_key": KEYS["aws_access_key_id"], "secret_key": KEYS["aws_secret_access_key"],
            "default_acl": None, "querystring_auth": True, "file_overwrite": False,
        },
    }}
    return s3


def save_attachment(user_file_name="../../etc/résolution du CA.pdf", **fields):
    attachment = factories.AttachmentFactory(
        file=None, original_name=Path(user_file_name).name, size=len(PDF), **fields)
    attachment.file.save(user_file_name, ContentFile(PDF), save=True)
    return attachment


@pytest.mark.django_db
def test_default_storage_follows_the_settings(backend):
    expected = "S3Storage" if isinstance(backend, S3Backend) else "FileSystemStorage"
    default_storage.save("probe.txt", ContentFile(b"probe"))
    assert type(default_storage._wrapped).__name__ == expected
    assert "probe.txt" in backend.names()


@pytest.mark.django_db
def test_attachment_is_stored_under_a_generated_name(backend):
    attachment = save_attachment()
    name = attachment.file.name
    assert name.startswith(f"attachments/{attachment.proposal_id}/")
    assert len(name.rsplit("/", 1)[1]) == 32  # uuid4 hex, nothing from the user's file name
    assert "résolution" not in name and ".." not in name and "etc" not in name
    assert backend.names() == {name}
    assert backend.read(name) == PDF
    assert attachment.original_name == "résolution du CA.pdf"


@pytest.mark.django_db
def test_attachment_reads_back_through_the_model(backend):
    attachment = save_attachment()
    reloaded = type(attachment).objects.get(pk=attachment.pk)
    with reloaded.file.open("rb") as handle:
        assert handle.read() == PDF
    assert reloaded.file.size == len(PDF)


@pytest.mark.django_db
def test_two_uploads_with_the_same_name_never_overwrite_each_other(backend):
    first = save_attachment("budget.pdf")
    second = save_attachment("budget.pdf", proposal=first.proposal)
    assert first.file.name != second.file.name
    assert {first.file.name, second.file.name} <= backend.names()


def download(client, user, attachment):
    client.force_login(user)
    return client.get(reverse("attachment_download", args=[attachment.proposal_id, attachment.pk]))


@pytest.mark.django_db
def test_download_view_streams_the_file_to_the_owner(backend, client, world):
    attachment = save_attachment(proposal=factories.ProposalFactory(organisation=world.organisation,
                                                                     call=world.call))
    response = download(client, world.applicant, attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "r%C3%A9solution%20du%20CA.pdf" in response["Content-Disposition"]  # the original name, RFC 5987
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_download_view_is_404_for_another_organisation(backend, client, world):
    attachment = save_attachment(proposal=factories.ProposalFactory(organisation=world.organisation,
                                                                     call=world.call))
    assert download(client, world.other_applicant, attachment).status_code == 404
    client.logout()
    anonymous = client.get(reverse("attachment_download", args=[attachment.proposal_id, attachment.pk]))
    assert anonymous.status_code == 302  # to the login page, never the file
    assert backend.names() == {attachment.file.name}  # still stored, only refused
