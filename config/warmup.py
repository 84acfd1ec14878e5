"""What a web process loads before it answers anyone, instead of during its first requests.

Django imports the views when the first request resolves a URL (with them the API, the scoring solver and
its numerical libraries) and compiles each template the first time it renders it: a new gunicorn worker's
first request took 1.1 s (measured on the development machine), and on a deadline day every request queued
behind it waits as long. Loaded at import of config.wsgi, with gunicorn's --preload once in the master
process, whose workers then start with all of it (and share its memory until they write to it).

Nothing here opens a database or broker connection: a connection opened before gunicorn forks would be
shared by every worker (tests/config/test_warmup.py checks it).
"""

import sysconfig
from pathlib import Path

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.urls.resolvers import get_ns_resolver
from django.utils import formats, translation
from django.utils.module_loading import import_string

from core.money import format_money


def warm():
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every view module
    for status in (400, 403, 404, 500):
        resolver.resolve_error_handler(status)
    if getattr(resolver.urlconf_module, "handler429", None):  # allauth's page for a rate limit
        import_string(resolver.urlconf_module.handler429)
    get_adapter()  # allauth's account adapter, named in the settings
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # reads the language's catalogs
            translation.gettext("Concerto")
            # The tables reverse() reads, built per language (2,782 URL patterns parsed: some 160 ms), and the
            # locale data behind the amounts (babel's files: some 45 ms): a new worker's first request built
            # them, 380 ms of CPU for the queue where the next took 50; 140 ms now (thirteenth session).
            _reverse_tables(resolver)
            format_money(0)
            formats.get_format("DATE_FORMAT")  # the language's format module
    engine = engines["django"].engine
    engine.template_context_processors  # noqa: B018 - imports the context processors
    for name in project_templates(engine):
        engine.get_template(name)  # compiled once, kept by the cached loader


def _reverse_tables(resolver, prefix="", converters=()):
    """Build, for the active language, the tables of `resolver` and of each namespace below it, as reverse()
    finds them: a namespaced name is reversed through a resolver made for its namespace's path (get_ns_resolver,
    kept by its arguments), which parses every pattern of the namespace again with the path's prefix."""
    resolver.reverse_dict  # noqa: B018
    for extra, included in resolver.namespace_dict.values():
        path_converters = tuple({**dict(converters), **included.pattern.converters}.items())
        get_ns_resolver(prefix + extra, included, path_converters).reverse_dict  # noqa: B018
        _reverse_tables(included, prefix + extra, path_converters)


def project_templates(engine):
    """The names of the project's own templates (not those of installed packages, most never rendered)."""
    base, packages = Path(settings.BASE_DIR).resolve(), Path(sysconfig.get_paths()["purelib"]).resolve()
    names = set()
    for loader in engine.template_loaders:
        for source in getattr(loader, "loaders", [loader]):
            for folder in map(Path, source.get_dirs()):
                folder = folder.resolve()
                if base not in folder.parents or packages in folder.parents or not folder.is_dir():
                    continue
                names.update(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                             if path.suffix in (".html", ".txt") and path.is_file())
    return sorted(names)
