"""The access log of confidential files: a row each time someone opens a proposal's page, one of its
documents, a review page or the reviews list, a report or its document, the signed agreement; program
managers read the log of their programs (keyset pages, newest first), admins all of it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse

from core import access_log
from core.models import AccessLog, ImmutableLog
from grants.models import Attachment, Proposal
from tests import factories
from tests.scoring.reviewing import active_review, rubric_for, submitted_proposal

What = AccessLog.What


def rows(user=None):
    found = AccessLog.objects.order_by("id")
    return list(found.filter(user=user) if user else found)


@pytest.fixture
def proposal(world):
    rubric_for(world.call)
    proposal = submitted_proposal(world, created_by=world.applicant)
    factories.AttachmentFactory(proposal=proposal)
    return proposal


def test_opening_a_proposal_and_its_document_is_logged_with_its_program(client, world, proposal):
    attachment = proposal.attachments.get()
    client.force_login(world.applicant)
    assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 200
    assert client.get(reverse("attachment_download", args=[proposal.pk, attachment.pk])).status_code == 200
    logged = rows(world.applicant)
    assert [(row.what, row.program_id) for row in logged] == [(What.PROPOSAL, world.program.pk),
                                                              (What.ATTACHMENT, world.program.pk)]
    assert logged[0].target == Proposal.objects.get(pk=proposal.pk)
    assert logged[1].content_type == ContentType.objects.get_for_model(Attachment)
    assert logged[1].object_id == attachment.pk


def test_a_refused_opening_is_not_logged(client, world, proposal):
    client.force_login(world.other_applicant)
    assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 404
    client.force_login(world.outside_analyst)
    assert client.get(reverse("workflow:detail", args=[proposal.pk])).status_code == 404
    client.logout()
    client.get(reverse("proposal_detail", args=[proposal.pk]))
    assert rows() == []


def test_staff_page_review_pages_and_the_reviews_list_are_logged(client, world, proposal):
    attachment = proposal.attachments.get()
    active_review(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    assert client.get(reverse("scoring:review", args=[proposal.pk])).status_code == 200
    assert client.get(reverse("scoring:attachment", args=[proposal.pk, attachment.pk])).status_code == 200
    client.force_login(world.analyst)
    assert client.get(reverse("workflow:detail", args=[proposal.pk])).status_code == 200
    assert client.get(reverse("scoring:proposal_reviews", args=[proposal.pk])).status_code == 200
    assert [row.what for row in rows(world.reviewer)] == [What.REVIEW, What.ATTACHMENT]
    assert [row.what for row in rows(world.analyst)] == [What.PROPOSAL_STAFF, What.REVIEWS]
    assert {row.program_id for row in rows()} == {world.program.pk}


def test_reports_their_documents_and_the_signed_agreement_are_logged(client, world):
    funded = submitted_proposal(world)
    Proposal.objects.filter(pk=funded.pk).update(state="funded")
    agreement = factories.AgreementFactory(proposal=funded, signed_file_name="convention.pdf")
    agreement.signed_file.save("convention.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    report = factories.ReportFactory(agreement=agreement, kind="interim", order=1, state="draft")
    document = factories.ReportAttachmentFactory(report=report)
    client.force_login(world.applicant)
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("report_attachment", args=[document.pk])).status_code == 200
    assert client.get(reverse("agreement_signed_file", args=[agreement.pk])).status_code == 200
    assert [(row.what, row.object_id) for row in rows(world.applicant)] == [
        (What.REPORT, report.pk), (What.REPORT_ATTACHMENT, document.pk), (What.AGREEMENT_FILE, agreement.pk)]
    assert {row.program_id for row in rows()} == {world.program.pk}


def test_the_log_is_append_only(world, proposal):
    row = access_log.record(world.analyst, proposal, world.program.pk, What.PROPOSAL_STAFF)
    with pytest.raises(ImmutableLog):
        row.save()
    with pytest.raises(ImmutableLog):
        row.delete()
    with pytest.raises(ImmutableLog):
        AccessLog.objects.filter(pk=row.pk).update(what=What.REVIEW)
    with pytest.raises(ImmutableLog):
        AccessLog.objects.all().delete()


def test_the_table_is_indexed_for_the_managers_page():
    indexes = {index.name: index.fields for index in AccessLog._meta.indexes}
    assert indexes["access_log_by_program"] == ["program_id", "-created_at", "-id"]
    assert indexes["access_log_recent"] == ["-created_at", "-id"]


# --- the page ---------------------------------------------------------------------------------------------


@pytest.fixture
def two_programs(world, proposal):
    other_program = factories.ProgramRoleFactory._meta.model.objects.get(user=world.outside_analyst).program
    other = factories.ProposalFactory(call=factories.CallFactory(program=other_program),
                                      organisation=world.other_organisation, title="Dossier de Q")
    access_log.record(world.analyst, proposal, world.program.pk, What.PROPOSAL_STAFF)
    access_log.record(world.outside_analyst, other, other_program.pk, What.PROPOSAL_STAFF)
    return other_program


def test_a_manager_sees_who_opened_the_files_of_their_programs_only(client, world, proposal, two_programs):
    client.force_login(world.manager)
    page = client.get(reverse("access_log"))
    assert page.status_code == 200
    text = page.content.decode()
    assert world.analyst.email in text and proposal.title in text
    assert "Dossier de Q" not in text and world.outside_analyst.email not in text
    assert client.get(reverse("access_log"), {"programme": world.program.pk}).status_code == 200
    assert client.get(reverse("access_log"), {"programme": two_programs.pk}).status_code == 404
    assert client.get(reverse("access_log"), {"programme": "abc"}).status_code == 404


def test_an_admin_sees_every_program_and_filters_by_one(client, world, proposal, two_programs):
    client.force_login(world.admin)
    text = client.get(reverse("access_log")).content.decode()
    assert "Dossier de Q" in text and proposal.title in text
    text = client.get(reverse("access_log"), {"programme": two_programs.pk}).content.decode()
    assert "Dossier de Q" in text and proposal.title not in text


def test_others_are_refused_the_page(client, world):
    for person in (world.analyst, world.applicant, world.board, world.reviewer):
        client.force_login(person)
        assert client.get(reverse("access_log")).status_code == 403
    client.logout()
    assert client.get(reverse("access_log")).status_code == 302


def test_the_nav_links_to_the_page_for_managers_only(client, world):
    client.force_login(world.manager)
    assert reverse("access_log") in client.get(reverse("profile")).content.decode()
    client.force_login(world.analyst)
    assert reverse("access_log") not in client.get(reverse("profile")).content.decode()


def test_keyset_pages_walk_every_row_once_newest_first(world, proposal):
    moment = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
    other_program = factories.ProgramFactory()
    for index in range(130):
        # Several rows share one instant: the id breaks the tie.
        with time_machine.travel(moment + timedelta(seconds=index // 4), tick=False):
            access_log.record(world.analyst, proposal, world.program.pk, What.PROPOSAL_STAFF)
            if index % 10 == 0:
                access_log.record(world.analyst, proposal, other_program.pk, What.PROPOSAL_STAFF)
    seen, cursor, pages = [], None, 0
    while True:
        items, cursor = access_log.page(access_log.visible_to(world.manager), cursor, size=50)
        seen.extend(items)
        pages += 1
        if cursor is None:
            break
    assert pages == 3 and len(seen) == 130 == len({row.pk for row in seen})
    keys = [(row.created_at, row.pk) for row in seen]
    assert keys == sorted(keys, reverse=True)
    assert {row.program_id for row in seen} == {world.program.pk}


def test_the_page_links_to_the_older_rows(client, world, proposal):
    for _ in range(access_log.PAGE_SIZE + 3):
        access_log.record(world.analyst, proposal, world.program.pk, What.PROPOSAL_STAFF)
    client.force_login(world.manager)
    first = client.get(reverse("access_log"))
    cursor = first.context["next_cursor"]
    assert cursor and len(first.context["rows"]) == access_log.PAGE_SIZE
    second = client.get(reverse("access_log"), {"apres": cursor})
    assert len(second.context["rows"]) == 3 and second.context["next_cursor"] is None
    assert client.get(reverse("access_log"), {"apres": "n'importe.quoi"}).status_code == 200


def test_reading_one_object_through_the_api_is_logged(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, state="submitted")
    client.force_login(world.analyst)
    assert client.get("/api/v1/proposals/").status_code == 200
    assert not AccessLog.objects.exists()  # a list shows summaries, not the file
    assert client.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.object_id, row.program_id, row.what) == (
        world.analyst, proposal.pk, world.program.pk, "api")
    client.force_login(world.outside_analyst)
    assert client.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
    assert AccessLog.objects.count() == 1  # a refused reading leaves no row
