from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import AttachmentType
from grants.uploads import ALLOWED_LABEL, CONTENT_TYPES, check_upload


class AttachmentForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Type de document"), queryset=AttachmentType.objects.none(),
                                  empty_label=None)
    file = forms.FileField(label=_("Fichier"))

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        required = list(call.required_attachment_types.all())
        others = list(AttachmentType.objects.exclude(pk__in=[kind.pk for kind in required]))
        self.fields["kind"].queryset = AttachmentType.objects.all()
        # Required types first, marked as such; then every other type the platform knows.
        self.fields["kind"].choices = [(kind.pk, _("%(name)s (exigée)") % {"name": kind.name}) for kind in required] + [
            (kind.pk, kind.name) for kind in others]
        self.fields["file"].widget.attrs["accept"] = ",".join(CONTENT_TYPES)
        self.fields["file"].help_text = _("Formats permis : %(formats)s.") % {"formats": ALLOWED_LABEL}

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_upload(uploaded)
        return uploaded
