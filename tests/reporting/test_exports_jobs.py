"""Large exports: an ExportJob run by the Celery task (eagerly here) after commit, its progress and its
file for its requester only; a broker that is down; the retention rule that deletes the files."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from config.celery import app
from core import personal_data, retention
from reporting import tasks
from reporting.exports import service
from reporting.models import ExportJob

from .exports_world import two_programs

URL = reverse("reporting:exports")


@pytest.fixture
def large(settings, world):
    """Every export is large: one proposal is above the threshold."""
    settings.CONCERTO_EXPORT_SYNC_MAX_PROPOSALS = 0
    return two_programs(world)


@pytest.fixture
def eager():
    """Celery runs the task in place when it is enqueued (after commit)."""
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


def ask(client, user, **fields):
    client.force_login(user)
    return client.post(URL, {"format": "xlsx", "table": "", "program": "", "call": "", "state": "", **fields})


def test_a_large_export_runs_in_the_task_after_commit_and_reaches_100(
        client, world, large, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = ask(client, world.analyst)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reporting:export_job", args=[job.pk])
    assert job.state == "pending" and not job.file  # nothing ran before commit
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert (job.state, job.progress) == ("done", 100)
    assert job.rows == 12  # one row of P in each of the twelve tables
    assert job.program_ids == [world.program.pk] and job.finished_at is not None

    page = client.get(reverse("reporting:export_job", args=[job.pk]))
    assert page.status_code == 200
    file_url = reverse("reporting:export_file", args=[job.pk])
    assert file_url in page.content.decode() and "hx-trigger" not in page.content.decode()
    download = client.get(file_url)
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    values = [str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "REF-P" in values and "REF-Q" not in values


@pytest.mark.parametrize("persona", ["manager", "admin", "outside_analyst", "applicant"])
def test_the_job_and_its_file_are_the_requesters_only(client, world, large, eager, persona,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, world.analyst)
    job = ExportJob.objects.get(state="done")
    client.force_login(getattr(world, persona))
    assert client.get(reverse("reporting:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reporting:export_file", args=[job.pk])).status_code == 404


def test_a_csv_job_writes_one_table_with_its_bom(client, world, large, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, world.analyst, format="csv", table="versements")
    job = ExportJob.objects.get()
    assert job.state == "done" and job.file_name.endswith(".csv")
    raw = b"".join(client.get(reverse("reporting:export_file", args=[job.pk])).streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf") and b"VIR-P" in raw and b"VIR-Q" not in raw


def test_the_page_polls_while_the_file_is_prepared(client, world, large, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        ask(client, world.analyst)
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(state="running", progress=40)
    url = reverse("reporting:export_job", args=[job.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="40"' in page and "<html" in page
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith("<section") and f'hx-get="{url}"' in partial
    assert client.get(reverse("reporting:export_file", args=[job.pk])).status_code == 404  # not ready


def test_a_broker_that_is_down_fails_the_job_without_failing_the_request(
        client, world, large, monkeypatch, django_capture_on_commit_callbacks):
    def down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.run_export, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, world.analyst)
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.state == "failed" and job.error == service.BROKER_DOWN
    page = client.get(response["Location"]).content.decode()
    assert "n'a pas pu être préparé" in page and "hx-trigger" not in page


def test_a_job_runs_once_and_not_for_someone_who_lost_the_right_to_export(world, large):
    job = ExportJob.objects.create(requested_by=world.analyst, format="xlsx", program_ids=[world.program.pk])
    world.analyst.program_roles.all().delete()
    assert tasks.run_export(job.pk) is False
    job.refresh_from_db()
    assert job.state == "failed" and not job.file
    assert tasks.run_export(job.pk) is False  # claimed already: nothing happens
    assert tasks.run_export(987654) is False  # gone


def test_a_stored_job_exports_no_program_the_requester_left(world, large):
    """The job keeps the programs it was asked for; the run narrows them to the requester's roles today."""
    job = ExportJob.objects.create(requested_by=world.admin, format="csv", table="demandes",
                                   program_ids=[large.other_program.pk])
    assert tasks.run_export(job.pk) is True
    job.refresh_from_db()
    with job.file.open("rb") as stored:
        text = stored.read().decode("utf-8-sig")
    assert "REF-Q" in text and "REF-P" not in text


def test_prepared_files_are_deleted_by_the_retention_rule(world, django_capture_on_commit_callbacks):
    now = timezone.now()
    old = ExportJob.objects.create(requested_by=world.analyst, format="csv", table="demandes", state="done",
                                   finished_at=now - timedelta(days=8))
    old.file.save("old.csv", ContentFile(b"a"), save=True)
    recent = ExportJob.objects.create(requested_by=world.analyst, format="csv", table="demandes", state="done",
                                      finished_at=now - timedelta(days=2))
    recent.file.save("recent.csv", ContentFile(b"b"), save=True)
    old_name = old.file.name

    [dry] = retention.apply(dry_run=True, only=["reporting.export_files"], now=now)
    assert dry.run.count == 1 and default_storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        [outcome] = retention.apply(only=["reporting.export_files"], now=now)
    assert outcome.run.count == 1 and outcome.rule.days == 7
    old.refresh_from_db()
    assert (old.state, old.file.name) == ("expired", "") and not default_storage.exists(old_name)
    recent.refresh_from_db()
    assert recent.state == "done" and default_storage.exists(recent.file.name)
    assert retention.apply(only=["reporting.export_files"], now=now)[0].run.count == 0


def test_the_persons_data_lists_their_exports_and_closing_deletes_their_files(
        world, django_capture_on_commit_callbacks):
    job = ExportJob.objects.create(requested_by=world.analyst, format="csv", table="demandes", state="done",
                                   proposals=3, finished_at=timezone.now())
    job.file.save("mine.csv", ContentFile(b"a"), save=True)
    name = job.file.name
    assert [(row["table"], row["demandes"]) for row in personal_data.export(world.analyst)["exportations"]] == \
        [("demandes", 3)]
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.close_account(world.analyst, world.analyst)
    job.refresh_from_db()
    assert job.state == "expired" and not default_storage.exists(name)
