"""One factory per model, shared by every test module."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accountability import models as accountability_models
from grants import models
from grants.services.accounts import mark_email_verified


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Territory
        django_get_or_create = ("code",)

    kind = "mrc"
    name = factory.Sequence(lambda n: f"MRC {n}")
    code = factory.Sequence(lambda n: f"territory-{n}")
    parent = None


class RegionFactory(TerritoryFactory):
    kind = "region"
    name = factory.Sequence(lambda n: f"Région {n}")


class MrcFactory(TerritoryFactory):
    kind = "mrc"
    parent = factory.SubFactory(RegionFactory)


class MunicipalityFactory(TerritoryFactory):
    kind = "municipality"
    name = factory.Sequence(lambda n: f"Municipalité {n}")
    parent = factory.SubFactory(MrcFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="fr_CA")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            if extracted is not False:  # save_password=False: an address still to be verified
                mark_email_verified(obj)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Program

    code = factory.Sequence(lambda n: f"program-{n}")
    name_fr = factory.Sequence(lambda n: f"Plan d'action régional {n}")
    name_en = factory.Sequence(lambda n: f"Regional action plan {n}")
    region = factory.SubFactory(RegionFactory)
    decision_body = "Conseil d'administration de la CRE"
    analysis_body = "Équipe régionale de soutien"
    envelope = Decimal("2600000")
    starts_on = date(2024, 4, 1)
    ends_on = date(2028, 3, 31)


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Axis

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"AXE-{n}")
    name_fr = factory.Sequence(lambda n: f"Axe {n} : améliorer les conditions de vie")
    order = factory.Sequence(lambda n: n)


class LocalPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LocalPlan

    code = factory.Sequence(lambda n: f"plan-{n}")
    name = factory.Sequence(lambda n: f"Plan d'action local {n}")


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Priority

    local_plan = factory.SubFactory(LocalPlanFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Enjeu {n} : répondre aux besoins de base")


class AttachmentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AttachmentType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"type-{n}")
    name_fr = factory.Sequence(lambda n: f"Pièce {n}")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Call

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Appel de projets {n}")
    slug = factory.Sequence(lambda n: f"appel-{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    max_amount = Decimal("100000")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    legal_name = factory.Sequence(lambda n: f"Organisme communautaire {n}")
    neq = factory.Sequence(lambda n: f"{1140000000 + n}")
    kind = "obnl"
    territory = factory.SubFactory(MrcFactory)
    mission = "Lutter contre la pauvreté et l'exclusion sociale."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ProgramRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProgramRole

    user = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    role = "analyst"


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft with every text section filled; add lines and attachments as the test needs."""

    class Meta:
        model = models.Proposal

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Projet solidaire {n}")
    mission = "Soutenir les familles à faible revenu."
    project_lead_name = "Julie Bérubé"
    contact_name = "Julie Bérubé"
    contact_email = "julie.berube@example.org"
    territory_details = "Secteur centre."
    target_population = "Familles à faible revenu."
    objectives = "Briser l'isolement ; améliorer l'accès à l'alimentation."
    problem_statement = "Insécurité alimentaire croissante."
    expected_results = "200 personnes rejointes."
    concerns = "Le transport vers les services reste difficile hors des centres."
    complementarity = "Complète l'offre existante."
    gender_impact = "Horaires adaptés aux mères monoparentales."
    expected_women = 60
    expected_men = 40
    expected_other = 2
    start_date = factory.LazyFunction(lambda: date.today() + timedelta(days=60))
    end_date = factory.LazyFunction(lambda: date.today() + timedelta(days=400))


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Partner

    proposal = factory.SubFactory(ProposalFactory)
    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = "community"
    role = "Recrutement des participants"
    cash_contribution = Decimal("1000")
    in_kind_contribution = Decimal("500")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BudgetLine

    proposal = factory.SubFactory(ProposalFactory)
    category = "salaries"
    description = "Coordination"
    total_amount = Decimal("30000")
    fund_amount = Decimal("20000")


class CoFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CoFunding

    proposal = factory.SubFactory(ProposalFactory)
    source = "Centraide"
    amount = Decimal("5000")
    status = "confirmed"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    proposal = factory.SubFactory(ProposalFactory)
    label = "Personnes rejointes"
    target = Decimal("200")
    unit = "personnes"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attachment

    proposal = factory.SubFactory(ProposalFactory)
    kind = factory.SubFactory(AttachmentTypeFactory)
    file = factory.django.FileField(filename="resolution.pdf", data=b"%PDF-1.4\n%test\n")
    original_name = "résolution du CA.pdf"
    content_type = "application/pdf"
    size = 15


# --- Accountability (agreements, tranches, reports) ---------------------------------------------------


class PaymentTemplateLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accountability_models.PaymentTemplateLine

    call = factory.SubFactory(CallFactory)
    order = factory.Sequence(lambda n: n + 1)
    percent = Decimal("100")
    condition = "at_signature"


class ReportTemplateLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accountability_models.ReportTemplateLine

    call = factory.SubFactory(CallFactory)
    kind = "final"
    days_after_end = 60


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement without tranches or reports; accountability.agreements.create_for_funded builds the full one."""

    class Meta:
        model = accountability_models.Agreement

    proposal = factory.SubFactory(ProposalFactory)
    amount_granted = Decimal("50000")
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=200))
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=165))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accountability_models.Report

    agreement = factory.SubFactory(AgreementFactory)
    kind = "interim"
    order = factory.Sequence(lambda n: n + 1)
    due_on = factory.LazyFunction(lambda: date.today() + timedelta(days=10))


class PaymentTrancheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accountability_models.PaymentTranche

    agreement = factory.SubFactory(AgreementFactory)
    order = factory.Sequence(lambda n: n + 1)
    amount = Decimal("25000")
    condition = "at_signature"
    due_on = factory.LazyFunction(date.today)


class ReportIndicatorResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accountability_models.ReportIndicatorResult

    report = factory.SubFactory(ReportFactory)
    indicator = factory.SubFactory(IndicatorFactory, proposal=factory.SelfAttribute("..report.agreement.proposal"))
    actual = Decimal("150")


class ReportSpendingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accountability_models.ReportSpending

    report = factory.SubFactory(ReportFactory)
    budget_line = factory.SubFactory(BudgetLineFactory,
                                     proposal=factory.SelfAttribute("..report.agreement.proposal"))
    spent = Decimal("12000")


class ReportAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accountability_models.ReportAttachment

    report = factory.SubFactory(ReportFactory)
    file = factory.django.FileField(filename="bilan.pdf", data=b"%PDF-1.4\n%test\n")
    original_name = "bilan financier.pdf"
    content_type = "application/pdf"
    size = 15


# --- scoring (rubrics, assignments, reviews) ---
from scoring import models as scoring_models  # noqa: E402


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.Rubric

    call = factory.SubFactory(CallFactory)
    version = factory.Sequence(lambda n: n + 1)
    title = "Grille d'analyse"


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.Criterion

    rubric = factory.SubFactory(RubricFactory)
    section = "feasibility"
    label = factory.Sequence(lambda n: f"Critère {n}")
    weight = Decimal("1")
    scale_max = 5
    order = factory.Sequence(lambda n: n)


class ReviewerAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.ReviewerAssignment

    proposal = factory.SubFactory(ProposalFactory)
    reviewer = factory.SubFactory(UserFactory)
    state = "pending"


class ConflictDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.ConflictDeclaration

    assignment = factory.SubFactory(ReviewerAssignmentFactory, state="active")
    has_conflict = False


class DeclaredTieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.DeclaredTie

    reviewer = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    note = "Siège au conseil d'administration"


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.Review

    assignment = factory.SubFactory(ReviewerAssignmentFactory, state="active")
    proposal = factory.SelfAttribute("assignment.proposal")
    reviewer = factory.SelfAttribute("assignment.reviewer")
    rubric = factory.SubFactory(RubricFactory, call=factory.SelfAttribute("..proposal.call"))


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.Score

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory, rubric=factory.SelfAttribute("..review.rubric"))
    value = Decimal("3")


# --- Funding scenarios, board meetings and decisions (scoring-decisions) ---------------------------


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.Scenario

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Scénario {n}")
    envelope = Decimal("100000")


class ScenarioConstraintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.ScenarioConstraint

    scenario = factory.SubFactory(ScenarioFactory)
    dimension = "mrc"
    territory = factory.SubFactory(MrcFactory)
    floor = Decimal("10000")


class ScenarioResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.ScenarioResult

    scenario = factory.SubFactory(ScenarioFactory)
    proposal = factory.SubFactory(ProposalFactory, call=factory.SelfAttribute("..scenario.call"))
    rank = factory.Sequence(lambda n: n + 1)
    score = 75.0
    requested = Decimal("20000")


class BoardMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.BoardMeeting

    program = factory.SubFactory(ProgramFactory)
    date = factory.LazyFunction(lambda: date.today() + timedelta(days=14))
    title = factory.Sequence(lambda n: f"Séance du conseil no {n}")
    place = "Baie-Comeau"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = scoring_models.Decision

    meeting = factory.SubFactory(BoardMeetingFactory)
    proposal = factory.SubFactory(ProposalFactory, call__program=factory.SelfAttribute("...meeting.program"))
    outcome = "approved"
    amount_granted = Decimal("20000")
    resolution_number = factory.Sequence(lambda n: f"CA-2025-{n:03d}")
    recorded_by = factory.SubFactory(UserFactory)


# --- notifications (appended by the notifications engineer) ---
from notifications import models as notification_models  # noqa: E402


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = notification_models.OutboxMessage

    kind = "proposal_submit"
    recipient = factory.SubFactory(UserFactory)
    to_email = factory.SelfAttribute("recipient.email")
    language = "fr"
    context = factory.LazyFunction(lambda: {"proposal_title": "Projet solidaire", "recipient_name": "Marie"})


class MessageTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = notification_models.MessageTemplate

    kind = "proposal_submit"
    language = "fr"
    subject = "Reçu : {{ proposal_title }}"
    body_text = "Bonjour {{ recipient_name }}, merci pour {{ proposal_title }}."
