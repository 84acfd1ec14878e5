"""Issue 17's proof at 100,000 proposals and 1,000,000 reports, on PostgreSQL.

    DATABASE_URL=postgres://…/concerto_bench python manage.py bench_scale [--keep] [--proposals 100000]
        [--reports 960000] [--repeat 10] [--applicants 200] [--drafts-each 1] [--workers 4] [--no-rush] [--sweep]

1. Builds the dataset with COPY in one transaction (workflow/bench_scale/sizes.py says what it holds), or
   with --keep reuses the one already there; it needs a database of its own.
2. Times every staff, applicant, API and public list page through Django's test client in this process
   (DEBUG off, HTTPS, staff with their second factor), each request alternated with a bare view fetching
   the same rows in one raw query; prints a Markdown table (medians unless said).
   With --sweep, every admin list and form, every API list per role and the pages that follow a person's or
   a call's rows, timed three times each (workflow/bench_scale/sweep.py): the slowest and those over 100 ms.
3. A rush: gunicorn on a free port, one thread per applicant POSTing the real submit view; submits/s,
   p50, p95, errors, and lost submissions (success answered but not submitted, or no dossier number).
4. Without --keep the database is emptied at the end; --drop only empties it.
Figures are printed, never asserted: the targets are issue 17's.
"""

import secrets
import time
import warnings

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from workflow.bench_scale import dataset, measure, pages, rush, sweep
from workflow.bench_scale.drafts import Incomplete
from workflow.bench_scale.sizes import Sizes

PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


class Command(BaseCommand):
    help = "Build (or reuse with --keep) a 100,000-proposal dataset, time every list page and a deadline rush."

    def add_arguments(self, parser):
        parser.add_argument("--proposals", type=int, default=Sizes.proposals)
        parser.add_argument("--reports", type=int, default=Sizes.reports)
        parser.add_argument("--repeat", type=int, default=10, help="Timed requests per page (and as many bare).")
        parser.add_argument("--applicants", type=int, default=200, help="Threads of the rush, one applicant each.")
        parser.add_argument("--drafts-each", type=int, default=1, help="Drafts each applicant submits in turn.")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers serving the rush.")
        parser.add_argument("--seed", type=int, default=17)
        parser.add_argument("--keep", action="store_true", help="Reuse the dataset if present, keep it afterwards.")
        parser.add_argument("--no-rush", action="store_true")
        parser.add_argument("--no-pages", action="store_true", help="Only the rush (quick on a small dataset).")
        parser.add_argument("--drop", action="store_true", help="Only empty the bench's database.")
        parser.add_argument("--sweep", action="store_true",
                            help="Also time every admin list and form, every API list per role, and the pages "
                                 "that follow a person's or a call's rows; print the slowest.")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_scale runs on PostgreSQL only (COPY, and concurrent submits on a real "
                               "server): set DATABASE_URL=postgres://…/concerto_bench")
        if options["drop"]:
            dataset.require_dedicated()
            dataset.drop()
            self.stdout.write("Bench database emptied.")
            return
        _ensure_secret_key()
        # WhiteNoise looks for collected files; the bench serves none (static names are left as they are).
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        with override_settings(DEBUG=False, ROOT_URLCONF="workflow.bench_scale.urls",
                               ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
                               STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC}):
            try:
                self._run(options)
            except (dataset.NotDedicated, Incomplete) as refusal:
                raise CommandError(str(refusal)) from refusal

    def _run(self, options):
        say = self.stdout.write
        sizes = Sizes(options["proposals"], options["reports"])
        if dataset.present() and not options["keep"]:
            raise CommandError("A bench dataset is already here: --keep reuses it, --drop removes it.")
        if dataset.present():
            built = "reused (--keep)"
        else:
            say(f"Building {sizes.proposals:,} proposals and {sizes.reports:,} reports with COPY…")
            started = time.perf_counter()
            dataset.build(sizes, options["seed"], say)
            built = f"built in {time.perf_counter() - started:,.0f} s"
        found = dataset.counts()
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        say(f"\nDataset on PostgreSQL {version} ({built}): " + ", ".join(f"{n:,} {what}" for what, n in found.items()))
        data = dataset.describe()
        if not options["no_pages"]:
            self._pages(data, options)
        if options["sweep"]:
            sweep.sweep(data, say)
        if not options["no_rush"]:
            say(f"\nRush: {options['applicants']} applicants × {options['drafts_each']} complete draft(s), "
                f"real submit view on gunicorn…")
            figures = rush.run(data, options["applicants"], options["drafts_each"], options["workers"], say)
            say(f"\n| rush (gunicorn, {options['workers']} workers, {options['applicants']} threads) | submits | "
                f"submits/s | p50 ms | p95 ms | errors | lost | duplicate numbers |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
                f"| submit page, POST | {figures.submits:,} | {figures.per_second:,.1f} | {figures.p50:,.0f} | "
                f"{figures.p95:,.0f} | {figures.errors} | {figures.lost} | {figures.duplicates} |")
            for error in figures.first_errors:
                say(f"  error: {error}")
        if not options["keep"]:
            dataset.drop()
            say("\nDataset removed (--keep keeps it for the next run).")

    def _pages(self, data, options):
        say = self.stdout.write
        say(f"\nPages: Django test client in this process, DEBUG off, HTTPS, staff with a second factor; "
            f"each request alternated with its bare twin; {options['repeat']} of each; times in ms, medians "
            f"unless said; ratio = page p50 / bare p50.")
        results = measure.measure(pages.pages(data), data, options["repeat"], say)
        say("\n" + measure.table(results))


def _ensure_secret_key():
    """The configured key, or one for this run (this process only): sessions and the rush's server share it."""
    try:
        settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key on access
    except ImproperlyConfigured:
        settings.SECRET_KEY = secrets.token_urlsafe(50)
