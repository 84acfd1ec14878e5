"""A call with ten questions of its own, one of every kind (and a second short text), across the form's
steps, and a step post that answers them all as an applicant would."""

from django.core.files.uploadedfile import SimpleUploadedFile

from grants.forms import steps
from grants.models import CallQuestion
from grants.services import questions as service
from tests.grants.intake_setup import PDF

CHOICE_OPTIONS = [{"value": "alimentation", "label_fr": "Alimentation", "label_en": "Food"},
                  {"value": "logement", "label_fr": "Logement", "label_en": "Housing"},
                  {"value": "transport", "label_fr": "Transport", "label_en": "Transport"}]
AUDIENCES = [{"value": "aines", "label_fr": "Aînés", "label_en": "Seniors"},
             {"value": "jeunes", "label_fr": "Jeunes", "label_en": "Youth"},
             {"value": "familles", "label_fr": "Familles", "label_en": "Families"}]

# key: (step, kind, French label, English label, required, extra content)
QUESTIONS = {
    "charity": ("projet", "short_text", "Numéro d'organisme de bienfaisance", "Charity number", True, {}),
    "website": ("projet", "short_text", "Site Web du projet", "", False, {}),
    "volunteers": ("territoire", "number", "Nombre de bénévoles engagés", "Number of volunteers", True, {}),
    "participation": ("objectifs", "long_text", "Décrivez la participation citoyenne", "Describe citizen participation",
                      True, {"max_length": 200}),
    "sector": ("axes", "choice", "Secteur principal du projet", "Main sector", True, {"options": CHOICE_OPTIONS}),
    "audiences": ("axes", "choices", "Publics visés", "Audiences", False, {"options": AUDIENCES}),
    "indigenous": ("adsplus", "yes_no", "Le projet rejoint-il des personnes autochtones ?",
                   "Does the project reach Indigenous people?", True, {}),
    "letter": ("partenaires", "file", "Lettre d'appui du partenaire principal", "Main partner's letter", True, {}),
    "own_money": ("budget", "money", "Contribution de l'organisme en argent", "Organisation's cash contribution",
                  True, {}),
    "assembly": ("echeancier", "date", "Date de l'assemblée générale", "Date of the annual meeting", False, {}),
}


def content(kind, label_fr, label_en="", required=False, **extra):
    return {"kind": kind, "label_fr": label_fr, "label_en": label_en, "help_fr": "", "help_en": "",
            "required": required, "max_length": None, "options": [], **extra}


def ten_questions(call, manager):
    """{key: CallQuestion}, added by the program's manager through the service."""
    added = {}
    for key, (step, kind, label_fr, label_en, required, extra) in QUESTIONS.items():
        added[key] = service.add_question(call, manager, step=step,
                                          content=content(kind, label_fr, label_en, required, **extra))
    return added


def field(question):
    return f"question_{question.pk}"


# What the applicant types, per question key: the posted value.
TYPED = {"charity": "12345 6789 RR0001", "website": "https://exemple.org", "volunteers": "1 200",
         "participation": "Des comités de citoyens\npilotent les activités.", "sector": "logement",
         "audiences": ["aines", "familles"], "indigenous": "1", "own_money": "12 500,50", "assembly": "2027-06-15"}


def letter():
    return SimpleUploadedFile("lettre-appui.pdf", PDF, content_type="application/pdf")


def post_step(client, proposal, step, questions, values, *, extra=None):
    """Save one step of the form with its section fields unchanged and `values` {key: posted value}."""
    form, _formsets = steps.build(steps.BY_SLUG[step], proposal)
    data = {"version": proposal.version, "stay": "1"}
    if form is not None:
        for bound in form:
            value = bound.value()
            if value is None:
                continue
            data[bound.html_name] = [str(item) for item in value] if isinstance(value, list) else value
    for formset in _formsets:
        data.update({f"{formset.prefix}-TOTAL_FORMS": "0", f"{formset.prefix}-INITIAL_FORMS": "0"})
    for key, value in values.items():
        data[field(questions[key])] = value
    data.update(extra or {})
    return client.post(f"/demandes/{proposal.pk}/etapes/{step}/", data)


def answer_everything(client, proposal, questions):
    """Every question answered, step by step, as the applicant's browser posts them."""
    by_step = {}
    for key, question in questions.items():
        by_step.setdefault(question.step, {})[key] = letter() if key == "letter" else TYPED.get(key)
    for step, values in by_step.items():
        proposal.refresh_from_db()
        response = post_step(client, proposal, step, questions, {k: v for k, v in values.items() if v is not None})
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    proposal.refresh_from_db()
    return proposal


def reload(questions):
    return {key: CallQuestion.objects.select_related("current").get(pk=question.pk)
            for key, question in questions.items()}


def answered_question(proposal, text):
    """A short-text question of the proposal's call, answered with `text` (set up without the form)."""
    from grants.models import Answer, QuestionVersion

    question = CallQuestion.objects.create(call_id=proposal.call_id, step="projet", order=1)
    question.current = QuestionVersion.objects.create(question=question, number=1, kind="short_text",
                                                      label_fr=f"Question de {text}")
    question.save(update_fields=["current"])
    return Answer.objects.create(proposal=proposal, question=question, version=question.current, text=text)
