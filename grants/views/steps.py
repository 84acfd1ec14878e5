"""The application form, one step per page; formset rows are added/removed by htmx or a plain submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from grants import selectors
from grants.completeness import missing_items
from grants.forms import steps
from grants.forms.attachments import AttachmentForm
from grants.forms.lines import formset_rows
from grants.forms.proposals import VersionForm
from grants.services import proposals as service
from grants.services.errors import NotEditable, StaleVersion

SPECIAL_STEPS = {"pieces-jointes", "verification"}


@login_required
def edit_step(request, pk, slug):
    try:
        proposal = selectors.proposal_for_member(request.user, pk)
    except PermissionDenied:
        # Program staff may read a proposal but never fill its form: sent to the read-only page, and a
        # write is refused.
        if request.method == "POST":
            raise
        return redirect("proposal_detail", pk=pk)
    step = steps.BY_SLUG.get(slug)
    if step is None:
        raise Http404
    if not proposal.is_editable_by_applicant:
        # The read-only page says why; nothing is saved, even from a form left open before submission.
        if request.method == "POST":
            raise PermissionDenied
        return redirect("proposal_detail", pk=pk)
    if request.method == "POST":
        if slug in SPECIAL_STEPS:
            return HttpResponseNotAllowed(["GET"])
        return _save(request, proposal, step)
    return render_step(request, proposal, slug)


def _row_action(data):
    """Apply an 'add a row' or 'remove this row' button to a copy of the posted data; None otherwise."""
    if "add_row" in data:
        kind = data["add_row"]
        total_key = f"{kind}-TOTAL_FORMS"
        if not data.get(total_key, "").isdigit():
            return None, None  # not one of this step's formsets: treat the post as a plain save
        changed = data.copy()
        index = int(changed[total_key])
        changed[total_key] = str(index + 1)
        return changed, (kind, index)
    if "remove_row" in data:
        kind, _sep, index = data["remove_row"].rpartition("-")
        changed = data.copy()
        changed[f"{kind}-{index}-DELETE"] = "on"
        return changed, (kind, None)
    return None, None


def _fill_initial(formset, index, data):
    # A row added on the server starts with the same defaults as a blank row rendered on a GET.
    blank = formset.empty_form
    for name, field in blank.fields.items():
        value = blank.get_initial_for_field(field, name)
        if value not in (None, ""):
            data.setdefault(f"{formset.prefix}-{index}-{name}", str(value))


def _keep_focus(formset, added_index):
    """Keyboard users keep their place: the new row's first field, or the add button after a removal."""
    if added_index is not None and added_index < len(formset.forms):
        new_row = formset.forms[added_index]
        first = next(iter(new_row.fields))
        new_row.fields[first].widget.attrs["autofocus"] = True
    else:
        formset.focus_add = True


def _save(request, proposal, step):
    data, acted = _row_action(request.POST)
    if data is not None:
        kind, added_index = acted
        if added_index is not None:
            _form, formsets = steps.build(step, proposal)
            for formset in formsets:
                if formset.prefix == kind:
                    _fill_initial(formset, added_index, data)
        form, formsets = steps.build(step, proposal, data)
        acted_formset = next((fs for fs in formsets if fs.prefix == kind), None)
        if acted_formset is not None:
            _keep_focus(acted_formset, added_index)
        if request.htmx and acted_formset is not None:
            return render(request, "grants/proposals/_formset.html", {"formset": acted_formset})
        return render_step(request, proposal, step.slug, form=form, formsets=formsets,
                           version=request.POST.get("version"))
    version_form = VersionForm(request.POST)
    form, formsets = steps.build(step, proposal, request.POST)
    valid = [version_form.is_valid(), form is None or form.is_valid(), *(fs.is_valid() for fs in formsets)]
    context = {"form": form, "formsets": formsets, "version": request.POST.get("version")}
    if all(valid):
        fields, relations = form.changes() if form else ({}, {})
        try:
            service.save_step(proposal, request.user, version=version_form.cleaned_data["version"],
                              fields=fields, relations=relations,
                              lines={fs.prefix: formset_rows(fs) for fs in formsets})
        except StaleVersion as refusal:
            return render_step(request, proposal, step.slug, conflict=refusal.message, status=409, **context)
        except NotEditable as refusal:
            messages.error(request, refusal.message)
            return redirect("proposal_detail", pk=proposal.pk)
        except InvalidInput as refusal:
            return render_step(request, proposal, step.slug, errors=refusal.messages, status=400, **context)
        messages.success(request, _("Section « %(title)s » enregistrée.") % {"title": step.title})
        following = steps.next_step(step) if "continue" in request.POST else step
        return redirect("proposal_step", pk=proposal.pk, slug=following.slug)
    return render_step(request, proposal, step.slug, status=400, has_errors=True, **context)


def render_step(request, proposal, slug, *, status=200, form=None, formsets=None, upload_form=None, **extra):
    step = steps.BY_SLUG[slug]
    if form is None and formsets is None:
        form, formsets = steps.build(step, proposal)
    missing = missing_items(proposal)
    context = {
        "proposal": proposal, "step": step, "steps": steps.STEPS, "next_step": steps.next_step(step),
        "form": form, "formsets": formsets or [], "missing": missing,
        "incomplete_steps": {item.step for item in missing},
        "version": extra.pop("version", None) or proposal.version, **extra,
    }
    if slug == "pieces-jointes":
        attachments = list(proposal.attachments.select_related("kind"))
        present = {attachment.kind_id for attachment in attachments}
        context.update(
            attachments=attachments,
            required_types=[(kind, kind.pk in present) for kind in proposal.call.required_attachment_types.all()],
            upload_form=upload_form or AttachmentForm(call=proposal.call),
        )
    return render(request, "grants/proposals/step.html", context, status=status)
