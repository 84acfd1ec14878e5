import pytest

from notifications.admin import MessageTemplateForm
from notifications.models import MessageTemplate, OutboxMessage
from tests import factories

pytestmark = pytest.mark.django_db


def test_template_form_rejects_a_template_that_does_not_render():
    form = MessageTemplateForm(data={"kind": "proposal_submit", "language": "fr", "subject": "{% if %}",
                                     "body_text": "x"})
    assert not form.is_valid()
    assert "ne peut pas être affiché" in str(form.errors)


def test_manager_edits_a_template_with_preview_and_default_wording(client, world):
    world.manager.is_staff = True
    world.manager.save()
    client.force_login(world.manager)
    add = client.get("/admin/notifications/messagetemplate/add/?kind=report_reminder&language=en")
    assert add.status_code == 200
    assert "Your report is due" in add.content.decode()
    response = client.post("/admin/notifications/messagetemplate/add/", {
        "kind": "report_reminder", "language": "fr", "subject": "Rappel : {{ report_title }}",
        "body_text": "Échéance : {{ due_on }}", "body_html": "", "_continue": "1"})
    assert response.status_code == 302
    template = MessageTemplate.objects.get()
    assert template.updated_by == world.manager
    page = client.get(f"/admin/notifications/messagetemplate/{template.pk}/change/").content.decode()
    assert "Rappel : Rapport d&#x27;étape 1" in page  # the preview with the sample context
    assert "{{ days_left }}" in page  # the documented placeholders


@pytest.mark.parametrize("persona, allowed", [("admin", True), ("manager", True), ("analyst", False)])
def test_only_admins_and_managers_reach_the_templates_admin(client, world, persona, allowed):
    user = getattr(world, persona)
    user.is_staff = True
    user.save()
    client.force_login(user)
    status = client.get("/admin/notifications/messagetemplate/").status_code
    assert (status == 200) is allowed


def test_outbox_admin_is_read_only_and_resends_through_the_service(client, world, monkeypatch):
    from notifications.tasks import send_messages

    monkeypatch.setattr(send_messages, "apply_async", lambda *args, **kwargs: None)
    message = factories.OutboxMessageFactory(state="failed", last_error="boom", program=world.program)
    client.force_login(world.admin)
    change = client.get(f"/admin/notifications/outboxmessage/{message.pk}/change/").content.decode()
    assert 'name="to_email"' not in change
    response = client.post("/admin/notifications/outboxmessage/",
                           {"action": "resend", "_selected_action": [message.pk]})
    assert response.status_code == 302
    assert OutboxMessage.objects.get(pk=message.pk).state == "pending"
