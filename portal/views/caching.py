"""What every public page and open data file answers with: no sign-in, cacheable by browsers and proxies
for five minutes, revalidated with an ETag and Last-Modified (portal.freshness), in the language the
address asks for (?lang=en) or else the visitor's (language cookie, then Accept-Language)."""

from functools import wraps

from django.conf import settings
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe
from django.views.decorators.vary import vary_on_headers

from portal import freshness

MAX_AGE = 300
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _language_from_query(view):
    # The language in the address: a public page's link gives the same page to every visitor, and a
    # shared cache keeps one copy per address.
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request.GET.get("lang", "")
        if language in LANGUAGES:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return view(request, *args, **kwargs)

    return wrapper


def public(view):
    view = condition(etag_func=freshness.etag, last_modified_func=freshness.last_modified)(view)
    view = _language_from_query(view)
    # The language may come from the language cookie or the browser's preference.
    view = vary_on_headers("Accept-Language", "Cookie")(view)
    view = cache_control(public=True, max_age=MAX_AGE)(view)
    return require_safe(view)
