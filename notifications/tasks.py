"""Celery tasks: thin, take ids, return quietly when there is nothing to do."""

from celery import shared_task

from . import alerts, digest, reminders, sending


@shared_task(name="notifications.send_message", bind=True, autoretry_for=sending.TRANSIENT_ERRORS,
             retry_backoff=30, retry_backoff_max=3600, retry_jitter=True, max_retries=5)
def send_message(self, message_id):
    # One row: outbox.enqueue now hands rows over in send_messages; kept for tasks queued before that.
    # A missing row claims nothing: deliver() returns False. After the last quick retry the row follows the
    # long schedule, driven by the sweep.
    return sending.deliver(message_id, final_attempt=self.request.retries >= self.max_retries)


@shared_task(name="notifications.send_messages", bind=True, autoretry_for=sending.TRANSIENT_ERRORS,
             retry_backoff=30, retry_backoff_max=3600, retry_jitter=True, max_retries=5)
def send_messages(self, message_ids):
    # Several rows in one task (outbox.enqueue): one publish per event, not one per recipient. Each row is sent
    # as send_message sends it; a transient error is raised once every row has had its turn, and the retry,
    # on send_message's schedule, finds the rows already sent no longer pending (their claim fails).
    return sending.deliver_each(message_ids, final_attempt=self.request.retries >= self.max_retries)


@shared_task(name="notifications.sweep_outbox")
def sweep_outbox():
    return sending.sweep() | {"alerts": alerts.alert_failing()}


@shared_task(name="notifications.scan_reminders")
def scan_reminders():
    return reminders.scan().summary()


@shared_task(name="notifications.send_analyst_digest")
def send_analyst_digest():
    return digest.send_weekly()
