"""Which entry of the site navigation is the current page: the longest entry address the path starts with.

The entries' visibility rules stay in templates/includes/nav.html; only their URL names are listed here.
"""

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

ENTRIES = (
    "home", "profile", "agreement_list", "admin:index", "workflow:queue", "scoring:my_reviews", "scoring:calls",
    "scoring:decision_programs", "reporting:dashboard", "reporting:exports", "notifications:list",
    "notifications:outbox", "workflow:webhooks", "access_log",
    "call_question_calls",
)


_ADDRESSES = {}  # (URLconf, script prefix) -> the entries' addresses: reversed once, not on every page


def _addresses():
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if key not in _ADDRESSES:
        _ADDRESSES[key] = tuple(_reversed())
    return _ADDRESSES[key]


def _reversed():
    for name in ENTRIES:
        try:
            yield reverse(name)
        except NoReverseMatch:
            continue


def current_entry(path):
    """The address of the navigation entry to mark with aria-current, or "" (home only on its own page)."""
    matches = [address for address in _addresses()
               if path == address or (address != "/" and path.startswith(address))]
    return max(matches, key=len, default="")


def site_navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"nav_current": current_entry(request.path)}
