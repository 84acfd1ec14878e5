"""A web process loads its views, catalogs, URL tables and templates when config.wsgi is imported (config/warmup.py), so
that the first requests of a new gunicorn worker do not pay for them; and it opens no connection doing so,
since with --preload gunicorn forks its workers after that import."""

import json
import subprocess
import sys

from tests.config.test_deploy_check import ROOT, production_env

FIRST_REQUEST = """
import json, sys
import django
django.setup()
from django.conf import settings
# Static names as they are: the test does not run collectstatic, whose manifest production builds into its image.
settings.STORAGES = {**settings.STORAGES,
                     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
import config.wsgi
from django.db import connections
from django.template import engines
from django.test import Client

def ours():
    return {name for name in sys.modules if name.split(".")[0] in {"core", "grants", "scoring", "workflow",
            "accountability", "notifications", "portal", "reporting"}}

import django.urls.resolvers
parsed = []
normalize = django.urls.resolvers.normalize
django.urls.resolvers.normalize = lambda pattern: parsed.append(pattern) or normalize(pattern)
cached = engines["django"].engine.template_loaders[0].get_template_cache
before_modules, before_templates = ours(), set(cached)
opened = [alias for alias in connections if connections[alias].connection is not None]
response = Client().get("/comptes/login/", secure=True, headers={"host": "concerto.example.org"})
english = Client().get("/comptes/login/", secure=True, headers={"host": "concerto.example.org",
                                                                 "accept-language": "en"})
print(json.dumps({
    "status": response.status_code, "english_status": english.status_code,
    "english_page": 'lang="en"' in english.content.decode(), "opened_at_import": opened,
    "patterns_parsed_by_requests": len(parsed),
    "templates_at_import": sorted(before_templates),
    "imported_by_request": sorted(ours() - before_modules),
    "compiled_by_request": sorted(set(cached) - before_templates),
}))
"""


def test_the_first_request_finds_views_and_templates_loaded_and_no_connection_open(tmp_path):
    done = subprocess.run([sys.executable, "-c", FIRST_REQUEST], cwd=ROOT, env=production_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["status"] == 200 and found["english_status"] == 200 and found["english_page"]
    # The URL tables reverse() reads, in each language, namespaces included: built before, not by the requests.
    assert found["patterns_parsed_by_requests"] == 0
    assert found["opened_at_import"] == []
    assert {"base.html", "allauth/layouts/base.html", "workflow/queue.html", "workflow/detail.html"} <= set(
        found["templates_at_import"])
    assert found["imported_by_request"] == []
    # The sign-in page is allauth's own template (not compiled ahead), in the project's layout (compiled).
    assert "account/login.html" in found["compiled_by_request"]
    assert not set(found["compiled_by_request"]) & project_templates()


def project_templates():
    folders = [ROOT / "templates", *(path for path in ROOT.glob("*/templates") if path.parent.name != ".venv")]
    return {path.relative_to(folder).as_posix() for folder in folders for path in folder.rglob("*.html")}
