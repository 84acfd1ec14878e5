"""The demo's shared call: the Côte-Nord plan (PARSIS) and Réunir Réussir, a co-funder the plan's own
documents name ("Investissement de 60 000 $ (avec les fonds de Réunir Réussir)"), ask for projects on
educational success together. Organisations file one application (grants.funders); each funder decides.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from .models import Axis, Call, Program, Territory

CO_FUNDER = "RR-CN"
AXES = (
    ("RR-1", "Persévérance scolaire et réussite éducative", "School perseverance and educational success"),
    ("RR-2", "Développement global des jeunes enfants", "Early childhood development"),
    ("RR-3", "Mobilisation locale et territoriale des partenaires", "Local and territorial mobilisation"),
)


def seed_program(parsis):
    """Réunir Réussir Côte-Nord: its own envelope, axes, analysis and decision bodies; the PARSIS's period."""
    program, _ = Program.objects.update_or_create(code=CO_FUNDER.lower(), defaults={
        "name_fr": f"Réunir Réussir — Côte-Nord {parsis.starts_on.year}-{parsis.ends_on.year}",
        "name_en": f"Réunir Réussir — Côte-Nord {parsis.starts_on.year}-{parsis.ends_on.year}",
        "region": Territory.objects.get(code="region-09"), "fund": "Réunir Réussir",
        "manager_name": "Comité régional Réunir Réussir de la Côte-Nord",
        "decision_body": "Comité régional Réunir Réussir", "analysis_body": "Équipe de mobilisation régionale",
        "envelope": Decimal("60000"), "starts_on": parsis.starts_on, "ends_on": parsis.ends_on})
    for order, (code, fr, en) in enumerate(AXES, start=1):
        Axis.objects.update_or_create(program=program, code=code, defaults={
            "name_fr": fr, "name_en": en, "order": order})
    return program


def seed_calls(parsis, co_funder, attachment_types):
    """The host's call (the PARSIS) and the co-funder's, joined to it: one window, each its maximum."""
    now = timezone.now()
    host, _ = Call.objects.get_or_create(slug="appel-conjoint-reussite-educative", defaults={
        "program": parsis, "title": "Appel conjoint PARSIS et Réunir Réussir — réussite éducative",
        "opens_at": now - timedelta(days=20), "closes_at": now + timedelta(days=60), "max_amount": Decimal("50000"),
        "instructions": "Un seul dépôt pour les deux bailleurs : indiquez, à l'étape Budget, le montant demandé à "
                        "chacun. Chaque bailleur analyse et décide séparément."})
    host.required_attachment_types.set(attachment_types[:1])
    guest, _ = Call.objects.get_or_create(slug="reunir-reussir-appel-conjoint", defaults={
        "program": co_funder, "lead_call": host, "title": "Réunir Réussir — volet de l'appel conjoint",
        "opens_at": host.opens_at, "closes_at": host.closes_at, "max_amount": Decimal("25000")})
    guest.required_attachment_types.set(attachment_types[1:2])
    return {"shared": host, "shared_co_funder": guest}
