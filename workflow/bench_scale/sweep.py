"""--sweep: beyond the measured pages, every admin list and form, every API list for each role, and the pages
whose cost follows a person's or a call's rows ("Mes données", the assignment page, each call's ranking),
each timed three times after a first request, and the filters and words a hostile visitor tries; prints the
slowest and every one over the 100 ms target.

The table of measured pages did not list what this found at 100,000 proposals: the review admin at 3.2 s,
"Mes données" at 31 s for an applicant with 131,000 reports, the assignment page at 1.7 s.
"""

import statistics
from contextlib import ExitStack

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.db import connections
from django.db.models import Count
from django.test import Client
from django.urls import NoReverseMatch, reverse
from drf_spectacular.generators import SchemaGenerator

from grants.models import Call, Proposal, User

from . import structure
from .measure import Probe, _client, _request, as_a_web_process

TARGET_MS = 100
REPEAT = 3
PERSONAS = ("analyst", "manager", "reviewer", "applicant")
LARGE_SEARCHED = ("grants_proposal", "workflow_transitionlog", "scoring_review", "scoring_reviewerassignment",
                  "accountability_agreement", "accountability_report")


def _admin():
    """The bench's platform admin (the dataset has none): a superuser with a second factor, as staff need."""
    person, _created = User.objects.get_or_create(
        email=structure.email("admin", 0), defaults={"full_name": "Admin du banc", "is_staff": True,
                                                     "is_superuser": True})
    Authenticator.objects.get_or_create(user=person, type=Authenticator.Type.TOTP,
                                        defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}})
    client = Client()
    client.force_login(person)
    return person, client


def _admin_urls(person):
    request = type("Request", (), {"user": person})()
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{name}_changelist")
        if model_admin.has_add_permission(request):
            yield reverse(f"{name}_add")


def _api_lists():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [path for path, operations in schema["paths"].items() if "get" in operations and "{" not in path]


def _targets(data):
    """(who, url) pairs: who is a persona of the dataset, or "admin"."""
    person, _client_ = _admin()
    targets = [("admin", url) for url in _admin_urls(person)]
    targets += [(who, url) for who in PERSONAS for url in _api_lists()]
    targets += [(who, reverse("personal_data")) for who in PERSONAS]
    targets += [("manager", reverse(name)) for name in ("reporting:dashboard", "reporting:exports", "access_log",
                                                         "notifications:outbox")]
    try:
        targets.append(("analyst", reverse("scoring:assignments", args=[data.funded_proposal_id])))
    except NoReverseMatch:
        pass
    # The API lists above are asked without parameters; this one answers 400 without its proposal.
    targets.append(("analyst", f"{reverse('assignment-candidates')}?proposal={data.funded_proposal_id}"))
    largest = Call.objects.filter(program=data.program).order_by("-pk").values_list("pk", flat=True)
    # Each call's ranking, by mean and by z-score (which reads every review of the call).
    targets += [("analyst", f"{reverse('scoring:ranking', args=[pk])}{method}") for pk in largest
                for method in ("", "?method=zscore")]
    # The largest call in every sort, its part not reviewed yet, under each filter.
    biggest = Call.objects.filter(program=data.program).annotate(size=Count("proposals")).order_by(
        "-size", "pk").values_list("pk", flat=True).first()
    if biggest:
        ranking = reverse("scoring:ranking", args=[biggest])
        mrc = Proposal.mrcs.through.objects.filter(proposal__call_id=biggest).values_list(
            "territory_id", flat=True).first()
        targets += [("analyst", f"{ranking}?{query}") for query in (
            "sort=amount", "sort=title", "sort=organisation", "sort=spread", "section=unreviewed", "kind=obnl",
            "method=zscore&sort=organisation", f"mrc={mrc}", "method=zscore&sort=title&kind=obnl")]
    return targets + _hostile(data)


def _hostile(data):
    """The filters, sorts and words an outsider tries: a common word, a word found nowhere, a filter that keeps
    few rows or none, a date far back. Each once made a page read the whole table (docs/scaling.md)."""
    queue, search = f"{reverse('workflow:queue')}?programme={data.program.code}", reverse("workflow:search")
    return [("analyst", url) for url in (
        f"{queue}&q=projet", f"{queue}&q=projet&sort=title", f"{queue}&q=zzzqqq", f"{queue}&idle=3000",
        f"{queue}&idle=700", f"{queue}&idle=700&sort=-reference", f"{search}?q=projet", f"{search}?q=zzzqqq",
        f"{search}?q=solidarit%C3%A9+alimentaire", f"{search}?q=projet&state=submitted",
        f"{search}?q=projet&state=funded", f"{search}?q=-projet", f"{search}?q=famille+-projet",
        "/api/v1/reports/?kind=final", "/api/v1/reports/?overdue=true", "/api/v1/reports/?state=submitted",
        f"/api/v1/agreements/?call={data.big_call.pk}", f"/api/v1/agreements/?organisation={data.organisation_id}",
        "/api/v1/proposals/?state=funded&state=declined",
        f"{reverse('scoring:ranking', args=[data.big_call.pk])}?method=zscore&sort=spread&page=50")] + [
        ("applicant", "/api/v1/reports/?overdue=true"), ("manager", "/api/v1/agreements/?signed=true")] + [
        # The admin's search of its largest lists, for a word in most rows and for one found nowhere.
        ("admin", f"{reverse(f'admin:{name}_changelist')}?q={word}") for name in LARGE_SEARCHED
        for word in ("projet", "zzzqqq")]


def sweep(data, say):
    """Time every target; returns [(median ms, queries, status, KB, who, url)], slowest first."""
    clients, probe, found = {"admin": _admin()[1]}, Probe(), []
    with as_a_web_process(), ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(probe))
        for who, url in _targets(data):
            client = clients.get(who) or clients.setdefault(who, _client(data, who))
            status, size, _first = _request(client, url, probe)
            samples = [_request(client, url, probe)[2] for _ in range(REPEAT)]
            found.append((statistics.median(sample.wall for sample in samples), samples[-1].queries, status,
                          size / 1024, who, url))
    found.sort(reverse=True)
    say(f"\nSweep: {len(found)} pages and lists, median of {REPEAT} after a first request; the slowest:")
    say("| page | who | status | queries | p50 ms | KB |\n|---|---|---:|---:|---:|---:|")
    for wall, queries, status, size, who, url in found[:15]:
        say(f"| {url} | {who} | {status} | {queries} | {wall:,.1f} | {size:,.0f} |")
    over = [row for row in found if row[0] > TARGET_MS]
    say(f"Over {TARGET_MS} ms: {len(over)}" + "".join(f"\n  {row[5]} ({row[4]}): {row[0]:,.0f} ms" for row in over))
    return found
