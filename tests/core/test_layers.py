"""The apps form one-way layers: each imports only the layers before it, lazy imports included."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each app and the apps it may import. scoring and accountability are peers: neither imports the other.
ALLOWED = {
    "core": set(),
    "notifications": {"core"},
    "grants": {"core", "notifications"},
    "scoring": {"core", "notifications", "grants"},
    "accountability": {"core", "notifications", "grants"},
    "workflow": {"core", "notifications", "grants", "scoring", "accountability"},
    # What leaves the system: the public portal and open data; staff exports, printable files, dashboards.
    "portal": {"core", "notifications", "grants", "scoring", "accountability", "workflow"},
    "reporting": {"core", "notifications", "grants", "scoring", "accountability", "workflow"},
}


def imported_apps(tree):
    """(line, app) for every import of a project app anywhere in the module, and every
    apps.get_model("app", …) / importlib.import_module("app…") call, which would hide one."""
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("get_model", "import_module"):
            names = [node.args[0].value.replace(".", " ").split()[0] if node.args[0].value else ""]
        for name in names:
            app = name.split(".")[0]
            if app in ALLOWED:
                yield node.lineno, app


def violations(app):
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, target in imported_apps(tree):
            if target != app and target not in ALLOWED[app]:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    return found


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_app_imports_only_earlier_layers(app):
    assert violations(app) == []


def test_every_app_is_in_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(ALLOWED)


def test_the_check_sees_a_lazy_import(tmp_path):
    source = "def f():\n    from workflow.services import transition\n    return transition\n"
    assert list(imported_apps(ast.parse(source))) == [(2, "workflow")]


def test_the_check_sees_a_model_looked_up_by_name():
    source = "from django.apps import apps\nlog = apps.get_model('workflow', 'TransitionLog')\n"
    assert list(imported_apps(ast.parse(source))) == [(2, "workflow")]
