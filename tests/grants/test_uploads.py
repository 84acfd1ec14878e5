import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from grants.models import Attachment
from grants.uploads import check_upload, safe_name
from tests import factories
from tests.grants.intake_setup import DOCX, EXE, JPEG, ODT, PDF, PNG, XLSX, upload, zip_bytes


@pytest.mark.parametrize("name, content, content_type", [
    ("budget.pdf", PDF, "application/pdf"), ("logo.png", PNG, "image/png"), ("photo.JPG", JPEG, "image/jpeg"),
    ("lettre.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("budget.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("texte.odt", ODT, "application/vnd.oasis.opendocument.text"),
])
def test_valid_documents_are_accepted_with_a_content_type_from_the_allowlist(name, content, content_type):
    checked = check_upload(upload(name, content, content_type="text/html"))
    assert checked.content_type == content_type
    assert checked.original_name == name


@pytest.mark.parametrize("name, content, code", [
    ("outil.exe", EXE, "extension"),
    ("résolution.pdf", EXE, "content"),             # a renamed executable
    ("page.html", b"<html></html>", "extension"),
    ("lettre.docx", zip_bytes({"evil.sh": "rm -rf /"}), "content"),   # a ZIP but not a Word document
    ("tableur.xlsx", DOCX, "content"),               # Word inside an .xlsx name
    ("texte.odt", zip_bytes({"mimetype": "application/x-evil"}), "content"),
    ("image.png", PDF, "content"),
    ("vide.pdf", b"", "empty"),
    ("sans-extension", PDF, "extension"),
])
def test_wrong_types_and_renamed_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    assert refused.value.code == code


def test_oversized_file_is_refused(settings):
    settings.CONCERTO_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("gros.pdf", PDF + b"0" * 2000))
    assert refused.value.code == "too_large"
    assert "taille maximale" in refused.value.messages[0]


@pytest.mark.parametrize("given, kept", [
    ("C:\\Users\\marie\\Documents\\résolution.pdf", "résolution.pdf"),
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("/var/www/x.pdf", "x.pdf"),
    ("..", "fichier"),
    ("états financiers 2025.pdf", "états financiers 2025.pdf"),
])
def test_path_in_the_file_name_is_stripped(given, kept):
    assert safe_name(given) == kept


def upload_url(proposal):
    return reverse("attachment_upload", args=[proposal.pk])


@pytest.mark.django_db
def test_upload_stores_under_a_generated_name_and_keeps_the_base_name(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    kind = factories.AttachmentTypeFactory()
    client.force_login(world.applicant)
    response = client.post(upload_url(proposal), {
        "kind": kind.pk, "file": upload("..\\..\\C:\\secret\\résolution du CA.pdf", PDF)})
    assert response.status_code == 302
    attachment = Attachment.objects.get(proposal=proposal)
    assert attachment.original_name == "résolution du CA.pdf"
    assert attachment.file.name.startswith(f"attachments/{proposal.pk}/")
    assert "résolution" not in attachment.file.name and ".." not in attachment.file.name
    assert (attachment.content_type, attachment.size) == ("application/pdf", len(PDF))
    assert default_storage.open(attachment.file.name).read() == PDF


@pytest.mark.django_db
def test_upload_view_refuses_a_renamed_executable_with_a_french_message(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    kind = factories.AttachmentTypeFactory()
    client.force_login(world.applicant)
    response = client.post(upload_url(proposal), {"kind": kind.pk, "file": upload("résolution.pdf", EXE)})
    assert response.status_code == 400
    assert "ne correspond pas à son extension" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_upload_view_refuses_an_oversized_file(client, world, settings):
    settings.CONCERTO_MAX_UPLOAD_BYTES = 100
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(upload_url(proposal), {"kind": factories.AttachmentTypeFactory().pk,
                                                  "file": upload("gros.pdf", PDF * 10)})
    assert response.status_code == 400
    assert not Attachment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona, status", [
    ("applicant", 200), ("analyst", 200), ("manager", 200), ("admin", 200),
    # Reviewers download through their review page (scoring); the board sees a proposal from the decision on.
    ("reviewer", 404), ("board", 404),
    ("other_applicant", 404), ("outside_analyst", 404), ("nobody", 404),
])
def test_download_only_by_allowed_people_with_safe_headers(client, world, persona, status):
    attachment = factories.AttachmentFactory(proposal__call=world.call, proposal__organisation=world.organisation,
                                             proposal__state="submitted")
    client.force_login(getattr(world, persona))
    response = client.get(reverse("attachment_download", args=[attachment.proposal_id, attachment.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "r%C3%A9solution%20du%20CA.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_download_needs_login_and_the_right_proposal_in_the_url(client, world):
    attachment = factories.AttachmentFactory(proposal__call=world.call, proposal__organisation=world.organisation)
    url = reverse("attachment_download", args=[attachment.proposal_id, attachment.pk])
    assert client.get(url).status_code == 302
    other = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    assert client.get(reverse("attachment_download", args=[other.pk, attachment.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_delete_removes_row_and_file_while_editable_only(client, world):
    attachment = factories.AttachmentFactory(proposal__call=world.call, proposal__organisation=world.organisation)
    name = attachment.file.name
    client.force_login(world.applicant)
    url = reverse("attachment_delete", args=[attachment.proposal_id, attachment.pk])
    assert client.post(url).status_code == 302
    assert not Attachment.objects.exists()
    assert not default_storage.exists(name)

    submitted = factories.AttachmentFactory(proposal__call=world.call, proposal__organisation=world.organisation)
    type(submitted.proposal).objects.filter(pk=submitted.proposal_id).update(state="submitted")
    client.post(reverse("attachment_delete", args=[submitted.proposal_id, submitted.pk]))
    assert Attachment.objects.filter(pk=submitted.pk).exists()
