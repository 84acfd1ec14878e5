"""Several report attachments in one save: each file checked like a single upload, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accountability import services
from accountability.forms import MultipleFileField
from tests.accountability.world import funded_agreement

PDF = b"%PDF-1.4\n%bilan\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture(autouse=True)
def no_outbox(monkeypatch):
    monkeypatch.setattr(services, "queue", lambda **kwargs: None)


@pytest.fixture
def interim(world):
    return funded_agreement(world).reports.get(kind="interim")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def save(client, report, files, narrative="Bilan"):
    return client.post(reverse("report_detail", args=[report.pk]),
                       {"narrative": narrative, "action": "save", "attachments": files})


def test_the_form_offers_a_multiple_file_input(world, client, interim):
    client.force_login(world.applicant)
    page = client.get(reverse("report_detail", args=[interim.pk])).content.decode()
    assert 'type="file" name="attachments"' in page and " multiple" in page
    assert "Un ou plusieurs fichiers" in page


def test_several_files_are_saved_at_once(world, client, interim):
    client.force_login(world.applicant)
    response = save(client, interim, [upload("bilan.pdf", PDF), upload("photo atelier.png", PNG),
                                      upload("annexe.pdf", PDF)])
    assert response.status_code == 302
    saved = list(interim.attachments.order_by("id").values_list("original_name", "content_type", "size"))
    assert saved == [("bilan.pdf", "application/pdf", len(PDF)), ("photo atelier.png", "image/png", len(PNG)),
                     ("annexe.pdf", "application/pdf", len(PDF))]


def test_one_file_still_works(world, client, interim):
    client.force_login(world.applicant)
    assert save(client, interim, upload("bilan.pdf", PDF)).status_code == 302
    assert interim.attachments.get().original_name == "bilan.pdf"


def test_no_file_is_fine(world, client, interim):
    client.force_login(world.applicant)
    assert save(client, interim, []).status_code == 302
    assert not interim.attachments.exists()


@pytest.mark.parametrize(("bad", "message"), [
    (upload("outil.exe", b"MZ\x90\x00"), "Ce type de fichier"),
    (upload("faux.pdf", b"MZ\x90\x00 not a pdf"), "ne correspond pas à son extension"),
    (upload("vide.pdf", b""), "vide"),
])
def test_one_refused_file_refuses_the_whole_save_and_names_the_file(world, client, interim, bad, message):
    client.force_login(world.applicant)
    response = save(client, interim, [upload("bilan.pdf", PDF), bad], narrative="Ne pas enregistrer")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and f"« {bad.name} »" in page
    assert "« bilan.pdf »" not in page  # the valid file is not blamed
    interim.refresh_from_db()
    assert not interim.attachments.exists() and interim.narrative == ""


def test_the_size_limit_applies_to_each_file(world, client, interim, settings):
    settings.CONCERTO_MAX_UPLOAD_BYTES = 100
    client.force_login(world.applicant)
    response = save(client, interim, [upload("petit.pdf", PDF), upload("gros.pdf", PDF + b"x" * 200)])
    assert response.status_code == 400
    assert "« gros.pdf » : Le fichier dépasse la taille maximale permise" in response.content.decode()
    assert not interim.attachments.exists()


def test_required_multiple_field_asks_for_at_least_one_file():
    field = MultipleFileField(required=True)
    with pytest.raises(Exception, match="obligatoire|required"):
        field.clean([])
    assert MultipleFileField(required=False).clean([]) == []


def test_an_oversized_file_is_dropped_while_it_arrives_and_named_in_the_error(world, client, interim, settings):
    settings.CONCERTO_MAX_UPLOAD_BYTES = 1000
    client.force_login(world.applicant)
    response = save(client, interim, [upload("bilan.pdf", PDF), upload("énorme.pdf", PDF + b"0" * 2000)],
                    narrative="Bilan gardé")
    assert response.status_code == 400
    page = response.content.decode()
    assert "taille maximale" in page and "Bilan gardé" in page
    assert not interim.attachments.exists()


def test_an_oversized_signed_agreement_is_refused_with_the_french_message(world, client, settings):
    settings.CONCERTO_MAX_UPLOAD_BYTES = 1000
    agreement = funded_agreement(world)
    client.force_login(world.analyst)
    response = client.post(reverse("agreement_sign", args=[agreement.pk]),
                           {"signed_on": "2026-11-20", "signed_file": upload("convention.pdf", PDF + b"0" * 2000)})
    assert response.status_code == 400
    assert "taille maximale" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.signed_on is None
