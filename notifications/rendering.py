"""Render a message from its kind, language and frozen context, in a sandboxed template engine.

The engine has no loaders, no {% load %} and only the tags of template_builtins; the context holds only
the kind's documented placeholders as strings or lists of strings, so an edited template cannot reach
models, settings or files. A broken edited template falls back to the shipped default (and is logged).
"""

import logging
from dataclasses import dataclass

from django.template import Context, Engine
from django.template.defaultfilters import linebreaks_filter, urlize
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import kinds
from .defaults import default_for

logger = logging.getLogger(__name__)


class SandboxEngine(Engine):
    default_builtins = []


_TEXT = SandboxEngine(builtins=["notifications.template_builtins"], autoescape=False)
_HTML = SandboxEngine(builtins=["notifications.template_builtins"], autoescape=True)


@dataclass(frozen=True)
class Wording:
    subject: str
    body_text: str
    body_html: str = ""


@dataclass(frozen=True)
class Rendered:
    subject: str
    body_text: str
    body_html: str


def sandbox_context(kind, context):
    """Only the kind's documented placeholders; anything else is dropped."""
    allowed = kinds.get(kind).all_placeholders
    return {name: context.get(name, "") for name in allowed}


def wording_for(kind, language, overrides=None):
    """The edited template if any, else the shipped default. `overrides` is a preloaded {(kind, lang): row}."""
    if overrides is None:
        from .models import MessageTemplate

        row = MessageTemplate.objects.filter(kind=kind, language=language).first()
    else:
        row = overrides.get((kind, language))
    if row is not None:
        return Wording(row.subject, row.body_text, row.body_html)
    subject, text = default_for(kind, language)
    return Wording(subject, text)


def render_wording(kind, language, wording, context):
    """Render one wording; raises on template errors (the admin form shows them)."""
    values = sandbox_context(kind, context)
    with translation.override(language):
        subject = " ".join(_TEXT.from_string(wording.subject).render(Context(values, autoescape=False)).split())
        text = _TEXT.from_string(wording.body_text).render(Context(values, autoescape=False)).strip() + "\n"
        if wording.body_html:
            inner = _HTML.from_string(wording.body_html).render(Context(values, autoescape=True))
        else:
            inner = linebreaks_filter(urlize(escape(text), autoescape=False))
        html = render_to_string("notifications/email/layout.html", {
            "subject": subject, "inner": mark_safe(inner), "url": values.get("url", ""),
            "site_url": values.get("site_url", ""), "language": language,
        })
        footer = render_to_string("notifications/email/footer.txt", {"url": values.get("url", "")})
    return Rendered(subject[:300], text + footer, html)


def render(kind, language, context, overrides=None):
    """What is sent: the edited template, or the default when the edited one fails to render."""
    wording = wording_for(kind, language, overrides)
    try:
        return render_wording(kind, language, wording, context)
    except Exception:
        logger.exception("Message template %s/%s failed; using the shipped default", kind, language)
        subject, text = default_for(kind, language)
        return render_wording(kind, language, Wording(subject, text), context)


def sample_context(kind):
    return {name: kinds.PLACEHOLDERS[name][1] for name in kinds.get(kind).all_placeholders}
