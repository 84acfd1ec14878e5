"""core.sessions: database sessions that know whose they are, the row read with one plain statement; same
answers as Django's own store reading the same table."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore as DjangoDbStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import personal_data
from core.models import Session
from core.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class DjangoStore(DjangoDbStore):
    """Django's own reading, through the ORM, of the same table (signed as every "SessionStore")."""

    key_salt = "django.contrib.sessions.SessionStore"

    @classmethod
    def get_model_class(cls):
        return Session


def _saved(data):
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_a_live_session_reads_what_django_reads():
    person = UserFactory()
    key = _saved({"_auth_user_id": str(person.pk), "langue": "fr"})
    with CaptureQueriesContext(connection) as queries:
        loaded = SessionStore(key).load()
    assert loaded == DjangoStore(key).load() == {"_auth_user_id": str(person.pk), "langue": "fr"}
    assert len(queries) == 1
    assert queries[0]["sql"].startswith('SELECT session_data FROM "core_session"')


def test_each_session_says_whose_it_is():
    person = UserFactory()
    signed_in, anonymous = _saved({"_auth_user_id": str(person.pk)}), _saved({"langue": "en"})
    assert Session.objects.get(session_key=signed_in).user_id == person.pk
    assert Session.objects.get(session_key=anonymous).user_id is None


def test_an_expired_session_is_no_session_and_its_key_is_dropped():
    key = _saved({"langue": "fr"})
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None  # the next save makes a new key, as Django's store does


def test_an_unknown_or_tampered_session_reads_as_empty():
    assert SessionStore("x" * 32).load() == {}
    key = _saved({"langue": "fr"})
    Session.objects.filter(session_key=key).update(session_data="forged:data")
    assert SessionStore(key).load() == {}


def test_sign_in_and_out_go_through_it(client):
    person = UserFactory()
    client.force_login(person)
    assert isinstance(client.session, SessionStore)
    assert client.get("/").status_code == 200
    key = client.session.session_key
    assert Session.objects.get(session_key=key).user_id == person.pk
    client.logout()
    assert not Session.objects.filter(session_key=key).exists()


def test_a_persons_sessions_are_read_by_their_column_never_by_decoding_the_others(client):
    """Before, "Mes données" and closing an account decoded every live session of the site to find the
    person's own: a cost that grew with everyone's sign-ins."""
    person, others = UserFactory(), UserFactory.create_batch(3)
    for other in others:
        _saved({"_auth_user_id": str(other.pk)})
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        assert dict(personal_data.summary(person))["sessions_ouvertes"] == 1
    reads = [query["sql"] for query in queries if '"core_session"' in query["sql"]]
    assert len(reads) == 1 and '"core_session"."user_id" =' in reads[0] and "COUNT(*)" in reads[0]
    personal_data.close_account(person, person)
    assert not Session.objects.filter(user=person).exists()
    assert Session.objects.filter(user__in=others).count() == 3
    assert client.get(reverse("profile")).status_code == 302  # signed out everywhere


def test_the_upgrade_moves_live_sessions_with_their_person_and_empties_the_old_table():
    migration = __import__("core.migrations.0006_sessions_of_a_person", fromlist=["move_live_sessions"])
    person = UserFactory()
    old = []
    for data in ({"_auth_user_id": str(person.pk)}, {"langue": "fr"}, {"_auth_user_id": "999999"}):
        store = DjangoDbStore()
        store.update(data)
        store.create()
        old.append(store.session_key)
    DjangoSession.objects.filter(session_key=old[2]).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = old.pop()
    migration.move_live_sessions(apps, None)
    assert not DjangoSession.objects.exists()
    moved = dict(Session.objects.values_list("session_key", "user_id"))
    assert moved == {old[0]: person.pk, old[1]: None} and expired not in moved
    assert SessionStore(old[0]).load() == {"_auth_user_id": str(person.pk)}
