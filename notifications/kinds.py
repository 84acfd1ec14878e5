"""The registry of message kinds: label, description, documented placeholders, in-app flag.

A template (default or edited in the admin) sees ONLY the placeholders of its kind, as plain strings or
lists of strings: see notifications.rendering. Default wordings live in notifications/defaults/.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# name -> (help text shown to template editors, sample value used by the admin preview)
PLACEHOLDERS = {
    "recipient_name": (_("Nom de la personne destinataire"), "Marie Tremblay"),
    "site_url": (_("Adresse de Concerto"), "https://concerto.example.org"),
    "url": (_("Lien vers le dossier concerné"), "https://concerto.example.org/demandes/12/"),
    "program_name": (_("Nom du programme"), "Alliance pour la solidarité — Côte-Nord"),
    "call_title": (_("Titre de l'appel de projets"), "Appel de projets 2026"),
    "proposal_title": (_("Titre du projet"), "Cuisines collectives de Sept-Îles"),
    "proposal_reference": (_("Numéro de dossier"), "FQIS-2026-012"),
    "organisation_name": (_("Nom de l'organisme porteur"), "Centre d'action bénévole"),
    "actor_name": (_("Personne qui a fait l'action"), "Julie Gagnon"),
    "comment": (_("Commentaire joint à l'action"), "Merci de préciser le budget."),
    "amount": (_("Montant (déjà formaté)"), "25 000,00 $"),
    "conditions": (_("Conditions de la décision"), "Rapport d'étape à mi-parcours."),
    "report_title": (_("Nom du rapport"), "Rapport d'étape 1"),
    "due_on": (_("Date d'échéance (déjà formatée)"), "15 mars 2027"),
    "days_left": (_("Nombre de jours avant l'échéance"), "7"),
    "days_late": (_("Nombre de jours de retard"), "9"),
    "tranche_number": (_("Numéro du versement"), "2"),
    "invitation_url": (_("Lien d'acceptation de l'invitation"), "https://concerto.example.org/invitation/abc/"),
    "overdue_reports": (_("Liste des rapports en retard (une ligne chacun)"), ["Projet A — 12 jours"]),
    "pending_reviews": (_("Liste des évaluations attendues (une ligne chacune)"), ["Projet B — Luc Roy"]),
    "payable_tranches": (_("Liste des versements payables (une ligne chacun)"), ["Projet C — 10 000,00 $"]),
    "reset_url": (_("Lien pour choisir un nouveau mot de passe"),
                  "https://concerto.example.org/comptes/reset/MQ/abc-123/"),
    "validity_days": (_("Nombre de jours pendant lesquels le lien reste valable"), "3"),
    "activate_url": (_("Lien pour confirmer l'adresse courriel"),
                     "https://concerto.example.org/comptes/confirm-email/abc/"),
    "login_url": (_("Lien vers la page de connexion"), "https://concerto.example.org/comptes/login/"),
    "signup_url": (_("Lien vers la page d'inscription"), "https://concerto.example.org/comptes/signup/"),
    "email": (_("Adresse courriel concernée"), "marie@example.org"),
    "failing_count": (_("Nombre de courriels en échec"), "12"),
    "visibility": (_("Qui peut lire le message"), "Organisme et équipe"),
}

COMMON = ("recipient_name", "site_url", "url")
PROPOSAL = ("program_name", "call_title", "proposal_title", "proposal_reference", "organisation_name")
REPORT = PROPOSAL + ("report_title", "due_on")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    description: str
    placeholders: tuple
    in_app: bool = True

    @property
    def all_placeholders(self):
        return COMMON + self.placeholders


def _kind(code, label, description, placeholders, in_app=True):
    return code, Kind(code, label, description, tuple(placeholders), in_app)


KINDS = dict([
    _kind("invitation", _("Invitation à joindre un organisme"),
          _("Envoyée à une adresse courriel, avec ou sans compte."),
          ("organisation_name", "actor_name", "invitation_url"), in_app=False),
    _kind("proposal_submit", _("Accusé de réception d'une demande"), _("Au dépôt de la demande."),
          PROPOSAL + ("actor_name",)),
    # The two-stage call's letter of intent (workflow.machine: submit_intent, shortlist, decline_intent).
    _kind("proposal_submit_intent", _("Accusé de réception d'une lettre d'intention"),
          _("Au dépôt de la lettre d'intention d'un appel en deux étapes."), PROPOSAL + ("actor_name",)),
    _kind("proposal_shortlist", _("Invitation à déposer la demande complète"),
          _("La lettre d'intention est retenue : l'organisme remplit la demande complète avant la date limite."),
          PROPOSAL + ("due_on", "comment")),
    _kind("proposal_decline_intent", _("Lettre d'intention non retenue"),
          _("L'équipe ne retient pas la lettre d'intention, avec ses motifs."), PROPOSAL + ("comment",)),
    _kind("proposal_resubmit", _("Demande déposée de nouveau"), _("Après une demande de modifications."),
          PROPOSAL + ("actor_name", "comment")),
    _kind("proposal_start_analysis", _("Analyse commencée"), _("L'équipe régionale commence l'analyse."),
          PROPOSAL),
    _kind("proposal_request_changes", _("Modifications demandées"), _("L'analyste demande des changements."),
          PROPOSAL + ("comment",)),
    _kind("proposal_recommend", _("Demande recommandée"), _("Recommandée à l'instance décisionnelle."),
          PROPOSAL + ("amount", "comment")),
    _kind("proposal_do_not_recommend", _("Demande non recommandée"), _("Non recommandée par l'équipe."),
          PROPOSAL + ("comment",)),
    _kind("proposal_approve", _("Lettre de décision : financement accordé"), _("Décision favorable."),
          PROPOSAL + ("amount", "conditions", "comment")),
    _kind("proposal_decline", _("Lettre de décision : refus"), _("Décision défavorable."),
          PROPOSAL + ("comment",)),
    _kind("proposal_withdraw", _("Demande retirée"), _("L'organisme a retiré sa demande."),
          PROPOSAL + ("actor_name", "comment")),
    _kind("proposal_accept_final_report", _("Rapport final accepté : projet terminé"),
          _("Le projet passe à « rapport final accepté »."), PROPOSAL + ("comment",)),
    _kind("proposal_close", _("Dossier fermé"), _("Le dossier est fermé."), PROPOSAL + ("comment",)),
    _kind("review_assigned", _("Évaluation assignée"), _("Une demande est confiée à un évaluateur."),
          PROPOSAL + ("due_on",)),
    _kind("review_reminder", _("Rappel d'évaluation"), _("Avant l'échéance, le jour même, puis chaque semaine."),
          PROPOSAL + ("due_on", "days_left", "days_late")),
    _kind("report_reminder", _("Rappel de rapport à produire"), _("30, 7 et 1 jours avant, et le jour même."),
          REPORT + ("days_left",)),
    _kind("report_overdue", _("Rapport en retard"), _("Chaque semaine tant que le rapport n'est pas déposé."),
          REPORT + ("days_late",)),
    _kind("report_escalation", _("Rapport en retard : signalé à l'équipe"),
          _("Après le délai de grâce, copie aux analystes du programme."), REPORT + ("days_late",)),
    _kind("report_accepted", _("Rapport accepté"), _("L'analyste accepte le rapport."), REPORT + ("comment",)),
    _kind("report_returned", _("Rapport retourné pour correction"), _("L'analyste retourne le rapport."),
          REPORT + ("comment",)),
    _kind("tranche_payable", _("Versement payable"), _("Un versement peut être payé."),
          PROPOSAL + ("amount", "tranche_number", "due_on")),
    _kind("tranche_waiting", _("Versement en attente d'un rapport"),
          _("Chaque semaine, un versement échu attend l'acceptation d'un rapport."),
          PROPOSAL + ("amount", "tranche_number", "due_on", "report_title")),
    _kind("analyst_digest", _("Sommaire hebdomadaire de l'analyste"),
          _("Rapports en retard, évaluations attendues, versements payables."),
          ("program_name", "overdue_reports", "pending_reviews", "payable_tranches"), in_app=False),
    _kind("password_reset", _("Nouveau mot de passe"),
          _("Lien à usage unique demandé depuis « Mot de passe oublié »."),
          ("reset_url", "validity_days"), in_app=False),
    _kind("email_confirmation", _("Confirmation de l'adresse courriel"),
          _("À l'inscription ou à l'ajout d'une adresse : le lien la confirme."),
          ("activate_url", "email"), in_app=False),
    _kind("account_already_exists", _("Inscription avec une adresse déjà inscrite"),
          _("Quelqu'un s'inscrit avec l'adresse d'un compte existant : on l'en avertit sans le dire à l'écran."),
          ("login_url", "reset_url", "email"), in_app=False),
    _kind("unknown_account", _("Mot de passe oublié pour une adresse inconnue"),
          _("Aucun compte n'existe pour cette adresse : on le dit à son titulaire, pas à l'écran."),
          ("signup_url", "email"), in_app=False),
    _kind("join_request", _("Demande d'adhésion à un organisme"),
          _("Une personne demande à joindre l'organisme : ses membres acceptent ou refusent."),
          ("organisation_name", "actor_name", "comment")),
    _kind("join_request_approved", _("Demande d'adhésion acceptée"),
          _("Un membre a accepté la demande : la personne fait maintenant partie de l'organisme."),
          ("organisation_name", "actor_name", "comment")),
    _kind("join_request_refused", _("Demande d'adhésion refusée"),
          _("Un membre a refusé la demande d'adhésion."), ("organisation_name", "comment")),
    _kind("outbox_failing", _("Courriels en échec depuis plus d'une heure"),
          _("Aux gestionnaires du programme (aux admins pour les messages sans programme), au plus une fois "
            "par jour, quand des courriels n'ont pas pu partir depuis plus d'une heure."),
          ("program_name", "failing_count")),
    _kind("thread_message", _("Nouveau message sur une demande"),
          _("Un message de l'organisme à l'équipe, de l'équipe à l'organisme, ou entre l'équipe et l'instance "
            "de décision."), PROPOSAL + ("actor_name", "comment", "visibility")),
    _kind("thread_mention", _("Mention dans un message"),
          _("Un membre de l'équipe est mentionné (@nom) dans un message ou une note interne."),
          PROPOSAL + ("actor_name", "comment", "visibility")),
])


def get(code):
    """The kind of this code; an unknown code is a programming error, so it raises KeyError."""
    return KINDS[code]


def choices():
    return [(code, kind.label) for code, kind in KINDS.items()]
