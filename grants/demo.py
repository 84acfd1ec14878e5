"""Demo data for `manage.py seed_demo`: the real plans of programs.yaml, idempotent."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone
from django.utils.text import slugify

from grants.services.accounts import mark_email_verified

from .models import (
    AttachmentType,
    Axis,
    BudgetLine,
    Call,
    CoFunding,
    Indicator,
    LocalPlan,
    Membership,
    Organisation,
    Partner,
    Priority,
    Program,
    Proposal,
    Territory,
    User,
)
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


def load_reference():
    with REFERENCE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def seed_territories():
    for region_code, (region_name, mrcs) in REGIONS.items():
        region, _ = Territory.objects.update_or_create(
            code=f"region-{region_code}", defaults={"kind": "region", "name": region_name, "parent": None})
        for mrc_code, (mrc_name, towns) in mrcs.items():
            mrc, _ = Territory.objects.update_or_create(
                code=f"mrc-{mrc_code}", defaults={"kind": "mrc", "name": mrc_name, "parent": region})
            for town in towns:
                Territory.objects.update_or_create(
                    code=f"mun-{slugify(town)}",
                    defaults={"kind": "municipality", "name": town, "parent": mrc})


def seed_programs(reference):
    regions = {"PARSIS-CN-2011": "region-09", "ALLIANCE-BSL-2018": "region-01"}
    starts = {"PARSIS-CN-2011": date(2011, 4, 1), "ALLIANCE-BSL-2018": date(2018, 4, 1)}
    envelopes = {"ALLIANCE-BSL-2018": Decimal("1800000")}
    programs = {}
    for item in reference["programs"]:
        program, _ = Program.objects.update_or_create(code=item["code"].lower(), defaults={
            "name_fr": item["name_fr"], "name_en": item["name_en"],
            "region": Territory.objects.get(code=regions[item["code"]]),
            "fund": item.get("fund", "FQIS"), "manager_name": item.get("manager_fr", ""),
            "decision_body": item["decision_body_fr"],
            "analysis_body": item.get("analysis_body_fr", "Équipe régionale de soutien"),
            "envelope": Decimal(str(item.get("envelope_cad") or envelopes[item["code"]])),
            "starts_on": starts[item["code"]], "ends_on": item["ends"],
        })
        for order, axis in enumerate(item["axes"], start=1):
            Axis.objects.update_or_create(program=program, code=axis["code"], defaults={
                "name_fr": axis["fr"], "name_en": axis["en"], "order": order})
        programs[item["code"]] = program
    for plan in reference["local_plans"]:
        local_plan, _ = LocalPlan.objects.update_or_create(code=plan["code"].lower(), defaults={
            "name": plan["name_fr"], "territory_description": plan["territory_fr"]})
        for order, text in enumerate(plan["priorities_fr"], start=1):
            Priority.objects.update_or_create(local_plan=local_plan, order=order, defaults={"text": text})
        # Demo association so the application form shows local priorities to choose from.
        programs["PARSIS-CN-2011"].local_plans.add(local_plan)
    return programs


def seed_calls(programs):
    now = timezone.now()
    types = []
    for code, fr, en in ATTACHMENT_TYPES:
        kind, _ = AttachmentType.objects.update_or_create(code=code, defaults={"name_fr": fr, "name_en": en})
        types.append(kind)
    cote_nord = programs["PARSIS-CN-2011"]
    open_call, _ = Call.objects.update_or_create(slug="parsis-cn-appel-2026", defaults={
        "program": cote_nord, "title": "PARSIS Côte-Nord — appel de projets 2026",
        "opens_at": now - timedelta(days=30), "closes_at": now + timedelta(days=45),
        "max_amount": Decimal("150000"), "required_reviews": 2,
        "instructions": "Les projets doivent s'inscrire dans au moins un des six axes du PARSIS "
                        "et être portés par un organisme de la Côte-Nord.",
    })
    open_call.required_attachment_types.set(types[:2])
    open_call.eligible_territories.set(Territory.objects.filter(parent=cote_nord.region))
    bsl = programs["ALLIANCE-BSL-2018"]
    closed_call, _ = Call.objects.update_or_create(slug="alliance-bsl-appel-2025", defaults={
        "program": bsl, "title": "Alliance BSL — appel de projets 2025 (fermé)",
        "opens_at": now - timedelta(days=120), "closes_at": now - timedelta(days=20),
        "max_amount": Decimal("80000"), "required_reviews": 1,
        "instructions": "Appel réservé aux projets issus des Alliances locales de chaque MRC.",
    })
    closed_call.required_attachment_types.set(types[:1])
    closed_call.eligible_territories.set(Territory.objects.filter(parent=bsl.region))
    return open_call, closed_call


def user(email, full_name, **extra):
    account, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name, **extra})
    if created:
        account.set_password(DEMO_PASSWORD)
        account.save()
    mark_email_verified(account)  # demo addresses receive nothing: they are verified from the start
    return account


ORGANISATIONS = [
    ("Centre d'action bénévole de Sept-Îles", "1140000001", "obnl", "mrc-sept-rivieres", "Sept-Îles",
     "Soutenir l'action bénévole et l'entraide pour améliorer la qualité de vie des personnes seules et "
     "à faible revenu de Sept-Îles."),
    ("Coopérative de solidarité alimentaire de Manicouagan", "1140000002", "cooperative", "mrc-manicouagan",
     "Baie-Comeau", "Rendre accessible une alimentation saine, locale et abordable aux familles de la MRC."),
    ("Maison des familles de la Haute-Côte-Nord", "1140000003", "obnl", "mrc-haute-cote-nord", "Forestville",
     "Accueillir les familles, briser l'isolement des parents et soutenir le développement des tout-petits."),
    ("Collectif logement Rimouski-Neigette", "1140000004", "obnl", "mrc-rimouski-neigette", "Rimouski",
     "Défendre le droit au logement et développer des logements sociaux et communautaires."),
]


def seed_people_and_organisations(programs):
    organisations = []
    for name, neq, kind, mrc, city, mission in ORGANISATIONS:
        territory = Territory.objects.get(code=mrc)
        org, _ = Organisation.objects.update_or_create(neq=neq, defaults={
            "legal_name": name, "kind": kind, "territory": territory, "city": city,
            "municipality": territory.children.filter(kind="municipality", name=city).first(),
            "mission": mission, "email": f"info@org{neq[-1]}.example.org"})
        organisations.append(org)
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
    Membership.objects.get_or_create(user=people["applicant"], organisation=organisations[0])
    Membership.objects.get_or_create(user=people["applicant2"], organisation=organisations[1])
    for program in programs.values():
        for key, role in [("analyst", "analyst"), ("reviewer", "reviewer"), ("reviewer2", "reviewer"),
                          ("board", "board"), ("manager", "manager")]:
            # Through the service: the manager also gets the admin access to message templates.
            assign_program_role(people["admin"], people[key], program, role)
    # The established organisations are verified; the last one shows staff an organisation "à vérifier".
    Organisation.objects.filter(pk__in=[org.pk for org in organisations[:-1]], verified_at__isnull=True).update(
        verified_at=timezone.now(), verified_by=people["analyst"])
    return people, organisations


def seed_proposals(open_call, closed_call, people, organisations):
    axes = list(open_call.program.axes.all())
    specs = [
        (organisations[0], people["applicant"], "Épicerie solidaire mobile de Sept-Îles", "draft"),
        (organisations[0], people["applicant"], "Accompagnement vers le logement à Port-Cartier", "submitted"),
        (organisations[1], people["applicant2"], "Cuisines collectives dans Manicouagan", "submitted"),
    ]
    proposals = []
    for org, author, title, target_state in specs:
        proposal = Proposal.objects.filter(title=title, organisation=org).first()
        if proposal is None:
            proposal = Proposal(call=open_call, organisation=org, created_by=author, title=title)
            fill_demo_sections(proposal, org, axes)
            proposal.save()
            proposal.mrcs.set([org.territory])
            proposal.municipalities.set(org.territory.children.all()[:1])
            proposal.secondary_axes.set(axes[2:3])
            proposal.priorities.set(Priority.objects.all()[:2])
            add_demo_lines(proposal)
        proposals.append((proposal, target_state))
    return proposals


def fill_demo_sections(proposal, org, axes):
    proposal.mission = org.mission
    proposal.territory_details = "Quartiers centraux et secteurs ruraux desservis par l'organisme."
    proposal.target_population = "Personnes et familles à faible revenu, aînés isolés, jeunes adultes."
    proposal.objectives = "1. Améliorer l'accès aux biens de base.\n2. Briser l'isolement.\n3. Mobiliser les partenaires."
    proposal.problem_statement = "Le coût du panier d'épicerie a augmenté de 20 % ; l'insécurité alimentaire touche une famille sur cinq."
    proposal.expected_results = "Hausse de la fréquentation, participation citoyenne accrue, partenariats durables."
    proposal.complementarity = "Complète l'offre des banques alimentaires et des cuisines collectives existantes."
    proposal.primary_axis = axes[0]
    proposal.expected_women, proposal.expected_men, proposal.expected_other = 120, 80, 5
    proposal.gender_impact = "Les femmes cheffes de famille monoparentale sont surreprésentées parmi les personnes visées ; horaires adaptés et halte-garderie prévus."
    proposal.start_date = date.today() + timedelta(days=120)
    proposal.end_date = proposal.start_date + timedelta(days=540)


def add_demo_lines(proposal):
    Partner.objects.create(proposal=proposal, name="CISSS de la Côte-Nord", kind="public",
                           role="Référence des participants et soutien clinique", in_kind_contribution=Decimal("8000"))
    BudgetLine.objects.create(proposal=proposal, category="salaries", description="Coordonnatrice de projet (2 jours/sem.)",
                              total_amount=Decimal("60000"), fund_amount=Decimal("45000"))
    BudgetLine.objects.create(proposal=proposal, category="activities", description="Animation et transport des participants",
                              total_amount=Decimal("20000"), fund_amount=Decimal("15000"))
    CoFunding.objects.create(proposal=proposal, source="Centraide Haute-Côte-Nord/Manicouagan", amount=Decimal("12000"), status="confirmed")
    CoFunding.objects.create(proposal=proposal, source="Municipalité (contribution en services)", amount=Decimal("8000"), status="pending")
    Indicator.objects.create(proposal=proposal, label="Personnes rejointes", target=Decimal("200"), unit="personnes")
    Indicator.objects.create(proposal=proposal, label="Partenaires engagés", target=Decimal("6"), unit="organismes")
    proposal.requested_amount = proposal.budget_fund_total()
    proposal.save(update_fields=["requested_amount"])


def seed(context):
    reference = load_reference()
    seed_territories()
    programs = seed_programs(reference)
    open_call, closed_call = seed_calls(programs)
    people, organisations = seed_people_and_organisations(programs)
    context.update(programs=programs, open_call=open_call, closed_call=closed_call, people=people,
                   organisations=organisations,
                   proposals=seed_proposals(open_call, closed_call, people, organisations))
