"""Celery tasks: thin, take ids, return quietly when there is nothing to do."""

from celery import shared_task

from . import alerts, digest, reminders, sending


@shared_task(name="notifications.send_message", bind=True, autoretry_for=sending.TRANSIENT_ERRORS,
             retry_backoff=30, retry_backoff_max=3600, retry_jitter=True, max_retries=5)
def send_message(self, message_id):
    # A missing row claims nothing: deliver() returns False. After the last quick retry the row follows the
    # long schedule, driven by the sweep.
    return sending.deliver(message_id, final_attempt=self.request.retries >= self.max_retries)


@shared_task(name="notifications.sweep_outbox")
def sweep_outbox():
    return sending.sweep() | {"alerts": alerts.alert_failing()}


@shared_task(name="notifications.scan_reminders")
def scan_reminders():
    return reminders.scan().summary()


@shared_task(name="notifications.send_analyst_digest")
def send_analyst_digest():
    return digest.send_weekly()
