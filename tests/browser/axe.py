"""axe-core, installed from the npm registry (package.json), run inside a page by the browser tests.

The script goes in through the DevTools protocol (page.evaluate), so the site's CSP, which allows no
inline script, needs no exception for it.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, the level Québec's SGQRI 008 standard asks of public sites.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page):
    """axe's violations on the page as it is now: one line per rule and element."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `npm ci` (make test does)")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{item['id']} ({item['impact']}): {node['target']} — {item['help']}"
            for item in result["violations"] for node in item["nodes"]]


def assert_no_axe_violations(page):
    found = violations(page)
    assert not found, "axe-core found accessibility violations:\n" + "\n".join(found)
