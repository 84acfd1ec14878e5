"""README facts that drift silently: demo logins, documented variables, the commands it names."""

import re
from pathlib import Path

from grants.demo import DEMO_PASSWORD
from tests.config.test_docker_compose import SETTINGS_VARIABLE

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_demo_login_and_the_password():
    demo = (ROOT / "grants" / "demo.py").read_text(encoding="utf-8")
    emails = re.findall(r'user\("([^"]+@[^"]+)"', demo)
    assert len(emails) >= 7
    for email in emails:
        assert f"`{email}`" in README, email
    assert f"**`{DEMO_PASSWORD}`**" in README


def test_readme_names_every_setting_variable():
    variables = set(SETTINGS_VARIABLE.findall((ROOT / "config" / "settings.py").read_text(encoding="utf-8")))
    missing = sorted(name for name in variables if f"`{name}" not in README)
    assert missing == []


def test_readme_keeps_the_workflow_diagram_markers_in_order():
    start, end = "<!-- workflow-diagram:start -->", "<!-- workflow-diagram:end -->"
    assert README.count(start) == 1 and README.count(end) == 1
    assert README.index(start) < README.index(end)


def test_readme_commands_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"`make (\w+)", README):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    commands = {path.stem for path in ROOT.glob("*/management/commands/*.py")}
    for command in re.findall(r"manage\.py (\w+)", README):
        if command not in {"migrate", "createsuperuser", "makemessages", "check"}:
            assert command in commands, command
