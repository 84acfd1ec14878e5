from .notification import Notification
from .outbox import OutboxMessage
from .reminder import ReminderClaim
from .template import MessageTemplate

__all__ = ["MessageTemplate", "Notification", "OutboxMessage", "ReminderClaim"]
