"""Demo step of `seed_demo`: move the demo proposals to their target state through the service.

Idempotent: proposals already past draft are left alone. Required attachments are added first (small
generated PDFs, through the intake's attachment service), as an applicant would.
"""

import logging
from collections import deque

from django.core.files.uploadedfile import SimpleUploadedFile

from grants.services.attachments import add_attachment
from grants.states import State

from . import services
from .errors import TransitionRefused
from .machine import ANALYST, APPLICANT, BOARD, MANAGER, TRANSITIONS

log = logging.getLogger(__name__)

DEMO_COMMENT = "Commentaire de démonstration."


def seed(context):
    people = context["people"]
    moved = []
    for proposal, target in context.get("proposals", []):
        if proposal.state != State.DRAFT or target == State.DRAFT:
            continue
        applicant = _member(proposal, people)
        _attach_required(proposal, applicant)
        actors = {APPLICANT: applicant, ANALYST: people["analyst"], BOARD: people["board"],
                  MANAGER: people["manager"]}
        try:
            for spec in path_to(target):
                data = {"amount_granted": proposal.requested_amount} if spec.name == "approve" else {}
                comment = DEMO_COMMENT if spec.comment_required else ""
                proposal = services.transition(proposal, spec.name, actors[spec.role], comment=comment, **data)
        except TransitionRefused as refusal:
            log.warning("Demo proposal %s stays %s: %s", proposal.pk, proposal.state, refusal.message)
            continue
        moved.append(proposal)
    # One proposal the analyst has already taken up, so the queue shows an assigned analyst.
    submitted = [proposal for proposal in moved if proposal.state == State.SUBMITTED]
    if submitted:
        services.transition(submitted[0], "start_analysis", people["analyst"])


def path_to(target):
    """The shortest sequence of transitions from draft to the target state (breadth-first)."""
    paths = {State.DRAFT: []}
    todo = deque([State.DRAFT])
    while todo:
        state = todo.popleft()
        for spec in TRANSITIONS:
            if state in spec.sources and spec.target not in paths:
                paths[spec.target] = [*paths[state], spec]
                todo.append(spec.target)
    return paths[target]


def _member(proposal, people):
    for person in people.values():
        if person.memberships.filter(organisation_id=proposal.organisation_id).exists():
            return person
    return proposal.created_by


def _attach_required(proposal, applicant):
    present = set(proposal.attachments.values_list("kind_id", flat=True))
    for kind in proposal.call.required_attachment_types.exclude(pk__in=present):
        data = demo_pdf(f"{kind.name_fr} - {proposal.title}")
        upload = SimpleUploadedFile(f"{kind.code}.pdf", data, content_type="application/pdf")
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
