"""A proposal's documents through the API: the page's checks on upload, its rule and log on download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from core.models import AccessLog
from grants.models import Attachment
from grants.states import State
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def kind():
    return factories.AttachmentTypeFactory(code="lettre-appui")


def upload(api, proposal, kind, name="Lettre d'appui.pdf", content=PDF):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return api.post(f"/api/v1/proposals/{proposal.pk}/attachments/", {"kind": kind.pk, "file": file},
                    format="multipart")


def test_upload_then_download_the_same_bytes(api, world, make_proposal, kind):
    proposal = make_proposal()
    api.force_authenticate(world.applicant)
    response = upload(api, proposal, kind)
    assert response.status_code == 201
    body = response.json()
    assert (body["original_name"], body["size"], body["kind"]["code"]) == ("Lettre d'appui.pdf", len(PDF),
                                                                           "lettre-appui")
    download = api.get(body["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf" and "attachment;" in download["Content-Disposition"]
    assert AccessLog.objects.filter(user=world.applicant, what=AccessLog.What.ATTACHMENT,
                                    object_id=body["id"]).count() == 1


def test_download_answers_the_file_whatever_the_client_accepts(api, world, make_proposal, kind):
    proposal = make_proposal()
    api.force_authenticate(world.applicant)
    url = upload(api, proposal, kind).json()["download_url"]
    assert api.get(url, HTTP_ACCEPT="application/pdf").status_code == 200


@pytest.mark.parametrize(("name", "content"), [
    ("programme.exe", b"MZ\x90\x00"), ("lettre.pdf", b"MZ\x90\x00 not a pdf"), ("notes.txt", b"bonjour")])
def test_a_file_of_the_wrong_type_is_a_400(api, world, make_proposal, kind, name, content):
    proposal = make_proposal()
    api.force_authenticate(world.applicant)
    response = upload(api, proposal, kind, name, content)
    assert response.status_code == 400 and "file" in response.json()["details"]
    assert not Attachment.objects.exists()


@override_settings(CONCERTO_MAX_UPLOAD_BYTES=100)
def test_a_file_too_large_is_a_400_that_says_so(api, world, make_proposal, kind):
    proposal = make_proposal()
    api.force_authenticate(world.applicant)
    response = upload(api, proposal, kind, content=PDF + b"0" * 200)
    assert response.status_code == 400
    assert "taille maximale" in response.json()["details"]["file"][0]


def test_an_unknown_kind_is_a_400(api, world, make_proposal):
    proposal = make_proposal()
    api.force_authenticate(world.applicant)
    response = upload(api, proposal, factories.AttachmentTypeFactory.build(pk=999999))
    assert response.status_code == 400 and "kind" in response.json()["details"]


@pytest.mark.parametrize(("persona", "status"), [
    ("applicant", 200), ("analyst", 200), ("manager", 200), ("admin", 200),
    ("other_applicant", 404), ("reviewer", 404), ("outside_analyst", 404), ("board", 404)])
def test_download_follows_who_sees_the_proposal(api, world, make_proposal, persona, status):
    proposal = make_proposal(State.SUBMITTED)
    document = factories.AttachmentFactory(proposal=proposal)
    factories.ReviewerAssignmentFactory(proposal=proposal, reviewer=world.reviewer, assigned_by=world.analyst)
    api.force_authenticate(getattr(world, persona))
    response = api.get(f"/api/v1/proposals/{proposal.pk}/attachments/{document.pk}/download/")
    assert response.status_code == status
    if status == 404:
        assert response.json()["code"] == "not_found"


def test_a_document_is_reached_through_its_own_proposal_only(api, world, make_proposal):
    own, other = make_proposal(), make_proposal(organisation=world.other_organisation)
    foreign = factories.AttachmentFactory(proposal=other)
    api.force_authenticate(world.applicant)
    assert api.get(f"/api/v1/proposals/{own.pk}/attachments/{foreign.pk}/download/").status_code == 404
    assert api.delete(f"/api/v1/proposals/{own.pk}/attachments/{foreign.pk}/").status_code == 404
    assert Attachment.objects.filter(pk=foreign.pk).exists()


def test_remove_while_editable_only(api, world, make_proposal):
    draft, submitted = make_proposal(), make_proposal(State.SUBMITTED)
    removable, kept = factories.AttachmentFactory(proposal=draft), factories.AttachmentFactory(proposal=submitted)
    api.force_authenticate(world.applicant)
    assert api.delete(f"/api/v1/proposals/{draft.pk}/attachments/{removable.pk}/").status_code == 204
    assert not Attachment.objects.filter(pk=removable.pk).exists()
    refused = api.delete(f"/api/v1/proposals/{submitted.pk}/attachments/{kept.pk}/")
    assert (refused.status_code, refused.json()["code"]) == (409, "not_editable")
    api.force_authenticate(world.analyst)
    assert api.delete(f"/api/v1/proposals/{submitted.pk}/attachments/{kept.pk}/").status_code == 403
    assert Attachment.objects.filter(pk=kept.pk).exists()


def test_staff_and_members_of_a_submitted_proposal_cannot_upload(api, world, make_proposal, kind):
    proposal = make_proposal(State.SUBMITTED)
    api.force_authenticate(world.analyst)
    assert upload(api, proposal, kind).status_code == 403
    api.force_authenticate(world.applicant)
    assert upload(api, proposal, kind).status_code == 409
    assert not proposal.attachments.exists()
