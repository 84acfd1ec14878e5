"""PROVISIONAL stub: the accountability issue builds the outbox behind this function.

queue() is called inside the transaction of the event that causes the message; it writes outbox rows
that are sent after commit. It must never send anything itself.
"""


def queue(*, kind, recipients, context=None, obj=None, occurrence=""):
    return []
