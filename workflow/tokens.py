"""API tokens: each person creates or revokes their own (services taking the acting user)."""

from django.db import transaction
from rest_framework.authtoken.models import Token


def issue_token(user):
    """A fresh token; any previous one stops working at once."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def revoke_token(user):
    return Token.objects.filter(user=user).delete()[0] > 0


def token_of(user):
    return Token.objects.filter(user=user).first()
