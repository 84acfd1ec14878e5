"""The answers to a call's own questions in the printable PDF and in the staff exports: every kind, typed,
and an answer to an earlier version of a question under the wording it answered."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.services import questions as service
from tests.grants.intake_setup import complete_draft
from tests.grants.questions_setup import answer_everything, content, ten_questions
from tests.scoring.reviewing import put_in_state

from .test_pdf import pdf_text, plain

pytestmark = pytest.mark.django_db

SHOWN = ("12345 6789 RR0001", "https://exemple.org", "1 200", "Des comités de citoyens pilotent les activités.",
         "Logement", "Aînés ; Familles", "Oui", "lettre-appui.pdf", "12 500,50 $", "15 juin 2027")


@pytest.fixture
def submitted(client, world):
    questions = ten_questions(world.call, world.manager)
    draft = complete_draft(world)
    client.force_login(world.applicant)
    answer_everything(client, draft, questions)
    proposal = put_in_state(draft, "submitted")
    # Changed after the submission: the proposal's answer keeps the wording it was given to.
    service.change_question(questions["charity"], world.manager, content=content(
        "short_text", "Numéro d'enregistrement à l'ARC", required=True))
    return proposal, questions


def test_the_pdf_prints_every_answer(client, world, submitted):
    proposal, _questions = submitted
    client.force_login(world.analyst)
    response = client.get(reverse("reporting:proposal_pdf", args=[proposal.pk]))
    assert response.status_code == 200
    _reader, text = pdf_text(response.content)
    assert "Questions propres à l'appel" in text
    for label in ("Numéro d'organisme de bienfaisance", "Nombre de bénévoles engagés", "Publics visés",
                  "Lettre d'appui du partenaire principal", "Date de l'assemblée générale"):
        assert label in text, label
    for shown in SHOWN:
        assert shown in text, shown
    assert "elle se lit maintenant : « Numéro d'enregistrement à l'ARC »" in text


def export(client, user, **fields):
    client.force_login(user)
    response = client.post(reverse("reporting:exports"), {"program": "", "call": "", "state": "", **fields})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_answers_table_has_one_typed_row_per_answer(client, world, submitted):
    proposal, questions = submitted
    rows = list(csv.reader(io.StringIO(export(client, world.analyst, format="csv", table="reponses")
                                       .decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == 10 and {row[header.index("Numéro de dossier")] for row in body} == {proposal.reference}
    by_question = {int(row[header.index("N° de la question")]): dict(zip(header, row, strict=True)) for row in body}
    charity = by_question[questions["charity"].pk]
    assert charity["Question"] == "Numéro d'organisme de bienfaisance" and charity["Version de la question"] == "1"
    assert charity["Question modifiée depuis"] == "Oui" and charity["Réponse"] == "12345 6789 RR0001"
    assert by_question[questions["sector"].pk]["Réponse"] == "Logement"
    assert by_question[questions["letter"].pk]["Réponse"] == "lettre-appui.pdf"
    assert by_question[questions["letter"].pk]["Question modifiée depuis"] == "Non"

    book = load_workbook(io.BytesIO(export(client, world.analyst, format="xlsx", table="reponses")))
    sheet = book.worksheets[0]
    titles = [cell.value for cell in sheet[1]]
    typed = {row[titles.index("N° de la question")]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    volunteers, money = typed[questions["volunteers"].pk], typed[questions["own_money"].pk]
    assert volunteers[titles.index("Nombre")] == 1200 and volunteers[titles.index("Montant")] is None
    assert Decimal(str(money[titles.index("Montant")])) == Decimal("12500.50")
    assert typed[questions["assembly"].pk][titles.index("Date")] == datetime.datetime(2027, 6, 15)
    assert plain(str(money[titles.index("Réponse")])) == "12 500,50 $"


def test_another_programs_analyst_exports_none_of_these_answers(client, world, submitted):
    rows = list(csv.reader(io.StringIO(export(client, world.outside_analyst, format="csv", table="reponses")
                                       .decode("utf-8-sig"), newline="")))
    assert len(rows) == 1  # the header alone
