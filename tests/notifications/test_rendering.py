import pytest

from notifications import kinds, outbox, rendering
from notifications.defaults import DEFAULTS
from notifications.models import OutboxMessage
from notifications.tasks import send_message
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", list(kinds.KINDS))
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_kind_has_a_default_that_renders_in_both_languages(kind, language):
    assert kind in DEFAULTS[language]
    shown = rendering.render(kind, language, rendering.sample_context(kind))
    assert shown.subject and "{{" not in shown.subject and "{%" not in shown.body_text
    assert shown.body_html.startswith("<!DOCTYPE html>")


def test_message_follows_the_recipients_language(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, title="Cuisine")
    world.analyst.language = "en"
    world.analyst.save()
    outbox.queue(kind="proposal_submit", recipients=[world.applicant, world.analyst], obj=proposal)
    for message in OutboxMessage.objects.all():
        send_message(message.pk)
    french = OutboxMessage.objects.get(to_email="applicant@example.org")
    english = OutboxMessage.objects.get(to_email="analyst@example.org")
    assert french.subject == "Accusé de réception : Cuisine"
    assert english.subject == "Receipt: Cuisine"
    assert "Hello" in english.body_text and "Bonjour" in french.body_text


def test_an_edited_template_overrides_the_default_for_its_language_only():
    factories.MessageTemplateFactory(kind="proposal_submit", language="fr", subject="Reçu : {{ proposal_title }}")
    context = {"proposal_title": "Cuisine"}
    assert rendering.render("proposal_submit", "fr", context).subject == "Reçu : Cuisine"
    assert rendering.render("proposal_submit", "en", context).subject == "Receipt: Cuisine"


def test_templates_see_only_the_documented_placeholders():
    factories.MessageTemplateFactory(subject="{{ proposal_title }}|{{ secret }}|{{ settings.SECRET_KEY }}")
    shown = rendering.render("proposal_submit", "fr", {"proposal_title": "Cuisine", "secret": "x"})
    assert shown.subject == "Cuisine||"


@pytest.mark.parametrize("body", [
    "{% load static %}{% static 'x' %}", "{% include 'base.html' %}", "{% debug %}", "{% url 'home' %}",
    "{% if %}",
])
def test_tags_outside_the_sandbox_fall_back_to_the_default(body):
    factories.MessageTemplateFactory(body_text=body)
    shown = rendering.render("proposal_submit", "fr", {"proposal_title": "Cuisine"})
    assert "Nous avons bien reçu votre demande" in shown.body_text


def test_text_is_not_escaped_and_html_is():
    context = {"proposal_title": "Jeunes & familles <Nord>", "recipient_name": "O'Neil"}
    shown = rendering.render("proposal_submit", "fr", context)
    assert "Jeunes & familles <Nord>" in shown.body_text and "O'Neil" in shown.body_text
    assert "Jeunes &amp; familles &lt;Nord&gt;" in shown.body_html
    assert "<Nord>" not in shown.body_html


def test_edited_html_body_is_autoescaped():
    factories.MessageTemplateFactory(body_html="<p>{{ proposal_title }}</p>")
    shown = rendering.render("proposal_submit", "fr", {"proposal_title": "<script>x</script>"})
    assert "<p>&lt;script&gt;x&lt;/script&gt;</p>" in shown.body_html
