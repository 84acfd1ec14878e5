"""The English catalogue: compiled, complete for the code as committed, and amounts formatted per language.

French is the language of the msgids themselves, so it needs no catalogue; English lives in
locale/en/LC_MESSAGES/django.po (edited by hand) and its compiled django.mo (`make translations`).
"""

import gettext
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.template import Context, Template
from django.utils import translation

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
# Not part of the code: local state, tools and caches.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "var", "media", "staticfiles", "__pycache__", "*.pyc", "*.mo", "*.sqlite3",
    ".pytest_cache", ".ruff_cache", ".hypothesis", "node_modules",
)


def read_catalogue(path):
    with path.open("rb") as handle:
        return read_po(handle, locale="en")


def keys(catalogue):
    """(context, msgid) of every message; plural messages by their singular msgid."""
    return {(message.context, message.id[0] if isinstance(message.id, tuple) else message.id)
            for message in catalogue if message.id}


def label(message):
    return repr(message.id) + (f" (context {message.context!r})" if message.context else "")


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    assert COMPILED.exists(), "run `make translations` to compile locale/en/LC_MESSAGES/django.mo"
    fresh = tmp_path / "django.mo"
    with fresh.open("wb") as handle:
        write_mo(handle, read_catalogue(CATALOGUE))
    with COMPILED.open("rb") as committed_handle, fresh.open("rb") as fresh_handle:
        compiled = gettext.GNUTranslations(committed_handle)._catalog
        expected = gettext.GNUTranslations(fresh_handle)._catalog
    assert compiled == expected, "django.mo is older than django.po: run `make translations`"


def test_django_serves_the_english_catalogue():
    translated = [message for message in read_catalogue(CATALOGUE)
                  if message.id and not message.pluralizable and message.string and not message.fuzzy]
    with translation.override("en"):
        for message in translated:
            if message.context:
                served = translation.pgettext(message.context, message.id)
            else:
                served = translation.gettext(message.id)
            assert served == message.string, label(message)


def test_every_message_has_an_english_translation_and_none_is_fuzzy():
    catalogue = read_catalogue(CATALOGUE)
    assert not catalogue.fuzzy, "the catalogue header is marked fuzzy: compilers would skip the whole file"
    untranslated = [label(message) for message in catalogue if message.id and (
        not all(message.string) if message.pluralizable else not message.string)]
    fuzzy = [label(message) for message in catalogue if message.id and message.fuzzy]
    # len() == 0 rather than == []: pytest would print the whole list in CI, where it does not truncate.
    assert len(untranslated) == 0, f"{len(untranslated)} messages without English: {untranslated[:20]}"
    assert len(fuzzy) == 0, f"{len(fuzzy)} fuzzy messages: {fuzzy[:20]}"


def test_catalogue_has_every_message_of_the_code(tmp_path):
    """makemessages on a copy of the tree finds nothing the committed catalogue lacks."""
    require(shutil.which("xgettext") and shutil.which("msgmerge"),
            "GNU gettext (apt-get install gettext) for makemessages")
    tree = tmp_path / "tree"
    shutil.copytree(ROOT, tree, ignore=NOT_COPIED)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1",
           "CONCERTO_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tree, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    regenerated = read_catalogue(tree / "locale" / "en" / "LC_MESSAGES" / "django.po")
    missing = sorted(keys(regenerated) - keys(read_catalogue(CATALOGUE)), key=str)
    assert len(missing) == 0, f"{len(missing)} msgids missing from the catalogue (make messages): {missing[:20]}"


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "12\u00a0345,67\u00a0$"),
    ("en", "$12,345.67"),
])
def test_money_filter_formats_amounts_per_language(language, expected):
    template = Template("{% load concerto %}{{ amount|money }}")
    with translation.override(language):
        assert template.render(Context({"amount": Decimal("12345.67")})) == expected
