from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def with_query(context, **changes):
    """The current page's address with some query values changed; None or "" removes one."""
    request = context["request"]
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value not in (None, ""):
            query[name] = value
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


@register.simple_tag
def other_languages():
    """[(code, name in that language)] of the site's languages other than the current one."""
    current = (get_language() or "fr")[:2]
    return [(code, get_language_info(code)["name_local"].capitalize())
            for code, _name in settings.LANGUAGES if code != current]
