from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import Message
from grants.services.thread import MAX_LENGTH
from grants.uploads import ALLOWED_LABEL, CONTENT_TYPES, check_upload


class MessageForm(forms.Form):
    """A new message: who may read it (among the visibilities the person may give), its text, one file."""

    visibility = forms.ChoiceField(label=_("Qui pourra lire ce message ?"), widget=forms.RadioSelect)
    body = forms.CharField(label=_("Message"), max_length=MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("Fichier (facultatif)"), required=False)

    def __init__(self, *args, visibilities, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Message.Visibility.choices)
        self.fields["visibility"].choices = [(name, labels[name]) for name in visibilities]
        # An internal note by default: a slip then stays within the team, never reaches the organisation.
        default = Message.Visibility.STAFF if Message.Visibility.STAFF in visibilities else visibilities[0]
        self.fields["visibility"].initial = default
        if len(visibilities) == 1:
            self.fields["visibility"].widget = forms.HiddenInput()
        self.fields["file"].widget.attrs["accept"] = ",".join(CONTENT_TYPES)
        self.fields["file"].help_text = _("Formats permis : %(formats)s.") % {"formats": ALLOWED_LABEL}

    @property
    def has_choice(self):
        return not isinstance(self.fields["visibility"].widget, forms.HiddenInput)

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            check_upload(uploaded)
        return uploaded
