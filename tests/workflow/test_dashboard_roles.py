"""Each role's dashboard leads to its work: a board member's meetings (recent and coming, of their programs), a
reviewer's reviews to do, an admin's outbox; none of them is asked to join an organisation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def dashboard(client, person):
    client.force_login(person)
    return client.get(reverse("home")).content.decode()


def test_the_board_dashboard_links_the_recent_and_coming_meetings_of_its_programs(client, world):
    today = timezone.localdate()
    coming = factories.BoardMeetingFactory(program=world.program, date=today + timedelta(days=14), title="Séance d'hiver")
    recent = factories.BoardMeetingFactory(program=world.program, date=today - timedelta(days=3), title="Séance de décembre")
    factories.BoardMeetingFactory(program=world.program, date=today - timedelta(days=90), title="Séance de l'automne")
    factories.BoardMeetingFactory(title="Séance d'un autre programme")
    html = dashboard(client, world.board)
    links = [reverse("decisions:meeting_detail", args=[meeting.pk]) for meeting in (recent, coming)]
    assert html.index(links[0]) < html.index(links[1])  # soonest first
    assert "Séance de l&#x27;automne" not in html and "autre programme" not in html


def test_only_board_members_see_the_meetings(client, world):
    factories.BoardMeetingFactory(program=world.program, title="Séance d'hiver")
    assert "meetings-title" not in dashboard(client, world.analyst)
    assert "meetings-title" in dashboard(client, world.board)


def test_the_meetings_cost_one_query_however_many(client, world):
    counts = []
    for _ in range(2):
        factories.BoardMeetingFactory(program=world.program)
        client.force_login(world.board)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_reviewer_dashboard_counts_the_reviews_to_do(client, world):
    today = timezone.localdate()
    for due in (7, 3):
        factories.ReviewerAssignmentFactory(reviewer=world.reviewer, due_on=today + timedelta(days=due),
                                            proposal=factories.ProposalFactory(call=world.call, state="submitted"))
    html = dashboard(client, world.reviewer)
    assert f'href="{reverse("scoring:my_reviews")}?groupe=a-declarer">À déclarer (2)</a>' in html
    assert "Soumises" not in html and "À évaluer" not in html and "start-title" not in html  # nothing there


def test_the_admin_dashboard_opens_the_outbox(client, world):
    html = dashboard(client, world.admin)
    assert f'href="{reverse("notifications:outbox")}"' in html.split("<main", 1)[1]
    assert "start-title" not in html


def test_a_person_without_organisation_nor_role_is_asked_to_join_one(client, world):
    html = dashboard(client, world.nobody)
    assert "start-title" in html and "reviews-title" not in html and "admin-title" not in html
