"""Default English wordings: (subject, plain-text body) per kind. The HTML body is derived from the text."""

HELLO = "Hello {{ recipient_name }},\n\n"
FILE = "Project: {{ proposal_title }}{% if proposal_reference %} ({{ proposal_reference }}){% endif %}\n" \
       "Organisation: {{ organisation_name }}\nProgram: {{ program_name }}\n"
COMMENT = "{% if comment %}\nComment:\n{{ comment }}\n{% endif %}"
REPORT = "Report: {{ report_title }}, due on {{ due_on }}\n" + FILE

MESSAGES = {
    "invitation": (
        "Invitation to join {{ organisation_name }} on Concerto",
        "Hello,\n\n{{ actor_name }} invites you to join the team of {{ organisation_name }} on Concerto, "
        "the FQIS application platform.\n\nTo accept the invitation:\n{{ invitation_url }}\n",
    ),
    "proposal_submit": (
        "Receipt: {{ proposal_title }}",
        HELLO + "We have received your application. The regional support team will review it shortly.\n\n"
        + FILE,
    ),
    "proposal_submit_intent": (
        "Letter of intent received: {{ proposal_title }}",
        HELLO + "We have received your letter of intent. The regional support team will review it and let you "
        "know whether you are invited to submit the full application.\n\n" + FILE,
    ),
    "proposal_shortlist": (
        "Invitation to submit the full application: {{ proposal_title }}",
        HELLO + "Your letter of intent is shortlisted. You are invited to complete the full application, already "
        "filled in from your letter{% if due_on %}, and to submit it by {{ due_on }}{% endif %}.\n\n"
        + FILE + COMMENT,
    ),
    "proposal_decline_intent": (
        "Letter of intent not retained: {{ proposal_title }}",
        HELLO + "We regret to inform you that your letter of intent was not retained for a full application.\n\n"
        + FILE + COMMENT,
    ),
    "proposal_resubmit": (
        "Application resubmitted: {{ proposal_title }}",
        HELLO + "The revised application has been submitted again.\n\n" + FILE + COMMENT,
    ),
    "proposal_start_analysis": (
        "Review started: {{ proposal_title }}",
        HELLO + "The regional support team has started reviewing your application.\n\n" + FILE,
    ),
    "proposal_request_changes": (
        "Changes requested: {{ proposal_title }}",
        HELLO + "The regional support team asks for changes to your application before continuing "
        "its review.\n\n" + FILE + COMMENT,
    ),
    "proposal_recommend": (
        "Application recommended: {{ proposal_title }}",
        HELLO + "The application is recommended to the decision body"
        "{% if amount %} for an amount of {{ amount }}{% endif %}.\n\n" + FILE + COMMENT,
    ),
    "proposal_do_not_recommend": (
        "Application not recommended: {{ proposal_title }}",
        HELLO + "After review, the regional support team does not recommend the application.\n\n"
        + FILE + COMMENT,
    ),
    "proposal_approve": (
        "Decision: funding granted for {{ proposal_title }}",
        HELLO + "We are pleased to inform you that the decision body grants {{ amount }} to your project.\n\n"
        + FILE + "{% if conditions %}\nConditions:\n{{ conditions }}\n{% endif %}" + COMMENT
        + "\nThe funding agreement will be sent to you shortly.\n",
    ),
    "proposal_decline": (
        "Decision regarding {{ proposal_title }}",
        HELLO + "We regret to inform you that the decision body did not retain your application.\n\n"
        + FILE + COMMENT,
    ),
    "proposal_withdraw": (
        "Application withdrawn: {{ proposal_title }}",
        HELLO + "The application was withdrawn{% if actor_name %} by {{ actor_name }}{% endif %}.\n\n"
        + FILE + COMMENT,
    ),
    "proposal_accept_final_report": (
        "Final report accepted: {{ proposal_title }}",
        HELLO + "The final report is accepted. Thank you for your commitment to the community.\n\n"
        + FILE + COMMENT,
    ),
    "proposal_close": (
        "File closed: {{ proposal_title }}",
        HELLO + "The file is now closed.\n\n" + FILE + COMMENT,
    ),
    "review_assigned": (
        "New review: {{ proposal_title }}",
        HELLO + "An application has been assigned to you for review{% if due_on %}, due on {{ due_on }}"
        "{% endif %}. Please declare any conflict of interest first.\n\n" + FILE,
    ),
    "review_reminder": (
        "Reminder: review of {{ proposal_title }}",
        HELLO + "{% if days_late %}Your review is {{ days_late }} day(s) late (due on {{ due_on }})."
        "{% elif days_left == '0' %}Your review is due today."
        "{% else %}Your review is due in {{ days_left }} day(s), on {{ due_on }}.{% endif %}\n\n" + FILE,
    ),
    "report_reminder": (
        "Reminder: {{ report_title }} due on {{ due_on }}",
        HELLO + "{% if days_left == '0' %}Your report is due today.{% else %}Your report is due in "
        "{{ days_left }} day(s).{% endif %}\n\n" + REPORT,
    ),
    "report_overdue": (
        "Overdue report: {{ report_title }}",
        HELLO + "Your report is {{ days_late }} day(s) late. Payments that depend on it stay on hold "
        "until it is accepted.\n\n" + REPORT,
    ),
    "report_escalation": (
        "Overdue report referred to the team: {{ report_title }}",
        HELLO + "The report is {{ days_late }} day(s) late; the regional support team has been informed "
        "and will contact the organisation.\n\n" + REPORT,
    ),
    "report_accepted": (
        "Report accepted: {{ report_title }}",
        HELLO + "Your report is accepted.\n\n" + REPORT + COMMENT,
    ),
    "report_returned": (
        "Report returned for correction: {{ report_title }}",
        HELLO + "The analyst has returned the report for correction.\n\n" + REPORT + COMMENT,
    ),
    "tranche_payable": (
        "Payment {{ tranche_number }} payable: {{ proposal_title }}",
        HELLO + "Payment {{ tranche_number }} of {{ amount }} is now payable.\n\n" + FILE,
    ),
    "tranche_waiting": (
        "Payment on hold: {{ proposal_title }}",
        HELLO + "Payment {{ tranche_number }} of {{ amount }}, planned on {{ due_on }}, is waiting for "
        "the acceptance of the report: {{ report_title }}.\n\n" + FILE,
    ),
    "analyst_digest": (
        "Weekly summary — {{ program_name }}",
        HELLO + "Overdue reports:\n{% for line in overdue_reports %}- {{ line }}\n{% empty %}- none\n"
        "{% endfor %}\nReviews pending:\n{% for line in pending_reviews %}- {{ line }}\n{% empty %}- none\n"
        "{% endfor %}\nPayments payable:\n{% for line in payable_tranches %}- {{ line }}\n{% empty %}- none\n"
        "{% endfor %}",
    ),
    "password_reset": (
        "Concerto: choose a new password",
        HELLO + "You asked to choose a new password for your Concerto account.\n\n"
        "Open this link to choose it:\n{{ reset_url }}\n\nThe link works once and stays valid for "
        "{{ validity_days }} day(s).\n\nIf you did not ask for this, ignore this email: your current password "
        "still works.\n",
    ),
    "email_confirmation": (
        "Concerto: confirm your email address",
        "Hello,\n\nTo confirm that {{ email }} is your address and activate your Concerto account, open this "
        "link:\n{{ activate_url }}\n\nIf you did not ask for this, ignore this email.\n",
    ),
    "account_already_exists": (
        "Concerto: your address already has an account",
        "Hello,\n\nSomeone tried to sign up to Concerto with {{ email }}, which already has an account.\n\n"
        "If it was you, log in:\n{{ login_url }}\n\nForgot your password? Choose a new one:\n{{ reset_url }}"
        "\n\nOtherwise, ignore this email: your account does not change.\n",
    ),
    "unknown_account": (
        "Concerto: no account for this address",
        "Hello,\n\nSomeone asked for a new password for {{ email }}, but no Concerto account uses this "
        "address.\n\nTo create an account:\n{{ signup_url }}\n\nIf you did not ask for this, ignore this "
        "email.\n",
    ),
    "join_request": (
        "Request to join {{ organisation_name }}",
        HELLO + "{{ actor_name }} asks to join the team of {{ organisation_name }} in Concerto."
        "{% if comment %}\n\nTheir message:\n{{ comment }}{% endif %}\n\nIf you know this person, accept "
        "the request from the organisation's page; otherwise, refuse it:\n{{ url }}\n",
    ),
    "join_request_approved": (
        "Welcome to {{ organisation_name }}",
        HELLO + "{{ actor_name }} accepted your request: you are now part of {{ organisation_name }} in "
        "Concerto and may prepare its applications.\n\n{{ url }}\n" + COMMENT,
    ),
    "join_request_refused": (
        "Your request to join {{ organisation_name }}",
        HELLO + "Your request to join {{ organisation_name }} in Concerto was not accepted by its members.\n"
        + COMMENT + "\nIf you think this is a mistake, contact the organisation directly, or register your own "
        "organisation:\n{{ url }}\n",
    ),
    "outbox_failing": (
        "E-mails failing for more than an hour{% if program_name %} — {{ program_name }}{% endif %}",
        HELLO + "{{ failing_count }} e-mail(s){% if program_name %} of the program {{ program_name }}{% endif %} "
        "could not be sent for more than an hour. Concerto keeps retrying on its own for about a day: nothing "
        "to do if the mail server comes back.\n\nThe messages concerned, and the button to send them again "
        "if they end up failed:\n{{ url }}\n",
    ),
    "thread_message": (
        "New message: {{ proposal_title }}",
        HELLO + "{{ actor_name }} wrote a message about the application ({{ visibility }}).\n\n" + FILE
        + "\nMessage:\n{{ comment }}\n\nTo read the conversation and reply:\n{{ url }}\n",
    ),
    "thread_mention": (
        "{{ actor_name }} mentioned you: {{ proposal_title }}",
        HELLO + "{{ actor_name }} mentioned you in a message about the application ({{ visibility }}).\n\n"
        + FILE + "\nMessage:\n{{ comment }}\n\nTo read the conversation and reply:\n{{ url }}\n",
    ),
}
