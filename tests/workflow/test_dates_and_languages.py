"""Dates read the same everywhere: the project's formats (config/formats), never a format written in a page.

French (fr-CA): "1 déc. 2026", "1 déc. 2026, 14 h 05"; English (en-CA): "Dec. 1, 2026", "Dec. 1, 2026, 2:05 p.m.".
Content with an English version (program and axis names) reads in English for an English reader.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

SUBMITTED = datetime(2026, 12, 1, 14, 5, tzinfo=ZoneInfo("America/Toronto"))


@pytest.fixture
def filed(world):
    axis = factories.AxisFactory(program=world.program, name_fr="Sécurité alimentaire", name_en="Food security")
    return factories.ProposalFactory(
        call=world.call, organisation=world.organisation, state="submitted", submitted_at=SUBMITTED,
        primary_axis=axis, start_date=date(2027, 1, 4), end_date=date(2027, 9, 30))


def page(client, person, url, language):
    person.language = language
    person.save(update_fields=["language"])
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("language", "shown", "absent"), [
    ("fr", ["1 déc. 2026, 14 h 05", "4 jan. 2027", "30 sept. 2027", "Sécurité alimentaire",
            "Plan d&#x27;action régional"], ["décembre", "janvier", "14:05", "Food security"]),
    ("en", ["Dec. 1, 2026, 2:05 p.m.", "Jan. 4, 2027", "Sept. 30, 2027", "Food security",
            "Regional action plan"], ["December", "January", "déc.", "Sécurité alimentaire"]),
])
def test_the_staff_proposal_page_uses_the_readers_formats_and_names(client, world, filed, language, shown, absent):
    html = page(client, world.analyst, reverse("workflow:detail", args=[filed.pk]), language)
    for text in shown:
        assert text in html, text
    for text in absent:
        assert text not in html, text


@pytest.mark.parametrize(("language", "shown", "absent"), [
    ("fr", ["déposée le 1 déc. 2026, 14 h 05"], ["décembre", "14:05"]),
    ("en", ["Dec. 1, 2026, 2:05 p.m."], ["December", "déc."]),
])
def test_the_applicants_proposal_page_uses_the_readers_formats(client, world, filed, language, shown, absent):
    html = page(client, world.applicant, reverse("proposal_detail", args=[filed.pk]), language)
    for text in shown:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def test_the_board_meeting_list_shows_the_short_date_in_each_language(client, world):
    factories.BoardMeetingFactory(program=world.program, date=date(2026, 12, 1), title="Séance d'hiver")
    url = reverse("scoring:meeting_list", args=[world.program.pk])
    french = page(client, world.board, url, "fr")
    assert "1 déc. 2026" in french and "décembre" not in french
    english = page(client, world.board, url, "en")
    assert "Dec. 1, 2026" in english and "December" not in english


@pytest.mark.parametrize(("language", "shown", "absent"), [
    ("fr", "Repas préparés\u00a0: 3\u00a0200 repas", "3,200"),
    ("en", "Repas préparés: 3,200 repas", "3\u00a0200"),
])
def test_indicator_targets_group_thousands_in_the_readers_language(client, world, filed, language, shown, absent):
    factories.IndicatorFactory(proposal=filed, label="Repas préparés", target=Decimal("3200"), unit="repas")
    html = page(client, world.analyst, reverse("workflow:detail", args=[filed.pk]), language)
    assert shown in html and absent not in html
