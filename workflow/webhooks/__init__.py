"""Webhooks for integrators: a transactional outbox of signed HTTP POSTs.

A program manager registers an HTTPS endpoint; Concerto generates its secret (shown once). Proposal
transitions, decisions and report acceptances write a WebhookEvent and one WebhookDelivery per active
subscribed endpoint in the transaction of the change itself (events.py), so a rolled-back change sends
nothing and a committed one is never lost, even with the broker down. After commit a Celery task per
delivery is enqueued (workflow.tasks); a periodic sweep enqueues what is due or was lost.

delivery.py sends one delivery: claimed by a conditional update (pending → sending), so two workers never
both send it and a delivered row is never sent again; failures are retried with backoff, then "failed".
Receivers still deduplicate on the Concerto-Event-Id header: a worker killed between the POST and the
"delivered" update leaves the row "sending", and the sweep retries it (at least once in that one case).
"""
