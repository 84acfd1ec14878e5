"""Model permissions read with the person's roles (core.access) give the answers Django's ModelBackend gives."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import access
from grants.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHECKED = ("notifications.view_outboxmessage", "notifications.change_messagetemplate", "grants.view_organisation",
           "grants.delete_proposal")


def _permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.fixture
def person():
    user = UserFactory()
    user.user_permissions.add(_permission("grants.view_organisation"))
    group = Group.objects.create(name="Opérations")
    group.permissions.add(_permission("notifications.view_outboxmessage"), _permission("grants.view_organisation"))
    user.groups.add(group)
    return user


def test_answers_are_the_model_backends(person):
    fresh = User.objects.get(pk=person.pk)
    assert {perm for perm in CHECKED if fresh.has_perm(perm)} == {"notifications.view_outboxmessage",
                                                                   "grants.view_organisation"}
    assert fresh.get_all_permissions() == ModelBackend().get_all_permissions(User.objects.get(pk=person.pk))


def test_every_check_of_a_request_costs_one_query(person):
    fresh = User.objects.get(pk=person.pk)
    with CaptureQueriesContext(connection) as queries:
        for perm in CHECKED * 2:
            fresh.has_perm(perm)
    assert len(queries) == 1


def test_permissions_come_with_the_roles_read_for_the_request(person):
    fresh = User.objects.get(pk=person.pk)
    access.program_roles(fresh)  # as the second factor's check does on every signed-in request
    with CaptureQueriesContext(connection) as queries:
        allowed = {perm for perm in CHECKED if fresh.has_perm(perm)}
    assert allowed == {"notifications.view_outboxmessage", "grants.view_organisation"}
    assert len(queries) == 0


def test_a_superuser_has_every_permission(db):
    admin = UserFactory(is_superuser=True)
    assert User.objects.get(pk=admin.pk).get_all_permissions() == {
        f"{app}.{codename}" for app, codename in Permission.objects.values_list("content_type__app_label", "codename")}


def test_inactive_people_and_objects_get_nothing(person):
    person.is_active = False
    person.save()
    inactive = User.objects.get(pk=person.pk)
    assert not inactive.has_perm("notifications.view_outboxmessage")
    assert not User.objects.get(pk=person.pk).has_perm("notifications.view_outboxmessage", obj=person)


def test_people_still_sign_in_through_allauth(client, person):
    client.force_login(person)
    assert client.session["_auth_user_backend"] == "allauth.account.auth_backends.AuthenticationBackend"
    assert client.get("/").status_code == 200
