"""A colon after a label: French sets a no-break space before it, English none (`{% colon %}`).

Labels translated apart from their colon ("{% translate 'État' %} :") would read "Status :" in English, so
templates put `{% colon %}` after such labels, and a colon inside a translated message belongs to the message.
"""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".git", ".venv", "node_modules", "staticfiles", "var", "media"}
# Text that blocktranslate owns (its colons are translated with it) and comments.
OWNED = re.compile(r"\{% blocktranslate.*?\{% endblocktranslate %\}|\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}",
                   re.S)
# A colon set by hand after a tag or a variable, a link, emphasis or at the start of a span (text for screen
# readers): "{% translate 'État' %} :", "{{ label }} :", '<span class="sr-only"> : '.
LITERAL = re.compile(r"(%\}|\}\}|</a>|</strong>|</em>|<span[^>]*>)(?:[ \t]|&nbsp;|&#160;|&#8239;|\u00a0|\u202f)*:(?=[\s<])")


def templates():
    for path in ROOT.rglob("*.html"):
        if not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path


@pytest.mark.parametrize(("language", "expected"), [("fr", "État\u00a0: envoyé"), ("en", "État: envoyé")])
def test_the_colon_tag_follows_the_language(language, expected):
    template = Template("{% load concerto %}État{% colon %} envoyé")
    with translation.override(language):
        assert template.render(Context()) == expected


def test_no_template_sets_a_colon_by_hand_after_a_label():
    found = []
    for path in templates():
        text = OWNED.sub(lambda match: "\n" * match.group().count("\n"), path.read_text(encoding="utf-8"))
        for match in LITERAL.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}")
    assert found == []


def test_the_scan_would_see_a_hand_set_colon():
    text = ('<h2>{% translate "État" %} : {{ job.state }}</h2><li>{{ field.label }}&nbsp;: {{ error }}</li>'
            '<a>{% translate "Modifier" %}<span class="sr-only"> : {{ label }}</span></a>')
    assert len(LITERAL.findall(OWNED.sub("", text))) == 3
    assert not LITERAL.findall(OWNED.sub("", "{% blocktranslate %}Échéance : {{ day }}{% endblocktranslate %}"))
