import re

import pytest
from django.core import mail
from django.urls import reverse

from grants.models import User

pytestmark = pytest.mark.django_db


def test_profile_saves_name_and_language_and_switches_the_interface(client, world):
    client.force_login(world.applicant)
    response = client.post(reverse("profile"), {"full_name": "Marie-Ève Côté", "language": "en"})
    assert response.status_code == 302
    person = User.objects.get(pk=world.applicant.pk)
    assert (person.full_name, person.language) == ("Marie-Ève Côté", "en")
    assert response.cookies["django_language"].value == "en"
    assert client.get(reverse("profile")).wsgi_request.LANGUAGE_CODE == "en"


def test_profile_refuses_an_unknown_language(client, world):
    client.force_login(world.applicant)
    response = client.post(reverse("profile"), {"full_name": "X", "language": "de"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert User.objects.get(pk=world.applicant.pk).language == "fr"


def test_password_reset_by_email_in_french(client, world):
    page = client.get(reverse("password_reset"))
    assert "Mot de passe oublié" in page.content.decode()
    response = client.post(reverse("password_reset"), {"email": world.applicant.email})
    assert response.url == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.subject == "Concerto : choisir un nouveau mot de passe"
    link = re.search(r"https?://[^/]+(/comptes/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": "Nouveau-mot-2026!",
                                                         "new_password2": "Nouveau-mot-2026!"})
    assert done.url == reverse("password_reset_complete")
    assert User.objects.get(pk=world.applicant.pk).check_password("Nouveau-mot-2026!")
    assert "Ce lien n" in client.get(link, follow=True).content.decode()  # single use


def test_unknown_email_gets_the_same_answer_and_no_mail(client, world):
    response = client.post(reverse("password_reset"), {"email": "inconnu@example.org"})
    assert response.url == reverse("password_reset_done") and not mail.outbox
