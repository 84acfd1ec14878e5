"""API tokens: each person creates, lists and revokes their own (services taking the acting user)."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

KEY_PREFIX = "cct_"
# last_used_at is written at most this often per token: an API call must not always cost a write.
TOUCH_EVERY = timedelta(minutes=1)


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


def issue(actor, *, name, scope=ApiToken.Scope.READ):
    """A new token of `actor`; returns (token, key). The key is not stored: show it now or never."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=actor, name=name, scope=scope, prefix=key[:12],
                                        key_hash=hash_key(key))
    return token, key


def revoke(actor, token_id):
    """True when one of the actor's tokens was revoked; someone else's token is left alone."""
    if not str(token_id).isdigit():
        return False
    with transaction.atomic():
        return ApiToken.objects.filter(user=actor, pk=token_id).delete()[0] > 0


def of(user):
    return ApiToken.objects.filter(user=user)


def authenticate(key):
    """The active token with this key, or None; marks it used."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
