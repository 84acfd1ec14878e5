"""The answers to the call's own questions are part of each version: frozen at submit with the wording they
were given to, compared between two versions, and printed as decided on."""

import pytest
from django.urls import reverse

from grants.models import Answer, ProposalVersion
from grants.services import versions as version_services
from grants.versions import selectors
from tests import factories
from tests.grants.intake_setup import complete_draft
from tests.grants.questions_setup import answer_everything, post_step, ten_questions
from tests.reporting.test_pdf import pdf_text
from workflow import services
from workflow import versions as workflow_versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(client, world):
    """Version 1 filed with every question answered; the questions by key."""
    questions = ten_questions(world.call, world.manager)
    client.force_login(world.applicant)
    proposal = answer_everything(client, complete_draft(world), questions)
    return services.transition(proposal, "submit", world.applicant), questions


def test_a_version_keeps_the_answers_with_their_wording(world, filed):
    proposal, questions = filed
    [row] = [row for row in selectors.snapshots(proposal.pk, [1])[1]["answers"]
             if row["question_id"] == questions["volunteers"].pk]
    assert (row["label_fr"], row["kind"], row["version"], row["number"]) == (
        "Nombre de bénévoles engagés", "number", 1, "1200.00")
    [choices] = [row for row in selectors.snapshots(proposal.pk, [1])[1]["answers"]
                 if row["question_id"] == questions["audiences"].pk]
    assert choices["choices"] == ["aines", "familles"] and choices["options"][0]["label_fr"] == "Aînés"


def test_changed_answers_are_listed_in_the_diff(client, world, filed):
    proposal, questions = filed
    proposal = services.transition(proposal, "start_analysis", world.analyst)
    proposal = services.transition(proposal, "request_changes", world.analyst, comment="Précisez la participation.")
    client.force_login(world.applicant)
    assert post_step(client, proposal, "objectifs", questions, {
        "participation": "Des comités de citoyens\npilotent et évaluent les activités."}).status_code == 302
    proposal.refresh_from_db()
    assert post_step(client, proposal, "territoire", questions, {"volunteers": "1 350"}).status_code == 302
    proposal.refresh_from_db()
    services.transition(proposal, "resubmit", world.applicant)

    comparison = workflow_versions.compare(proposal.pk)
    assert sorted(comparison.diff.summary()) == sorted([
        (f"question_{questions['participation'].pk}",), (f"question_{questions['volunteers'].pk}",)])
    [section] = [section for section in comparison.diff.sections if section.title == "Questions propres à l'appel"]
    number, words = section.changes  # in the form's order: the territory step comes first
    assert words.label == "Décrivez la participation citoyenne" and (words.added_words, words.removed_words) == (2, 0)
    assert [piece.text.strip() for piece in words.pieces if piece.kind in ("ins", "del")] == ["et évaluent"]
    assert (number.old.replace("\u202f", " ").replace("\u00a0", " "),
            number.new.replace("\u202f", " ").replace("\u00a0", " ")) == ("1 200", "1 350")


def test_the_printable_pdf_shows_the_answers_decided_on(client, world, filed):
    proposal, questions = filed
    factories.DecisionFactory(proposal=proposal, meeting=factories.BoardMeetingFactory(program=world.program),
                              recorded_by=world.board)
    Answer.objects.filter(proposal=proposal, question=questions["charity"]).update(text="Numéro changé après")
    client.force_login(world.analyst)
    _reader, text = pdf_text(client.get(reverse("reporting:proposal_pdf", args=[proposal.pk])).content)
    assert "Version 1, déposée le" in text and "Questions propres à l'appel" in text
    assert "12345 6789 RR0001" in text and "Numéro changé après" not in text


def test_retention_blanks_the_answers_in_the_versions(world, filed):
    proposal, questions = filed
    version_services.redact([proposal.pk], ("problem_statement",))
    rows = ProposalVersion.objects.get(proposal=proposal).snapshot["answers"]
    assert len(rows) == 10 and {(row["text"], row["file_name"]) for row in rows} == {("", "")}
    assert {row["label_fr"] for row in rows} >= {"Lettre d'appui du partenaire principal"}  # the wording stays
