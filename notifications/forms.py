"""The outbox page's filters, shared by the list and the "resend every failed message" action."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import OutboxMessage

# Beyond the row states: messages given up on (a person must look), and those the outbox is still retrying.
ATTENTION, RETRYING = "attention", "retrying"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OutboxFilter(forms.Form):
    state = forms.ChoiceField(label=_("État"), required=False, choices=[
        ("", _("Tous")), (ATTENTION, _("À traiter")), (RETRYING, _("En reprise automatique")),
        *OutboxMessage.State.choices])
    kind = forms.ChoiceField(label=_("Type de message"), required=False,
                             choices=[("", _("Tous les types")), *kinds.choices()])
    created_from = forms.DateField(label=_("Créé à partir du"), required=False, widget=DATE)
    created_to = forms.DateField(label=_("Créé jusqu'au"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("created_from"), data.get("created_to")
        if start and end and start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."), code="date_range")
        return data

    def filters(self):
        """kind and creation bounds (aware datetimes, the end day included) of a valid form."""
        data = self.cleaned_data
        return {"kind": data.get("kind") or "", "created_from": _start_of(data.get("created_from")),
                "created_before": _start_of(data["created_to"] + timedelta(days=1)) if data.get("created_to")
                else None}


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None
