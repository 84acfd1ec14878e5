"""core.sessions: Django's database sessions, the row read with one plain statement; same answers as Django's."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _saved(data):
    store = DjangoStore()
    store.update(data)
    store.create()
    return store.session_key


def test_a_live_session_reads_what_django_wrote():
    key = _saved({"_auth_user_id": "42", "langue": "fr"})
    with CaptureQueriesContext(connection) as queries:
        loaded = SessionStore(key).load()
    assert loaded == DjangoStore(key).load() == {"_auth_user_id": "42", "langue": "fr"}
    assert len(queries) == 1
    assert queries[0]["sql"].startswith('SELECT session_data FROM "django_session"')


def test_an_expired_session_is_no_session_and_its_key_is_dropped():
    key = _saved({"_auth_user_id": "42"})
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None  # the next save makes a new key, as Django's store does


def test_an_unknown_or_tampered_session_reads_as_empty():
    assert SessionStore("x" * 32).load() == {}
    key = _saved({"_auth_user_id": "42"})
    Session.objects.filter(session_key=key).update(session_data="forged:data")
    assert SessionStore(key).load() == {}


def test_sign_in_and_out_go_through_it(client):
    person = UserFactory()
    client.force_login(person)
    assert isinstance(client.session, SessionStore)
    assert client.get("/").status_code == 200
    assert int(client.session["_auth_user_id"]) == person.pk
    key = client.session.session_key
    client.logout()
    assert not Session.objects.filter(session_key=key).exists()
