"""A program manager's pages for a call's own questions: the list of calls, adding (from scratch or from the
library), changing (a new version once answered), retiring and restoring."""

import pytest

from grants.models import Answer, CallQuestion, LibraryQuestion
from tests import factories
from tests.grants.intake_setup import complete_draft
from tests.grants.questions_setup import answer_everything, ten_questions

pytestmark = pytest.mark.django_db

ADD = {"step": "axes", "kind": "choice", "label_fr": "Le projet est-il régional ?", "label_en": "Is it regional?",
       "help_fr": "", "help_en": "", "max_length": "", "required": "on",
       "options": "Oui, en partie | Yes, partly\nNon | No\n"}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def test_the_menu_and_the_list_show_the_calls_of_the_managers_programs(client, world):
    other_call = factories.CallFactory(program=world.outside_analyst.program_roles.get().program,
                                       title="Appel d'un autre programme")
    client.force_login(world.manager)
    listed = page(client, "/appels/questions/")
    assert f'href="/appels/{world.call.pk}/questions/"' in listed and "Appel d'un autre programme" not in listed
    assert 'href="/appels/questions/"' in page(client, "/")
    client.force_login(world.admin)
    assert f'href="/appels/{other_call.pk}/questions/"' in page(client, "/appels/questions/")
    client.force_login(world.analyst)
    assert 'href="/appels/questions/"' not in page(client, "/")


def test_a_manager_adds_a_question_and_offers_it_to_the_library(client, world):
    client.force_login(world.manager)
    response = client.post(f"/appels/{world.call.pk}/questions/", {**ADD, "to_library": "1"})
    assert response.status_code == 302
    question = CallQuestion.objects.select_related("current").get(call=world.call)
    assert question.step == "axes" and question.current.number == 1 and question.current.required
    assert question.current.options == [{"value": "oui-en-partie", "label_fr": "Oui, en partie",
                                         "label_en": "Yes, partly"},
                                        {"value": "non", "label_fr": "Non", "label_en": "No"}]
    assert question.library.program_id == world.program.pk and question.library.label_en == "Is it regional?"
    listed = page(client, f"/appels/{world.call.pk}/questions/")
    assert "Le projet est-il régional ?" in listed and "Question ajoutée au formulaire de l'appel." in listed


@pytest.mark.parametrize("change, message", [
    ({"options": "Oui"}, "Inscrivez au moins deux options, une par ligne."),
    ({"kind": "number", "options": "", "max_length": "20"}, "Seule une réponse en texte a un nombre maximal"),
    ({"label_fr": ""}, "Inscrivez la question en français."),
])
def test_a_question_that_cannot_be_asked_is_sent_back_with_its_error(client, world, change, message):
    client.force_login(world.manager)
    response = client.post(f"/appels/{world.call.pk}/questions/", {**ADD, **change})
    assert response.status_code == 400 and message in response.content.decode().replace("&#x27;", "'")
    assert not CallQuestion.objects.exists()


def test_changing_an_answered_question_on_its_page_adds_a_version(client, world):
    questions = ten_questions(world.call, world.manager)
    client.force_login(world.applicant)
    draft = answer_everything(client, complete_draft(world), questions)
    charity = questions["charity"]
    client.force_login(world.manager)
    url = f"/appels/{world.call.pk}/questions/{charity.pk}/"
    assert "Des demandes ont déjà répondu à cette version de la question." in page(client, url)
    response = client.post(url, {**ADD, "step": "projet", "kind": "short_text", "options": "",
                                 "label_fr": "Numéro d'enregistrement à l'ARC"}, follow=True)
    assert "Question modifiée : nouvelle version." in response.content.decode()
    charity.refresh_from_db()
    assert charity.current.number == 2 and charity.current.label_fr == "Numéro d'enregistrement à l'ARC"
    assert Answer.objects.get(proposal=draft, question=charity).version.number == 1
    versions = page(client, url)
    assert "Version 2" in versions and "Version 1" in versions and "Numéro d'organisme de bienfaisance" in versions


def test_retiring_and_restoring_from_the_page(client, world):
    questions = ten_questions(world.call, world.manager)
    client.force_login(world.applicant)
    answer_everything(client, complete_draft(world), questions)
    client.force_login(world.manager)
    charity = questions["charity"]
    retire = f"/appels/{world.call.pk}/questions/{charity.pk}/retirer/"
    assert client.post(retire).status_code == 302
    charity.refresh_from_db()
    assert charity.retired_at is not None
    assert "Retirée du formulaire" in page(client, f"/appels/{world.call.pk}/questions/")
    assert client.post(retire, {"restore": "1"}).status_code == 302
    charity.refresh_from_db()
    assert charity.retired_at is None


def test_a_library_question_is_added_from_the_page_and_another_programs_is_not_offered(client, world):
    shared = LibraryQuestion.objects.create(kind="yes_no", label_fr="Le projet est-il nouveau ?")
    other = LibraryQuestion.objects.create(kind="yes_no", label_fr="Question d'ailleurs",
                                           program=world.outside_analyst.program_roles.get().program)
    client.force_login(world.manager)
    shown = page(client, f"/appels/{world.call.pk}/questions/")
    assert "Le projet est-il nouveau ?" in shown and "Question d'ailleurs" not in shown
    url = f"/appels/{world.call.pk}/questions/bibliotheque/"
    refused = client.post(url, {"library_question": other.pk, "step": "projet"})
    assert refused.status_code == 400
    assert client.post(url, {"library_question": shared.pk, "step": "budget"}).status_code == 302
    added = CallQuestion.objects.get(call=world.call)
    assert added.library == shared and added.step == "budget" and added.current.label_fr == shared.label_fr
