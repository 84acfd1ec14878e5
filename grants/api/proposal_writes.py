"""What the API receives for a proposal, read into what grants.services.proposals takes.

The serializers read the JSON; the page's own forms (grants/forms) then check the values exactly as the
steps do: axes and priorities of the call's program, eligible MRCs, municipalities within a chosen MRC,
dates in order, amounts not negative, a budget within the call's maximum. Texts are kept as sent: the
forms strip whitespace typed in a browser, an integrator's text is stored byte for byte, except that
its line breaks are stored as LF, like the pages' (grants.api.proposals.ExactTextSerializer).
"""

from django import forms
from django.utils.translation import gettext as _
from rest_framework import serializers

from grants.forms.lines import line_formset
from grants.forms.steps import STEPS
from grants.models import Call, Organisation, Proposal

from .proposals import (
    LINE_FIELDS,
    SECTION_TEXTS,
    SECTION_VALUES,
    BudgetLineSerializer,
    CoFundingSerializer,
    ExactTextSerializer,
    IndicatorSerializer,
    PartnerSerializer,
)

SECTION_FORMS = [step.form_class for step in STEPS if step.form_class]
RELATIONS = ["mrcs", "municipalities", "priorities", "secondary_axes"]


class NewProposalSerializer(serializers.Serializer):
    call = serializers.PrimaryKeyRelatedField(queryset=Call.objects.select_related("program"))
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.select_related("territory"),
        help_text="One of your organisations: the draft is its own.")
    title = serializers.CharField(max_length=300, trim_whitespace=False)

    def validate_title(self, title):
        if not title.strip():
            raise serializers.ValidationError(self.fields["title"].error_messages["blank"])
        return title


class ProposalPatchSerializer(ExactTextSerializer):
    """Any section fields, with the version read: a write made since then is refused (409)."""

    version = serializers.IntegerField(min_value=1, help_text="The `version` of the proposal you read.")
    primary_axis = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                            help_text="An axis of the call's program.")
    mrcs = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                 help_text="MRCs (territory ids); the call's eligible ones when it names some.")
    municipalities = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                           help_text="Municipalities (territory ids) within the chosen MRCs.")
    priorities = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                       help_text="Priorities of the program's local plans.")
    secondary_axes = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                           help_text="Axes of the call's program, other than the primary one.")

    class Meta:
        model = Proposal
        fields = ["version", *SECTION_TEXTS, *SECTION_VALUES, "primary_axis", *RELATIONS]
        extra_kwargs = {name: {"required": False} for name in [*SECTION_TEXTS, *SECTION_VALUES]}


def _errors(form_errors):
    return {("non_field_errors" if name == "__all__" else name): list(messages)
            for name, messages in form_errors.items()}


def _shown(form, name):
    """A stored value as the step page shows it: a choice the step no longer offers (the organisation's
    MRC outside the call's eligible ones…) is left out of the check, as the page leaves it unchecked."""
    value, field = form[name].value(), form.fields[name]
    if isinstance(field, forms.ModelMultipleChoiceField) and value:
        value = list(field.queryset.filter(pk__in=value).values_list("pk", flat=True))
    return value


def section_changes(proposal, values):
    """(fields, relations) for save_step from the values sent, checked by the form of each step they
    belong to (with the proposal's other values of that step); a ValidationError lists the problems."""
    fields, relations, errors = {}, {}, {}
    for form_class in SECTION_FORMS:
        sent = [name for name in form_class._meta.fields if name in values]
        if not sent:
            continue
        current = form_class(proposal=proposal)
        data = {name: _shown(current, name) for name in form_class._meta.fields}
        data.update({name: values[name] for name in sent})
        form = form_class(data, proposal=proposal)
        if not form.is_valid():
            errors.update(_errors(form.errors))
            continue
        for name in sent:
            field = form.fields[name]
            target = relations if isinstance(field, forms.ModelMultipleChoiceField) else fields
            target[name] = values[name] if isinstance(field, forms.CharField) else form.cleaned_data[name]
    if errors:
        raise serializers.ValidationError(errors)
    return fields, relations


class LinesBody(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The `version` of the proposal you read.")


class PartnersBody(LinesBody):
    items = PartnerSerializer(many=True, help_text="Every partner: those left out are removed.")


class BudgetLinesBody(LinesBody):
    items = BudgetLineSerializer(many=True, help_text="Every budget line: those left out are removed.")


class CoFundingsBody(LinesBody):
    items = CoFundingSerializer(many=True, help_text="Every other funding source: those left out are removed.")


class IndicatorsBody(LinesBody):
    items = IndicatorSerializer(many=True, help_text="Every indicator: those left out are removed.")


LINE_BODIES = {"partners": PartnersBody, "budget_lines": BudgetLinesBody, "cofundings": CoFundingsBody,
               "indicators": IndicatorsBody}


def line_rows(proposal, kind, items):
    """save_step rows that make the proposal's `kind` lines exactly `items`, checked by the page's formset;
    a ValidationError lists the problems per item. Lines stay listed in the order they were added."""
    existing = list(getattr(proposal, kind).all())
    _refuse_strangers(items, {line.pk for line in existing})
    data, origin = _formset_data(kind, existing, items)
    formset = line_formset(kind, proposal, data)
    for form in formset.forms[len(existing):]:
        form.empty_permitted = False  # an item sent is never the page's untouched blank row
    if not formset.is_valid():
        raise serializers.ValidationError(_formset_errors(formset, origin))
    kept = set(origin)
    rows = [{"id": line.pk, "delete": True, "values": {}} for position, line in enumerate(existing)
            if position not in kept]
    for position, index in sorted(origin.items()):
        form = formset.forms[position]
        rows.append({"id": form.instance.pk, "delete": False, "values": {
            # A text left out (an optional partner's role) is stored empty, as the form read it.
            name: items[index].get(name, form.cleaned_data[name]) if isinstance(form.fields[name], forms.CharField)
            else form.cleaned_data[name] for name in LINE_FIELDS[kind]}})
    return rows


def _refuse_strangers(items, known):
    named, strangers = set(), {}
    for index, item in enumerate(items):
        if item.get("id") and (item["id"] not in known or item["id"] in named):
            strangers[str(index)] = {"id": [_("Ligne inconnue de cette demande, ou nommée deux fois.")]}
        named.add(item.get("id"))
    if strangers:
        raise serializers.ValidationError({"items": strangers})


def _formset_data(kind, existing, items):
    """The POST data the step page would send: the existing lines (those not in `items` marked deleted),
    then the new ones; and {form position: item index}."""
    by_id = {item["id"]: index for index, item in enumerate(items) if item.get("id")}
    added = [index for index, item in enumerate(items) if not item.get("id")]
    data = {f"{kind}-TOTAL_FORMS": str(len(existing) + len(added)), f"{kind}-INITIAL_FORMS": str(len(existing))}
    origin = {}
    for position, line in enumerate(existing):
        data[f"{kind}-{position}-id"] = str(line.pk)
        if line.pk in by_id:
            origin[position] = by_id[line.pk]
        else:
            data[f"{kind}-{position}-DELETE"] = "on"
    origin.update(enumerate(added, start=len(existing)))
    for position, index in origin.items():
        data.update({f"{kind}-{position}-{name}": items[index].get(name) for name in LINE_FIELDS[kind]})
    return data, origin


def _formset_errors(formset, origin):
    """As DRF spells a list's errors: {"items": {"<index>": {field: [messages]}}} for the items in error."""
    per_item = {str(index): _errors(formset.forms[position].errors) for position, index in sorted(
        origin.items(), key=lambda pair: pair[1]) if formset.forms[position].errors}
    errors = {"items": per_item} if per_item else {}
    if formset.non_form_errors():
        errors["non_field_errors"] = list(formset.non_form_errors())
    return errors
