"""English sets no space before a colon: no English translation may carry the French "Label : text"."""

import gettext
import re
from pathlib import Path

COMPILED = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.mo"
FRENCH_COLON = re.compile(r"[ \u00a0\u202f]:")


def english_translations():
    with COMPILED.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    for key, text in catalogue.items():
        if key:  # the header
            yield key, text


def test_no_english_translation_has_a_space_before_a_colon():
    found = [(key, text) for key, text in english_translations() if FRENCH_COLON.search(text)]
    assert len(found) == 0, f"{len(found)} English messages with a space before a colon: {found[:10]}"


def test_the_catalogue_scan_reads_the_french_messages_too():
    # The French msgids use the spaced colon: the scan reads real text, so it would see one in English.
    assert any(FRENCH_COLON.search(key if isinstance(key, str) else key[0]) for key, _text in english_translations())

