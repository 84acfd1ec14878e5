"""Demo data for `manage.py seed_demo`: the real plans of programs.yaml, the demo people and organisations.

Dates are relative to the day of the first run: each plan's period is current and its calls lie inside
it. Idempotent: what exists is left as it is, so a second run changes nothing.
"""

import re
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from grants.services.accounts import mark_email_verified
from grants.services.organisations import register_organisation, verify_organisation

from . import demo_shared
from .models import AttachmentType, Axis, Call, LocalPlan, Organisation, Priority, Program, Territory, User
from .services.roles import assign_program_role

DEMO_PASSWORD = "concerto-demo"
REFERENCE = Path(__file__).parent / "data" / "programs.yaml"

REGIONS = {
    "09": ("Côte-Nord", {
        "haute-cote-nord": ("La Haute-Côte-Nord", ["Les Escoumins", "Forestville", "Tadoussac"]),
        "manicouagan": ("Manicouagan", ["Baie-Comeau", "Pointe-Lebel", "Ragueneau"]),
        "sept-rivieres": ("Sept-Rivières", ["Sept-Îles", "Port-Cartier"]),
        "caniapiscau": ("Caniapiscau", ["Fermont", "Schefferville"]),
        "minganie": ("Minganie", ["Havre-Saint-Pierre", "Longue-Pointe-de-Mingan"]),
        "golfe": ("Le Golfe-du-Saint-Laurent", ["Blanc-Sablon", "Bonne-Espérance"]),
    }),
    "01": ("Bas-Saint-Laurent", {
        "rimouski-neigette": ("Rimouski-Neigette", ["Rimouski", "Saint-Anaclet-de-Lessard"]),
        "la-mitis": ("La Mitis", ["Mont-Joli"]),
        "la-matanie": ("La Matanie", ["Matane"]),
        "la-matapedia": ("La Matapédia", ["Amqui"]),
        "kamouraska": ("Kamouraska", ["La Pocatière"]),
        "riviere-du-loup": ("Rivière-du-Loup", ["Rivière-du-Loup"]),
        "temiscouata": ("Témiscouata", ["Témiscouata-sur-le-Lac"]),
        "les-basques": ("Les Basques", ["Trois-Pistoles"]),
    }),
    "02": ("Saguenay–Lac-Saint-Jean", {
        "saguenay": ("Saguenay", ["Jonquière", "Saint-Ambroise", "Bégin", "Larouche"]),
    }),
}

ATTACHMENT_TYPES = [
    ("board-resolution", "Résolution du conseil d'administration", "Board resolution"),
    ("support-letter", "Lettre d'appui", "Letter of support"),
    ("financial-statements", "États financiers", "Financial statements"),
]
# Plans are five fiscal years (April to March). The Côte-Nord plan began two years ago, the Alliance a year
# earlier: the plan with the most recent start, where the demo's work is, is the one staff pages open on.
PLAN_YEARS = 5
PLAN_STARTED_YEARS_AGO = {"PARSIS-CN-2011": 2, "ALLIANCE-BSL-2018": 3}
REGION_OF = {"PARSIS-CN-2011": "region-09", "ALLIANCE-BSL-2018": "region-01"}
ENVELOPES = {"ALLIANCE-BSL-2018": Decimal("1800000")}
# The calls of the Côte-Nord plan: key -> (slug, title, days since opening, maximum, reviews required).
# The open call takes proposals now; the thematic call closed and its proposals are before the board; the
# earlier call's projects are under way. Closed calls are open only while the demo files their proposals
# (see open_while_filing), so every submission date falls inside its call's window.
CALLS = {
    "open": ("parsis-cn-appel-2026", "PARSIS Côte-Nord — appel de projets {year}", 30, Decimal("150000"), 2),
    "thematic": ("parsis-cn-appel-thematique", "PARSIS Côte-Nord — appel thématique {year} : "
                 "sécurité alimentaire", 120, Decimal("100000"), 2),
    "running": ("parsis-cn-appel-2024-en-cours",
                "PARSIS Côte-Nord — appel de projets {year} (projets en cours)", 400, Decimal("150000"), 0),
}
OPEN_CALL_DAYS_LEFT = 45


def load_reference():
    with REFERENCE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def seed_territories():
    for region_code, (region_name, mrcs) in REGIONS.items():
        region, _ = Territory.objects.get_or_create(
            code=f"region-{region_code}", defaults={"kind": "region", "name": region_name, "parent": None})
        for mrc_code, (mrc_name, towns) in mrcs.items():
            mrc, _ = Territory.objects.get_or_create(
                code=f"mrc-{mrc_code}", defaults={"kind": "mrc", "name": mrc_name, "parent": region})
            for town in towns:
                Territory.objects.get_or_create(code=f"mun-{slugify(town)}", defaults={
                    "kind": "municipality", "name": town, "parent": mrc})


def plan_period(today, years_ago):
    """April 1st `years_ago` fiscal years back, to March 31st PLAN_YEARS later."""
    fiscal_year = today.year if today.month >= 4 else today.year - 1
    starts_on = date(fiscal_year - years_ago, 4, 1)
    return starts_on, date(starts_on.year + PLAN_YEARS, 3, 31)


def _with_period(name, starts_on, ends_on):
    """The plan's name with the demo's period in place of the real plan's years ("… 2011-2015")."""
    return re.sub(r"\d{4}-\d{4}$", f"{starts_on.year}-{ends_on.year}", name)


def seed_programs(reference):
    today = timezone.localdate()
    programs = {}
    for item in reference["programs"]:
        code = item["code"]
        program = Program.objects.filter(code=code.lower()).first()
        if program is None or not program.starts_on <= today <= program.ends_on:
            starts_on, ends_on = plan_period(today, PLAN_STARTED_YEARS_AGO[code])
        else:
            starts_on, ends_on = program.starts_on, program.ends_on
        program, _ = Program.objects.update_or_create(code=code.lower(), defaults={
            "name_fr": _with_period(item["name_fr"], starts_on, ends_on),
            "name_en": _with_period(item["name_en"], starts_on, ends_on),
            "region": Territory.objects.get(code=REGION_OF[code]),
            "fund": item.get("fund", "FQIS"), "manager_name": item.get("manager_fr", ""),
            "decision_body": item["decision_body_fr"],
            "analysis_body": item.get("analysis_body_fr", "Équipe régionale de soutien"),
            "envelope": Decimal(str(item.get("envelope_cad") or ENVELOPES[code])),
            "starts_on": starts_on, "ends_on": ends_on,
        })
        for order, axis in enumerate(item["axes"], start=1):
            Axis.objects.update_or_create(program=program, code=axis["code"], defaults={
                "name_fr": axis["fr"], "name_en": axis["en"], "order": order})
        programs[code] = program
    for plan in reference["local_plans"]:
        local_plan, _ = LocalPlan.objects.update_or_create(code=plan["code"].lower(), defaults={
            "name": plan["name_fr"], "territory_description": plan["territory_fr"]})
        for order, text in enumerate(plan["priorities_fr"], start=1):
            Priority.objects.update_or_create(local_plan=local_plan, order=order, defaults={"text": text})
        # Demo association so the application form shows local priorities to choose from.
        programs["PARSIS-CN-2011"].local_plans.add(local_plan)
    return programs


def _call(slug, program, *, title, opens_at, closes_at, max_amount, required_reviews, instructions):
    """Created once: its window is the first run's, and a later run does not move it."""
    call, _created = Call.objects.get_or_create(slug=slug, defaults={
        "program": program, "title": title.format(year=timezone.localtime(opens_at).year),
        "opens_at": opens_at, "closes_at": closes_at, "max_amount": max_amount,
        "required_reviews": required_reviews, "instructions": instructions})
    return call


def seed_calls(programs):
    now = timezone.now()
    types = []
    for code, fr, en in ATTACHMENT_TYPES:
        kind, _ = AttachmentType.objects.update_or_create(code=code, defaults={"name_fr": fr, "name_en": en})
        types.append(kind)
    cote_nord = programs["PARSIS-CN-2011"]
    calls = {}
    for key, (slug, title, days, max_amount, reviews) in CALLS.items():
        opens_at = now - timedelta(days=days)
        calls[key] = _call(
            slug, cote_nord, title=title, opens_at=opens_at, max_amount=max_amount, required_reviews=reviews,
            closes_at=now + timedelta(days=OPEN_CALL_DAYS_LEFT) if key == "open" else now,
            instructions="Les projets doivent s'inscrire dans au moins un des six axes du PARSIS "
                         "et être portés par un organisme de la Côte-Nord.")
        calls[key].required_attachment_types.set(types[:2])
        calls[key].eligible_territories.set(Territory.objects.filter(parent=cote_nord.region))
    bsl = programs["ALLIANCE-BSL-2018"]
    calls["alliance"] = _call(
        "alliance-bsl-appel-2025", bsl, title="Alliance BSL — appel de projets {year} (fermé)",
        opens_at=now - timedelta(days=120), closes_at=now - timedelta(days=20), max_amount=Decimal("80000"),
        required_reviews=1,
        instructions="Appel réservé aux projets issus des Alliances locales de chaque MRC.")
    calls["alliance"].required_attachment_types.set(types[:1])
    calls["alliance"].eligible_territories.set(Territory.objects.filter(parent=bsl.region))
    return calls


@contextmanager
def open_while_filing(call):
    """Open a closed demo call while the demo files proposals in it, then close it at that moment.

    The window is configuration, set as a program manager would in the admin; only a run that has
    something to file opens it, so a second run leaves the call untouched.
    """
    if call.is_open():
        yield call
        return
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() + timedelta(hours=1))
    call.refresh_from_db(fields=["closes_at"])
    yield call
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now())
    call.refresh_from_db(fields=["closes_at"])


@cache
def _password_hash():
    # One hash for the one published password: hashing is slow on purpose, and eight of them add seconds.
    return make_password(DEMO_PASSWORD)


def user(email, full_name, **extra):
    account = User.objects.filter(email=email).first()
    if account is None:
        account = User.objects.create(email=email, full_name=full_name, password=_password_hash(), **extra)
        mark_email_verified(account)  # demo addresses receive nothing: they are verified from the start
    return account


# (legal name, NEQ, kind, MRC, seat, mission, the demo person who registered it or None)
ORGANISATIONS = [
    ("Centre d'action bénévole de Sept-Îles", "1140000001", "obnl", "mrc-sept-rivieres", "Sept-Îles",
     "Soutenir l'action bénévole et l'entraide pour améliorer la qualité de vie des personnes seules et "
     "à faible revenu de Sept-Îles.", "applicant"),
    ("Coopérative de solidarité alimentaire de Manicouagan", "1140000002", "cooperative", "mrc-manicouagan",
     "Baie-Comeau", "Rendre accessible une alimentation saine, locale et abordable aux familles de la MRC.",
     "applicant2"),
    ("Maison des familles de la Haute-Côte-Nord", "1140000003", "obnl", "mrc-haute-cote-nord", "Forestville",
     "Accueillir les familles, briser l'isolement des parents et soutenir le développement des tout-petits.",
     None),
    ("Collectif logement Rimouski-Neigette", "1140000004", "obnl", "mrc-rimouski-neigette", "Rimouski",
     "Défendre le droit au logement et développer des logements sociaux et communautaires.", None),
]


def seed_people(programs):
    people = {
        "applicant": user("demandeur@demo.concerto.quebec", "Marie Tremblay"),
        "applicant2": user("demandeur2@demo.concerto.quebec", "Luc Gagnon"),
        "analyst": user("analyste@demo.concerto.quebec", "Sophie Bouchard"),
        "reviewer": user("evaluateur@demo.concerto.quebec", "Jean Lévesque"),
        "reviewer2": user("evaluatrice@demo.concerto.quebec", "Nadia Côté"),
        "board": user("ca@demo.concerto.quebec", "Pierre Roy"),
        "manager": user("gestionnaire@demo.concerto.quebec", "Isabelle Morin"),
        "admin": user("admin@demo.concerto.quebec", "Admin Concerto", is_staff=True, is_superuser=True),
    }
    for program in programs.values():
        for key, role in [("analyst", "analyst"), ("reviewer", "reviewer"), ("reviewer2", "reviewer"),
                          ("board", "board"), ("manager", "manager")]:
            # Through the service: the manager also gets the admin access to message templates.
            assign_program_role(people["admin"], people[key], program, role)
    return people


def seed_organisations(people):
    organisations = []
    for name, neq, kind, mrc, city, mission, registrant in ORGANISATIONS:
        organisation = Organisation.objects.filter(neq=neq).first()
        if organisation is None:
            territory = Territory.objects.get(code=mrc)
            values = {"legal_name": name, "neq": neq, "kind": kind, "territory": territory, "city": city,
                      "municipality": territory.children.get(kind="municipality", name=city),
                      "mission": mission, "email": f"info@org{neq[-1]}.example.org"}
            if registrant:
                organisation = register_organisation(people[registrant], **values)
            else:
                # Registered before the demo's time by people who have no demo login.
                organisation = Organisation.objects.create(**values)
        organisations.append(organisation)
    # The established organisations are verified; the last one shows staff an organisation "à vérifier".
    for organisation in organisations[:-1]:
        if organisation.verified_at is None:
            verify_organisation(organisation, people["analyst"],
                                comment="Organisme connu de l'équipe régionale.")
    return organisations


def seed(context):
    reference = load_reference()
    seed_territories()
    programs = seed_programs(reference)
    calls = seed_calls(programs)
    parsis = programs["PARSIS-CN-2011"]
    programs[demo_shared.CO_FUNDER] = demo_shared.seed_program(parsis)
    calls.update(demo_shared.seed_calls(parsis, programs[demo_shared.CO_FUNDER],
                                        list(AttachmentType.objects.order_by("pk"))))
    people = seed_people(programs)
    context.update(programs=programs, calls=calls, open_call=calls["open"], people=people,
                   organisations=seed_organisations(people))
