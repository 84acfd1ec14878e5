"""The only tags and filters a message template may use: no {% load %}, {% include %}, {% url %}, {% debug %}.

Used as the sole builtins of notifications.rendering's sandboxed engine.
"""

from django.template import Library, defaultfilters, defaulttags

register = Library()

ALLOWED_TAGS = ("autoescape", "comment", "cycle", "filter", "firstof", "for", "if", "ifchanged",
                "spaceless", "verbatim", "with")
for _name in ALLOWED_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
register.filters.update(defaultfilters.register.filters)
