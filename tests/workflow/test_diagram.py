"""The README's life-cycle diagram is generated from the table and must match it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from workflow import diagram
from workflow.machine import TRANSITIONS

README = Path(settings.BASE_DIR) / "README.md"


def test_readme_block_matches_the_machine():
    assert diagram.current_block(README.read_text(encoding="utf-8")) == diagram.block()


def test_diagram_has_every_transition_from_every_source():
    text = diagram.mermaid()
    for spec in TRANSITIONS:
        for source in spec.sources:
            assert f"    {source} --> {spec.target}: {spec.name} " in text


def test_check_fails_on_a_stale_block_and_write_fixes_it(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Projet\n\n{diagram.START}\nancien schéma\n{diagram.END}\n\nSuite.\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("workflow_diagram", check=str(readme))
    call_command("workflow_diagram", write=str(readme))
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Projet\n") and text.endswith("Suite.\n") and "ancien" not in text
    call_command("workflow_diagram", check=str(readme))


def test_write_appends_the_block_when_markers_are_missing(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Projet\n", encoding="utf-8")
    call_command("workflow_diagram", write=str(readme))
    assert diagram.current_block(readme.read_text(encoding="utf-8")) == diagram.block()
