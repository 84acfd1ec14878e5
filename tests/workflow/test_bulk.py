"""Bulk state changes from the queue: one transaction per proposal, a summary with each refusal's reason,
small batches in the request, large ones through the Celery task with their progress on the job."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from config.celery import app as celery_app
from grants.states import State
from tests import factories
from workflow import services, tasks
from workflow.bulk import service as bulk_service
from workflow.bulk.models import BulkJob

pytestmark = pytest.mark.django_db
URL = "/analyse/lot/"


def post(client, program, ids, action, **fields):
    body = {"programme": program.code, "ids": [str(pk) for pk in ids], "action": action}
    body.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(URL, body)


def test_transition_over_200_proposals_refuses_some_and_says_why(client, world, make_proposal,
                                                                  django_capture_on_commit_callbacks):
    proposals = [make_proposal(State.SUBMITTED, title=f"Lot {n:03}") for n in range(200)]
    client.force_login(world.analyst)
    # All 200 are submitted when the analyst chooses: "Commencer l'analyse" is offered for all of them.
    page = client.get(URL, {"programme": world.program.code, "ids": [p.pk for p in proposals]})
    assert page.context["count"] == 200
    assert [spec.name for spec in page.context["transitions"]] == ["start_analysis"]

    with django_capture_on_commit_callbacks() as callbacks:
        response = post(client, world.program, [p.pk for p in proposals], "transition", transition="start_analysis")
    job = BulkJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/analyse/lot/{job.pk}/"
    assert len(callbacks) == 1  # more than 50: published to Celery after commit, not run in the request
    assert job.state == BulkJob.State.PENDING and job.total == 200
    # Meanwhile a colleague starts the analysis of 12 of them and the organisation withdraws 3.
    colleague = factories.ProgramRoleFactory(program=world.program, role="analyst").user
    for proposal in proposals[:12]:
        services.transition(proposal, "start_analysis", colleague)
    for proposal in proposals[12:15]:
        services.transition(proposal, "withdraw", world.applicant, comment="Projet reporté.")

    assert tasks.run_bulk_job(job.pk) is True  # the task, called directly
    job.refresh_from_db()
    assert job.state == BulkJob.State.DONE and job.progress == 100 and job.processed == 200
    assert len(job.successes) == 185 and len(job.refusals) == 15
    reasons = {row["id"]: row["reason"] for row in job.refusals}
    assert reasons[proposals[0].pk] == ("« Commencer l'analyse » n'est pas possible quand la demande est à "
                                        "l'état « En analyse ».")
    assert reasons[proposals[12].pk] == ("« Commencer l'analyse » n'est pas possible quand la demande est à "
                                         "l'état « Retiré ».")
    # The refusals undid nothing: every other proposal is under analysis, assigned to the analyst.
    for proposal in proposals[15:]:
        proposal.refresh_from_db()
        assert proposal.state == State.UNDER_ANALYSIS and proposal.assigned_analyst == world.analyst
    proposals[0].refresh_from_db()
    assert proposals[0].assigned_analyst == colleague  # the colleague's analysis stands

    summary = client.get(f"/analyse/lot/{job.pk}/").content.decode()
    assert "185 demandes traitées avec succès." in summary and "15 refus." in summary
    assert "l&#x27;état « Retiré »" in summary and "Lot 012" in summary
    assert 'hx-trigger="every 2s"' not in summary  # finished: no more polling

    assert tasks.run_bulk_job(job.pk) is False  # claimed already: nothing happens twice
    assert tasks.run_bulk_job(987654) is False  # gone


def test_the_celery_path_records_progress_as_it_goes(client, world, make_proposal, monkeypatch,
                                                     django_capture_on_commit_callbacks):
    proposals = [make_proposal(State.SUBMITTED) for _ in range(60)]
    seen = []
    outcome = bulk_service._outcome

    def watching(runner, proposal):
        seen.append(BulkJob.objects.values_list("state", "progress", "processed").get())
        return outcome(runner, proposal)

    monkeypatch.setattr(bulk_service, "_outcome", watching)
    client.force_login(world.analyst)
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            post(client, world.program, [p.pk for p in proposals], "transition", transition="start_analysis")
    finally:
        celery_app.conf.task_always_eager = False
    job = BulkJob.objects.get()
    assert job.state == BulkJob.State.DONE and len(job.successes) == 60
    assert seen[0] == ("running", 0, 0)
    progress = [value for _state, value, _done in seen]
    assert progress == sorted(progress) and 0 < progress[30] < 100 and progress[-1] == 98
    assert seen[30][2] == 30


def test_a_running_job_page_polls_and_works_without_javascript(client, world):
    job = BulkJob.objects.create(requested_by=world.analyst, program=world.program, action="tag", total=300,
                                 processed=120, progress=40, state=BulkJob.State.RUNNING, label="Étiquette ATI")
    client.force_login(world.analyst)
    page = client.get(f"/analyse/lot/{job.pk}/").content.decode()  # a plain reload shows the progress too
    assert 'value="40"' in page and "120 sur 300" in page and 'hx-trigger="every 2s"' in page
    fragment = client.get(f"/analyse/lot/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<section") and 'value="40"' in fragment
    client.force_login(world.manager)  # somebody else's batch: not found, as for exports
    assert client.get(f"/analyse/lot/{job.pk}/").status_code == 404


def test_small_batches_run_in_the_request_and_the_guard_reason_is_given(client, world, make_proposal):
    world.call.required_reviews = 1
    world.call.save(update_fields=["required_reviews"])
    proposals = [make_proposal(State.UNDER_ANALYSIS) for _ in range(3)]
    client.force_login(world.analyst)
    response = post(client, world.program, [p.pk for p in proposals], "transition", transition="recommend")
    job = BulkJob.objects.get()
    assert job.state == BulkJob.State.DONE and job.successes == []
    assert {row["reason"] for row in job.refusals} == {
        "La recommandation exige 1 évaluation soumise ; 0 reçue pour l'instant."}
    assert response["Location"] == f"/analyse/lot/{job.pk}/"


def test_only_transitions_open_to_every_selected_proposal_are_offered(client, world, make_proposal):
    submitted, analysed = make_proposal(State.SUBMITTED), make_proposal(State.UNDER_ANALYSIS)
    client.force_login(world.analyst)
    page = client.get(URL, {"programme": world.program.code, "ids": [submitted.pk, analysed.pk]})
    assert page.context["transitions"] == []
    # Withdrawing is the organisation's; nobody can force it on a mixed selection either.
    response = post(client, world.program, [submitted.pk, analysed.pk], "transition", transition="withdraw",
                    comment="x")
    assert response.status_code == 400 and not BulkJob.objects.exists()
    page = client.get(URL, {"programme": world.program.code, "ids": [analysed.pk]})
    assert [spec.name for spec in page.context["transitions"]] == ["request_changes", "recommend", "do_not_recommend"]


def test_a_comment_required_by_the_transition_is_asked_for(client, world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    client.force_login(world.analyst)
    response = post(client, world.program, [proposal.pk], "transition", transition="request_changes", comment=" ")
    assert response.status_code == 400 and not BulkJob.objects.exists()
    assert "demande un commentaire" in response.content.decode()


def test_each_proposal_is_checked_with_the_single_action_s_permission(client, world, make_proposal):
    """The board sees a recommended file and may decline it; an analyst's transition stays the analyst's."""
    recommended = make_proposal(State.RECOMMENDED)
    client.force_login(world.board)
    page = client.get(URL, {"programme": world.program.code, "ids": [recommended.pk]})
    assert [spec.name for spec in page.context["transitions"]] == ["decline"]
    post(client, world.program, [recommended.pk], "transition", transition="decline", comment="Hors priorités.")
    recommended.refresh_from_db()
    assert recommended.state == State.DECLINED


def test_ids_outside_the_person_s_queue_are_not_selected(client, world, make_proposal):
    other_program_proposal = make_proposal(State.SUBMITTED)
    client.force_login(world.outside_analyst)
    page = client.get(URL, {"programme": "", "ids": [other_program_proposal.pk]})
    assert page.context["count"] == 0
    response = post(client, page.context["program"], [other_program_proposal.pk], "transition",
                    transition="start_analysis")
    assert response.status_code == 400 and not BulkJob.objects.exists()


def test_all_matching_the_filters_selects_through_the_queue_filters(client, world, make_proposal):
    kept = [make_proposal(State.SUBMITTED) for _ in range(3)]
    make_proposal(State.UNDER_ANALYSIS)
    client.force_login(world.analyst)
    params = {"programme": world.program.code, "tout": "1", "filtres": "state=submitted"}
    page = client.get(URL, params)
    assert page.context["count"] == 3
    with override_settings(CONCERTO_BULK_SYNC_MAX=1000):
        client.post(URL, {**params, "action": "transition", "transition-transition": "start_analysis"})
    job = BulkJob.objects.get()
    # "All matching" always runs in the background, however few: the task has not run here.
    assert job.state == BulkJob.State.PENDING and sorted(job.proposal_ids) == sorted(p.pk for p in kept)


def test_a_broker_that_refuses_the_task_fails_the_job_not_the_request(world, make_proposal, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    proposals = [make_proposal(State.SUBMITTED) for _ in range(2)]
    monkeypatch.setattr(bulk_service.PUBLISHER, "publish", lambda task, ids: 0)
    with django_capture_on_commit_callbacks(execute=True):
        job = bulk_service.request_batch(world.analyst, world.program, action="transition",
                                         params={"transition": "start_analysis"}, label="x",
                                         proposal_ids=[p.pk for p in proposals], everything=True, language="fr")
    job.refresh_from_db()
    assert job.state == BulkJob.State.FAILED and job.error == bulk_service.BROKER_DOWN


def test_a_batch_whose_worker_died_fails_when_its_task_comes_back(client, world, make_proposal):
    """acks_late: the task of a worker killed mid-batch is handed over again and finds its batch RUNNING."""
    proposals = [make_proposal(State.SUBMITTED) for _ in range(3)]
    job = BulkJob.objects.create(
        requested_by=world.analyst, program=world.program, action="transition", total=3, processed=1,
        progress=33, params={"transition": "start_analysis"}, proposal_ids=[p.pk for p in proposals],
        state=BulkJob.State.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=5))
    assert tasks.run_bulk_job(job.pk) is False  # its runner wrote progress lately: maybe still at work
    job.refresh_from_db()
    assert job.state == BulkJob.State.RUNNING

    BulkJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - bulk_service.STALE - timedelta(seconds=1))
    assert tasks.run_bulk_job(job.pk) is False  # silent for too long: given up, never run a second time
    job.refresh_from_db()
    assert job.state == BulkJob.State.FAILED and job.error == bulk_service.ABANDONED and job.finished_at
    assert all(proposal.state == State.SUBMITTED for proposal in
               type(proposals[0]).objects.filter(pk__in=job.proposal_ids))
    client.force_login(world.analyst)
    page = client.get(f"/analyse/lot/{job.pk}/").content.decode()
    assert "Demandes traitées avant l'interruption\u00a0: 1 sur 3." in page
    assert 'hx-trigger="every 2s"' not in page


def test_progress_writes_are_the_runner_s_heartbeat(world, make_proposal, monkeypatch):
    proposals = [make_proposal(State.SUBMITTED) for _ in range(2)]
    job = bulk_service.request_batch(world.analyst, world.program, action="transition",
                                     params={"transition": "start_analysis"}, label="x",
                                     proposal_ids=[p.pk for p in proposals], everything=True, language="fr")
    beats = []
    outcome = bulk_service._outcome

    def watching(runner, proposal):
        beats.append(BulkJob.objects.values_list("heartbeat_at", flat=True).get())
        return outcome(runner, proposal)

    monkeypatch.setattr(bulk_service, "_outcome", watching)
    assert bulk_service.run(job.pk) is True
    assert beats[0] is not None and beats[1] >= beats[0]  # set on claiming, then with each progress write
