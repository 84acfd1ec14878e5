"""Program roles through the service: a manager gets the admin pages for message templates, nobody else."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from grants.models import ProgramRole, User
from grants.services.roles import MANAGER_GROUP, assign_program_role, remove_program_role
from notifications.models import MessageTemplate
from tests import factories

pytestmark = pytest.mark.django_db
TEMPLATES = "/admin/notifications/messagetemplate/"


def fresh(user):
    return User.objects.get(pk=user.pk)


def group_names(user):
    return set(fresh(user).groups.values_list("name", flat=True))


def test_manager_role_gives_staff_and_the_group_with_its_permissions(world):
    person = factories.UserFactory()
    assign_program_role(world.admin, person, world.program, "manager")
    person = fresh(person)
    assert person.is_staff and group_names(person) == {MANAGER_GROUP}
    assert person.has_perm("notifications.change_messagetemplate")
    assert person.has_perm("notifications.view_outboxmessage")
    assert not person.has_perm("notifications.delete_messagetemplate")
    assert not person.has_perm("grants.change_program")


@pytest.mark.parametrize("role", ["analyst", "reviewer", "board"])
def test_other_roles_give_no_admin_access(world, role):
    person = factories.UserFactory()
    assign_program_role(world.admin, person, world.program, role)
    assert not fresh(person).is_staff and group_names(person) == set()


def test_removing_the_last_manager_role_takes_the_access_away(world):
    person = factories.UserFactory()
    other_program = factories.ProgramFactory()
    assign_program_role(world.admin, person, world.program, "manager")
    assign_program_role(world.admin, person, other_program, "manager")
    assign_program_role(world.admin, person, world.program, "analyst")
    assert remove_program_role(world.admin, person, world.program, "manager")
    assert fresh(person).is_staff and group_names(person) == {MANAGER_GROUP}  # still manages the other one
    remove_program_role(world.admin, person, other_program, "manager")
    assert not fresh(person).is_staff and group_names(person) == set()
    assert ProgramRole.objects.filter(user=person, role="analyst").exists()


def test_removal_keeps_staff_for_a_superuser_and_for_other_admin_access(world):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    operator = factories.UserFactory(is_staff=True)
    operator.groups.add(Group.objects.create(name="Opérations"))
    for person in (superuser, operator):
        assign_program_role(world.admin, person, world.program, "manager")
        remove_program_role(world.admin, person, world.program, "manager")
        assert fresh(person).is_staff and MANAGER_GROUP not in group_names(person)


@pytest.mark.parametrize("persona", ["manager", "analyst", "applicant"])
def test_only_admins_may_assign_or_remove_roles(world, persona):
    with pytest.raises(PermissionDenied):
        assign_program_role(getattr(world, persona), world.nobody, world.program, "manager")
    with pytest.raises(PermissionDenied):
        remove_program_role(getattr(world, persona), world.manager, world.program, "manager")
    assert not fresh(world.nobody).is_staff


@pytest.mark.parametrize("role, allowed", [("manager", True), ("analyst", False)])
def test_templates_admin_and_preview_open_for_a_manager_only(client, world, role, allowed):
    person = factories.UserFactory()
    assign_program_role(world.admin, person, world.program, role)
    template = MessageTemplate.objects.create(kind="report_reminder", language="fr",
                                              subject="Rappel : {{ report_title }}", body_text="{{ due_on }}")
    client.force_login(person)
    changelist = client.get(TEMPLATES)
    change = client.get(f"{TEMPLATES}{template.pk}/change/")
    if allowed:
        assert changelist.status_code == change.status_code == 200
        assert "Rappel : Rapport d&#x27;étape 1" in change.content.decode()  # the preview, sample data
    else:  # not staff: the admin sends the analyst to its login page
        assert changelist.status_code == change.status_code == 302
        assert "/admin/login/" in changelist.url


def test_program_role_admin_goes_through_the_service(client, world):
    person = factories.UserFactory()
    client.force_login(world.admin)
    response = client.post(reverse("admin:grants_programrole_add"), {
        "user": person.pk, "program": world.program.pk, "role": "manager"})
    assert response.status_code == 302
    assert fresh(person).is_staff and group_names(person) == {MANAGER_GROUP}
    program_role = ProgramRole.objects.get(user=person)
    response = client.post(reverse("admin:grants_programrole_change", args=[program_role.pk]), {
        "user": person.pk, "program": world.program.pk, "role": "analyst"})
    assert response.status_code == 302
    assert not fresh(person).is_staff
    client.post(reverse("admin:grants_programrole_change", args=[program_role.pk]), {
        "user": person.pk, "program": world.program.pk, "role": "manager"})
    assert fresh(person).is_staff
    response = client.post(reverse("admin:grants_programrole_delete", args=[program_role.pk]), {"post": "yes"})
    assert response.status_code == 302 and not ProgramRole.objects.filter(user=person).exists()
    assert not fresh(person).is_staff and group_names(person) == set()


def test_bulk_delete_action_also_takes_the_access_away(client, world):
    person = factories.UserFactory()
    program_role = assign_program_role(world.admin, person, world.program, "manager")
    client.force_login(world.admin)
    client.post(reverse("admin:grants_programrole_changelist"),
                {"action": "delete_selected", "_selected_action": [program_role.pk], "post": "yes"})
    assert not ProgramRole.objects.filter(user=person).exists() and not fresh(person).is_staff


def test_demo_manager_reaches_the_templates_admin_and_the_demo_analyst_does_not(client):
    from grants import demo

    context = {}
    demo.seed(context)
    demo.seed({})  # idempotent: assigning again changes nothing
    manager, analyst = context["people"]["manager"], context["people"]["analyst"]
    assert fresh(manager).is_staff and group_names(manager) == {MANAGER_GROUP}
    assert not fresh(analyst).is_staff
    client.force_login(manager)
    assert client.get(TEMPLATES).status_code == 200


def test_a_managers_admin_index_lists_only_templates_and_outbox(client, world):
    person = factories.UserFactory()
    assign_program_role(world.admin, person, world.program, "manager")
    client.force_login(person)
    page = client.get(reverse("admin:index")).content.decode()
    assert "/admin/notifications/messagetemplate/" in page and "/admin/notifications/outboxmessage/" in page
    for hidden in ("/admin/grants/program/", "/admin/grants/user/", "/admin/grants/programrole/",
                   "/admin/auth/group/", "/admin/notifications/reminderclaim/"):
        assert hidden not in page
    assert client.get(reverse("admin:grants_programrole_changelist")).status_code == 403
