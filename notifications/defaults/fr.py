"""Default French wordings: (subject, plain-text body) per kind. The HTML body is derived from the text."""

HELLO = "Bonjour {{ recipient_name }},\n\n"
FILE = "Projet : {{ proposal_title }}{% if proposal_reference %} ({{ proposal_reference }}){% endif %}\n" \
       "Organisme : {{ organisation_name }}\nProgramme : {{ program_name }}\n"
COMMENT = "{% if comment %}\nCommentaire :\n{{ comment }}\n{% endif %}"
REPORT = "Rapport : {{ report_title }}, échéance le {{ due_on }}\n" + FILE

MESSAGES = {
    "invitation": (
        "Invitation à joindre {{ organisation_name }} dans Concerto",
        "Bonjour,\n\n{{ actor_name }} vous invite à joindre l'équipe de {{ organisation_name }} dans Concerto, "
        "la plateforme de dépôt des demandes du FQIS.\n\nPour accepter l'invitation :\n{{ invitation_url }}\n",
    ),
    "proposal_submit": (
        "Accusé de réception : {{ proposal_title }}",
        HELLO + "Nous avons bien reçu votre demande. L'équipe régionale de soutien l'analysera sous peu.\n\n"
        + FILE,
    ),
    "proposal_submit_intent": (
        "Lettre d'intention reçue : {{ proposal_title }}",
        HELLO + "Nous avons bien reçu votre lettre d'intention. L'équipe régionale de soutien l'examinera et "
        "vous dira si vous êtes invité à déposer la demande complète.\n\n" + FILE,
    ),
    "proposal_shortlist": (
        "Invitation à déposer la demande complète : {{ proposal_title }}",
        HELLO + "Votre lettre d'intention est retenue. Vous êtes invité à remplir la demande complète, déjà "
        "préremplie à partir de votre lettre{% if due_on %}, et à la déposer au plus tard le {{ due_on }}"
        "{% endif %}.\n\n" + FILE + COMMENT,
    ),
    "proposal_decline_intent": (
        "Lettre d'intention non retenue : {{ proposal_title }}",
        HELLO + "Nous regrettons de vous informer que votre lettre d'intention n'est pas retenue pour la "
        "demande complète.\n\n" + FILE + COMMENT,
    ),
    "proposal_resubmit": (
        "Demande déposée de nouveau : {{ proposal_title }}",
        HELLO + "La demande modifiée a été déposée de nouveau.\n\n" + FILE + COMMENT,
    ),
    "proposal_start_analysis": (
        "Analyse commencée : {{ proposal_title }}",
        HELLO + "L'équipe régionale de soutien a commencé l'analyse de votre demande.\n\n" + FILE,
    ),
    "proposal_request_changes": (
        "Modifications demandées : {{ proposal_title }}",
        HELLO + "L'équipe régionale de soutien demande des modifications à votre demande avant de "
        "poursuivre l'analyse.\n\n" + FILE + COMMENT,
    ),
    "proposal_recommend": (
        "Demande recommandée : {{ proposal_title }}",
        HELLO + "La demande est recommandée à l'instance décisionnelle"
        "{% if amount %} pour un montant de {{ amount }}{% endif %}.\n\n" + FILE + COMMENT,
    ),
    "proposal_do_not_recommend": (
        "Demande non recommandée : {{ proposal_title }}",
        HELLO + "Après analyse, l'équipe régionale de soutien ne recommande pas la demande.\n\n" + FILE + COMMENT,
    ),
    "proposal_approve": (
        "Décision : financement accordé pour {{ proposal_title }}",
        HELLO + "Nous avons le plaisir de vous informer que l'instance décisionnelle accorde une aide "
        "financière de {{ amount }} à votre projet.\n\n" + FILE
        + "{% if conditions %}\nConditions :\n{{ conditions }}\n{% endif %}" + COMMENT
        + "\nLa convention d'aide financière vous sera transmise prochainement.\n",
    ),
    "proposal_decline": (
        "Décision concernant {{ proposal_title }}",
        HELLO + "Nous regrettons de vous informer que l'instance décisionnelle n'a pas retenu votre "
        "demande.\n\n" + FILE + COMMENT,
    ),
    "proposal_withdraw": (
        "Demande retirée : {{ proposal_title }}",
        HELLO + "La demande a été retirée{% if actor_name %} par {{ actor_name }}{% endif %}.\n\n" + FILE + COMMENT,
    ),
    "proposal_accept_final_report": (
        "Rapport final accepté : {{ proposal_title }}",
        HELLO + "Le rapport final est accepté. Merci pour votre engagement auprès de la communauté.\n\n"
        + FILE + COMMENT,
    ),
    "proposal_close": (
        "Dossier fermé : {{ proposal_title }}",
        HELLO + "Le dossier est maintenant fermé.\n\n" + FILE + COMMENT,
    ),
    "review_assigned": (
        "Nouvelle évaluation : {{ proposal_title }}",
        HELLO + "Une demande vous est confiée pour évaluation{% if due_on %}, à remettre au plus tard "
        "le {{ due_on }}{% endif %}. Déclarez d'abord tout conflit d'intérêts.\n\n" + FILE,
    ),
    "review_reminder": (
        "Rappel : évaluation de {{ proposal_title }}",
        HELLO + "{% if days_late %}Votre évaluation est en retard de {{ days_late }} jour(s) "
        "(échéance : {{ due_on }}).{% elif days_left == '0' %}Votre évaluation est attendue aujourd'hui."
        "{% else %}Votre évaluation est attendue dans {{ days_left }} jour(s), le {{ due_on }}.{% endif %}\n\n"
        + FILE,
    ),
    "report_reminder": (
        "Rappel : {{ report_title }} attendu le {{ due_on }}",
        HELLO + "{% if days_left == '0' %}Votre rapport est attendu aujourd'hui.{% else %}Votre rapport est "
        "attendu dans {{ days_left }} jour(s).{% endif %}\n\n" + REPORT,
    ),
    "report_overdue": (
        "Rapport en retard : {{ report_title }}",
        HELLO + "Votre rapport est en retard de {{ days_late }} jour(s). Les versements qui en dépendent "
        "restent en attente tant qu'il n'est pas accepté.\n\n" + REPORT,
    ),
    "report_escalation": (
        "Rapport en retard signalé à l'équipe : {{ report_title }}",
        HELLO + "Le rapport est en retard de {{ days_late }} jour(s) ; l'équipe régionale de soutien en est "
        "informée et communiquera avec l'organisme.\n\n" + REPORT,
    ),
    "report_accepted": (
        "Rapport accepté : {{ report_title }}",
        HELLO + "Votre rapport est accepté.\n\n" + REPORT + COMMENT,
    ),
    "report_returned": (
        "Rapport retourné pour correction : {{ report_title }}",
        HELLO + "L'analyste vous retourne le rapport pour correction.\n\n" + REPORT + COMMENT,
    ),
    "tranche_payable": (
        "Versement {{ tranche_number }} payable : {{ proposal_title }}",
        HELLO + "Le versement {{ tranche_number }} de {{ amount }} est maintenant payable.\n\n" + FILE,
    ),
    "tranche_waiting": (
        "Versement en attente : {{ proposal_title }}",
        HELLO + "Le versement {{ tranche_number }} de {{ amount }}, prévu le {{ due_on }}, attend "
        "l'acceptation du {{ report_title|lower }}.\n\n" + FILE,
    ),
    "analyst_digest": (
        "Sommaire de la semaine — {{ program_name }}",
        HELLO + "Rapports en retard :\n{% for line in overdue_reports %}- {{ line }}\n{% empty %}- aucun\n"
        "{% endfor %}\nÉvaluations attendues :\n{% for line in pending_reviews %}- {{ line }}\n{% empty %}- aucune\n"
        "{% endfor %}\nVersements payables :\n{% for line in payable_tranches %}- {{ line }}\n{% empty %}- aucun\n"
        "{% endfor %}",
    ),
    "password_reset": (
        "Concerto : choisir un nouveau mot de passe",
        HELLO + "Vous avez demandé à choisir un nouveau mot de passe pour votre compte Concerto.\n\n"
        "Ouvrez ce lien pour le choisir :\n{{ reset_url }}\n\nLe lien ne sert qu'une fois et reste valable "
        "{{ validity_days }} jour(s).\n\nSi vous n'avez rien demandé, ignorez ce courriel : votre mot de passe "
        "actuel reste valide.\n",
    ),
    "email_confirmation": (
        "Concerto : confirmez votre adresse courriel",
        "Bonjour,\n\nPour confirmer que l'adresse {{ email }} est bien la vôtre et activer votre compte Concerto, "
        "ouvrez ce lien :\n{{ activate_url }}\n\nSi vous n'avez rien demandé, ignorez ce courriel.\n",
    ),
    "account_already_exists": (
        "Concerto : votre adresse est déjà inscrite",
        "Bonjour,\n\nQuelqu'un a tenté de s'inscrire à Concerto avec l'adresse {{ email }}, qui a déjà un "
        "compte.\n\nSi c'était vous, connectez-vous :\n{{ login_url }}\n\nMot de passe oublié ? Choisissez-en "
        "un nouveau :\n{{ reset_url }}\n\nSinon, ignorez ce courriel : votre compte ne change pas.\n",
    ),
    "unknown_account": (
        "Concerto : aucun compte pour cette adresse",
        "Bonjour,\n\nQuelqu'un a demandé un nouveau mot de passe pour l'adresse {{ email }}, mais aucun compte "
        "Concerto n'y est associé.\n\nPour créer un compte :\n{{ signup_url }}\n\nSi vous n'avez rien "
        "demandé, ignorez ce courriel.\n",
    ),
    "join_request": (
        "Demande d'adhésion à {{ organisation_name }}",
        HELLO + "{{ actor_name }} demande à joindre l'équipe de {{ organisation_name }} dans Concerto."
        "{% if comment %}\n\nSon message :\n{{ comment }}{% endif %}\n\nSi vous connaissez cette personne, "
        "acceptez sa demande depuis la page de l'organisme ; sinon, refusez-la :\n{{ url }}\n",
    ),
    "join_request_approved": (
        "Bienvenue dans {{ organisation_name }}",
        HELLO + "{{ actor_name }} a accepté votre demande : vous faites maintenant partie de "
        "{{ organisation_name }} dans Concerto et pouvez préparer ses demandes.\n\n{{ url }}\n" + COMMENT,
    ),
    "join_request_refused": (
        "Votre demande d'adhésion à {{ organisation_name }}",
        HELLO + "Votre demande pour joindre {{ organisation_name }} dans Concerto n'a pas été acceptée par ses "
        "membres.\n" + COMMENT + "\nSi vous croyez à une erreur, communiquez directement avec l'organisme, ou "
        "inscrivez votre propre organisme :\n{{ url }}\n",
    ),
    "outbox_failing": (
        "Courriels en échec depuis plus d'une heure{% if program_name %} — {{ program_name }}{% endif %}",
        HELLO + "{{ failing_count }} courriel(s){% if program_name %} du programme {{ program_name }}{% endif %} "
        "n'ont pas pu être envoyés depuis plus d'une heure. Concerto réessaie automatiquement pendant environ "
        "une journée : rien à faire si le serveur de courriel revient.\n\nLes messages en cause, et le bouton "
        "pour les renvoyer s'ils finissent en échec :\n{{ url }}\n",
    ),
    "thread_message": (
        "Nouveau message : {{ proposal_title }}",
        HELLO + "{{ actor_name }} a écrit un message sur la demande ({{ visibility }}).\n\n" + FILE
        + "\nMessage :\n{{ comment }}\n\nPour lire l'échange et répondre :\n{{ url }}\n",
    ),
    "thread_mention": (
        "{{ actor_name }} vous mentionne : {{ proposal_title }}",
        HELLO + "{{ actor_name }} vous mentionne dans un message sur la demande ({{ visibility }}).\n\n" + FILE
        + "\nMessage :\n{{ comment }}\n\nPour lire l'échange et répondre :\n{{ url }}\n",
    ),
}
