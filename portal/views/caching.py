"""What every public page and open data file answers with: no sign-in, cacheable by browsers and proxies
for five minutes, revalidated with an ETag and Last-Modified (portal.freshness), in the language the
address asks for (?lang=en) or else the visitor's (language cookie, then Accept-Language). Pages and files
are read from the read replica when there is one (core.replica); anonymous visitors' pages are kept in the
shared cache (Redis) under their ETag, so that web processes render each version of a page once."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe
from django.views.decorators.vary import vary_on_headers

from core import replica
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


def _shared_copy(view):
    """The page from the shared cache, keyed by its ETag: the ETag covers the language, the address, the
    day and the published data, so a publication held back or a report accepted names a new copy at once
    and the old one expires after CONCERTO_PUBLIC_CACHE_SECONDS. Only anonymous GETs: a signed-in page
    shows its person. Streamed files are not copied (they can be large); they still answer 304."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.CONCERTO_PUBLIC_CACHE_SECONDS
        if seconds <= 0 or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = f"portal:page:{freshness.etag(request, *args, **kwargs)}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            # A page that hands out a cookie (a CSRF token, a session) belongs to its visitor.
            personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            if response.status_code == 200 and not response.streaming and not personal:
                cache.set(key, response, seconds)
        return response

    return wrapper


def shared(request, code, name, read):
    """`read()` kept in the shared cache under the program's published version (portal.freshness.version):
    a figure every address of the program's page shows alike is read once per version, not once per
    filter or page."""
    seconds = settings.CONCERTO_PUBLIC_CACHE_SECONDS
    if seconds <= 0:
        return read()
    return cache.get_or_set(f"portal:{name}:{freshness.version(request, code)}", read, seconds)


def public(view):
    view = _shared_copy(view)
    view = condition(etag_func=freshness.etag, last_modified_func=freshness.last_modified)(view)
    view = _language_from_query(view)
    # The language may come from the language cookie or the browser's preference.
    view = vary_on_headers("Accept-Language", "Cookie")(view)
    view = cache_control(public=True, max_age=MAX_AGE)(view)
    view = replica.from_replica(view)
    return require_safe(view)
