"""The demo's applications, written as an applicant would: a draft, then each step of the form, then the
required documents, all through the intake's services (grants.services.proposals and .attachments).

Idempotent: a proposal is found by its title and organisation, and created only when missing.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from . import funders
from .models import Priority, Proposal
from .services.attachments import add_attachment
from .services.proposals import create_draft, save_step

# The fund pays three quarters of the coordination and a quarter of the activities; the rest is co-funded.
SALARIES_SHARE = Decimal("0.75")
COST_PER_FUNDED_DOLLAR = Decimal("1.3")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Application:
    """What differs from one demo application to the next."""

    title: str
    summary: str  # the public summary, published once the project is funded
    amount: Decimal  # asked from the fund
    starts_on: date
    ends_on: date
    axis: int = 0  # position of the primary axis among the program's axes


def find(title, organisation):
    return Proposal.objects.filter(title=title, organisation=organisation).first()


def draft(call, organisation, author, application):
    """The applicant's complete draft: created, then filled step by step, as on the form."""
    proposal = create_draft(call, organisation, author, title=application.title)
    axes = list(call.program.axes.all())
    proposal = save_step(proposal, author, version=proposal.version, fields={
        **_texts(organisation), "public_summary": application.summary,
        "primary_axis": axes[application.axis], "start_date": application.starts_on,
        "end_date": application.ends_on}, relations={
        "mrcs": [organisation.territory], "municipalities": [organisation.municipality],
        "secondary_axes": [axis for axis in axes[2:3] if axis != axes[application.axis]],
        "priorities": list(Priority.objects.order_by("local_plan_id", "order")[:2])})
    return save_step(proposal, author, version=proposal.version, lines=_lines(application.amount))


def _texts(organisation):
    return {
        "mission": organisation.mission,
        "project_lead_name": "Julie Bérubé", "project_lead_role": "Coordonnatrice de projet",
        "contact_name": "Julie Bérubé", "contact_role": "Coordonnatrice de projet",
        "contact_email": organisation.email, "contact_phone": "418 555-0142",
        "territory_details": "Quartiers centraux et secteurs ruraux desservis par l'organisme.",
        "target_population": "Personnes et familles à faible revenu, aînés isolés, jeunes adultes.",
        "objectives": "1. Améliorer l'accès aux biens de base.\n2. Briser l'isolement.\n"
                      "3. Mobiliser les partenaires.",
        "problem_statement": "Le coût du panier d'épicerie a augmenté de 20 % ; l'insécurité alimentaire "
                             "touche une famille sur cinq.",
        "expected_results": "Hausse de la fréquentation, participation citoyenne accrue, "
                            "partenariats durables.",
        "concerns": "Le transport vers les services reste difficile hors des centres ; les personnes visées "
                    "craignent d'être étiquetées.",
        "complementarity": "Complète l'offre des banques alimentaires et des cuisines collectives.",
        "expected_women": 120, "expected_men": 80, "expected_other": 5,
        "gender_impact": "Les femmes cheffes de famille monoparentale sont surreprésentées parmi les "
                         "personnes visées ; horaires adaptés et halte-garderie prévus.",
    }


def _row(**values):
    return {"id": None, "delete": False, "values": values}


def _lines(amount):
    salaries = (amount * SALARIES_SHARE).quantize(CENT)
    activities = amount - salaries
    return {
        "partners": [
            _row(name="CISSS de la Côte-Nord", kind="public", in_kind_contribution=Decimal("8000"),
                 role="Référence des participants et soutien clinique"),
            _row(name="Municipalité", kind="municipal", role="Prêt de locaux",
                 in_kind_contribution=Decimal("8000")),
        ],
        "budget_lines": [
            _row(category="salaries", description="Coordonnatrice de projet (2 jours/sem.)",
                 fund_amount=salaries, total_amount=(salaries * COST_PER_FUNDED_DOLLAR).quantize(CENT)),
            _row(category="activities", description="Animation et transport des participants",
                 fund_amount=activities, total_amount=(activities * COST_PER_FUNDED_DOLLAR).quantize(CENT)),
        ],
        "cofundings": [
            _row(source="Centraide Haute-Côte-Nord/Manicouagan", amount=Decimal("12000"), status="confirmed"),
            _row(source="Municipalité (contribution en services)", amount=Decimal("8000"), status="pending"),
        ],
        "indicators": [
            _row(label="Personnes rejointes", target=Decimal("200"), unit="personnes"),
            _row(label="Partenaires engagés", target=Decimal("6"), unit="organismes"),
        ],
    }


def attach_required(proposal, applicant):
    """The documents the call requires (and the funders it asks, in a shared call), as small generated PDFs."""
    present = set(proposal.attachments.values_list("kind_id", flat=True))
    for kind in funders.required_documents(proposal).exclude(pk__in=present):
        upload = SimpleUploadedFile(f"{kind.code}.pdf", demo_pdf(f"{kind.name_fr} - {proposal.title}"),
                                    content_type="application/pdf")
        add_attachment(proposal, applicant, kind=kind, uploaded=upload)


def demo_pdf(title):
    """A one-page PDF whose only text is the title (ASCII-safe), with a correct cross-reference table."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
