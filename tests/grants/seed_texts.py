"""Real French application texts (the seeds of ../shared/reference/) cut into a proposal's sections."""

from pathlib import Path

import pytest
from django.conf import settings

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "reference" / "seeds"


def seed(number):
    """The seed file's text, blank runs folded; skip the test when the reference folder is absent."""
    found = sorted(SEEDS.glob(f"{number:03d}_*.txt"))
    if not found:
        pytest.skip(f"needs {SEEDS}")
    return " ".join(found[0].read_text(encoding="utf-8").split())


def sections(text):
    """Title, objectives, problem statement, mission and the rest as concerns, from one text."""
    return {"title": text[:80], "objectives": text[80:1500], "problem_statement": text[1500:3500],
            "mission": text[3500:4500], "concerns": text[4500:]}


def near_copy(text):
    """The same application filed again, lightly reworded: a few words changed, a sentence added."""
    edited = text.replace("pauvreté", "précarité", 2).replace("partenaires", "collaborateurs", 1)
    return edited[:2000] + " Le projet sera aussi offert les fins de semaine. " + edited[2000:]
