"""The application form, one step per page; formset rows are added/removed/pasted by htmx or a plain submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import InvalidInput
from grants import funders, selectors
from grants.completeness import missing_items
from grants.forms import steps
from grants.forms.attachments import AttachmentForm
from grants.forms.funders import FundersForm
from grants.forms.line_import import ImportProblem, added_message, read_csv, read_pasted, rows_for, with_rows
from grants.forms.lines import LINE_KINDS, budget_totals, formset_rows
from grants.forms.proposals import VersionForm
from grants.forms.questions import QuestionsForm
from grants.forms.summary import error_entries
from grants.services import line_copies
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
    shown = steps.steps_for(proposal)
    if step not in shown:
        # A step a letter of intent does not ask: nothing to save there, and its first step to fill instead.
        if request.method == "POST":
            raise Http404
        return redirect("proposal_step", pk=pk, slug=shown[0].slug)
    if request.method == "POST":
        if slug in SPECIAL_STEPS:
            return HttpResponseNotAllowed(["GET"])
        if request.POST.get("copy_rows") in step.line_kinds:
            return _copy(request, proposal, step)
        return _save(request, proposal, step)
    return render_step(request, proposal, slug)


def _row_action(request, proposal, step):
    """(changed copy of the posted data, formset prefix, what to focus) for the buttons that change rows
    without saving: add a row, remove a row, add pasted or imported rows. None for a save."""
    data = request.POST
    if "add_row" in data:
        kind = data["add_row"]
        total_key = f"{kind}-TOTAL_FORMS"
        if not data.get(total_key, "").isdigit():
            return None  # not one of this step's formsets: treat the post as a plain save
        changed = data.copy()
        index = int(changed[total_key])
        changed[total_key] = str(index + 1)
        _form, formsets = steps.build(step, proposal)
        for formset in formsets:
            if formset.prefix == kind:
                _fill_initial(formset, index, changed)
        return changed, kind, {"row": index}
    if "remove_row" in data:
        kind, _sep, index = data["remove_row"].rpartition("-")
        changed = data.copy()
        changed[f"{kind}-{index}-DELETE"] = "on"
        return changed, kind, {}
    for button in ("paste_rows", "import_rows"):
        if data.get(button) in step.line_kinds:
            return _add_many(request, proposal, step, data[button], pasted=button == "paste_rows")
    return None


def _add_many(request, proposal, step, kind, *, pasted):
    _form, formsets = steps.build(step, proposal, request.POST)
    current = next(formset for formset in formsets if formset.prefix == kind)
    try:
        if pasted:
            records = read_pasted(request.POST.get(f"{kind}-paste", ""))
        elif f"{kind}-file" in request.FILES:
            records = read_csv(request.FILES[f"{kind}-file"])
        else:
            raise ImportProblem(_("Choisissez d'abord le fichier CSV à importer."))
        rows = rows_for(LINE_KINDS[kind][0], records)
        if not rows:
            raise ImportProblem(_("Aucune ligne trouvée : copiez les lignes dans votre tableur, puis collez-les "
                                  "dans la zone prévue."))
    except ImportProblem as problem:
        return request.POST, kind, {"problem": str(problem)}
    data, _first = with_rows(request.POST, current, rows)
    return data, kind, {"notice": added_message(len(rows), current.title)}


def _fill_initial(formset, index, data):
    # A row added on the server starts with the same defaults as a blank row rendered on a GET.
    blank = formset.empty_form
    for name, field in blank.fields.items():
        value = blank.get_initial_for_field(field, name)
        if value not in (None, ""):
            data.setdefault(f"{formset.prefix}-{index}-{name}", str(value))


def _keep_focus(formset, focus):
    """Keyboard users keep their place: the new row's first field, the message about pasted rows, or the
    add button after a removal."""
    index = focus.get("row")
    if index is not None and index < len(formset.forms):
        new_row = formset.forms[index]
        first = next(iter(new_row.fields))
        new_row.fields[first].widget.attrs["autofocus"] = True
    elif "notice" in focus or "problem" in focus:
        formset.notice, formset.problem = focus.get("notice"), focus.get("problem")
    else:
        formset.focus_add = True


def _save(request, proposal, step):
    action = _row_action(request, proposal, step)
    if action is not None:
        data, kind, focus = action
        form, formsets = steps.build(step, proposal, data)
        acted_formset = next((fs for fs in formsets if fs.prefix == kind), None)
        if acted_formset is not None:
            _keep_focus(acted_formset, focus)
        if request.htmx and acted_formset is not None:
            return render(request, "grants/proposals/_formset.html", {"formset": acted_formset})
        return render_step(request, proposal, step.slug, form=form, formsets=formsets,
                           version=request.POST.get("version"),
                           question_form=QuestionsForm(data, proposal=proposal, step=step.slug))
    version_form = VersionForm(request.POST)
    form, formsets = steps.build(step, proposal, request.POST)
    # The call's own questions of this step (grants.forms.questions), saved with the step.
    questions = QuestionsForm(request.POST, request.FILES, proposal=proposal, step=step.slug)
    funders_form = _funders_form(proposal, step, request.POST)
    valid = [version_form.is_valid(), form is None or form.is_valid(), *(fs.is_valid() for fs in formsets),
             questions.is_valid(), funders_form is None or funders_form.is_valid()]
    context = {"form": form, "formsets": formsets, "version": request.POST.get("version"),
               "question_form": questions, "funders_form": funders_form}
    if all(valid):
        fields, relations = form.changes() if form else ({}, {})
        try:
            service.save_step(proposal, request.user, version=version_form.cleaned_data["version"],
                              fields=fields, relations=relations,
                              lines={fs.prefix: formset_rows(fs) for fs in formsets}, answers=questions.answers(),
                              funders=funders_form.amounts() if funders_form else None,
                              funder_axes=funders_form.axes() if funders_form else None)
        except StaleVersion as refusal:
            return render_step(request, proposal, step.slug, conflict=refusal.message, status=409, **context)
        except NotEditable as refusal:
            messages.error(request, refusal.message)
            return redirect("proposal_detail", pk=proposal.pk)
        except InvalidInput as refusal:
            return render_step(request, proposal, step.slug, errors=refusal.messages, status=400, **context)
        messages.success(request, _("Section « %(title)s » enregistrée.") % {"title": step.title})
        following = step
        if "continue" in request.POST:
            following = steps.next_step(step, steps.steps_for(proposal)) or step
        return redirect("proposal_step", pk=proposal.pk, slug=following.slug)
    return render_step(request, proposal, step.slug, status=400, has_errors=True, **context)


def _copy(request, proposal, step):
    """Add the lines of one of the organisation's earlier proposals (saved at once, then shown)."""
    kind = request.POST["copy_rows"]
    version_form = VersionForm(request.POST)
    source = request.POST.get(f"{kind}-source", "")
    if not version_form.is_valid() or not source.isdigit():
        messages.error(request, _("Choisissez la demande dont vous voulez copier les lignes."))
        return redirect("proposal_step", pk=proposal.pk, slug=step.slug)
    try:
        _saved, origin, count = line_copies.copy_lines(proposal, request.user, source_id=int(source), kind=kind,
                                                       version=version_form.cleaned_data["version"])
    except NotEditable as refusal:
        messages.error(request, refusal.message)
        return redirect("proposal_detail", pk=proposal.pk)
    except (StaleVersion, InvalidInput) as refusal:
        messages.error(request, refusal.message)
        return redirect("proposal_step", pk=proposal.pk, slug=step.slug)
    messages.success(request, ngettext(
        "%(count)d ligne copiée de « %(title)s ». Vérifiez-la et adaptez-la à ce projet.",
        "%(count)d lignes copiées de « %(title)s ». Vérifiez-les et adaptez-les à ce projet.", count)
        % {"count": count, "title": origin.title})
    return redirect("proposal_step", pk=proposal.pk, slug=step.slug)


def _funders_form(proposal, step, data=None):
    # A shared call's draft says on the budget step how much it asks from each funder.
    if step.slug != "budget" or not funders.asks_funders(proposal):
        return None
    return FundersForm(data, proposal=proposal)


def render_step(request, proposal, slug, *, status=200, form=None, formsets=None, upload_form=None, **extra):
    step = steps.BY_SLUG[slug]
    if form is None and formsets is None:
        form, formsets = steps.build(step, proposal)
    formsets = formsets or []
    question_form = extra.pop("question_form", None)
    if question_form is None and slug not in SPECIAL_STEPS:
        question_form = QuestionsForm(proposal=proposal, step=slug)
    missing = missing_items(proposal)
    shown = steps.steps_for(proposal)  # a letter of intent's steps only, in a two-stage call
    context = {
        "proposal": proposal, "step": step, "steps": shown, "next_step": steps.next_step(step, shown),
        "form": form, "formsets": formsets, "missing": missing,
        "incomplete_steps": {item.step for item in missing},
        "version": extra.pop("version", None) or proposal.version, "question_form": question_form, **extra,
    }
    if "funders_form" not in context:
        context["funders_form"] = _funders_form(proposal, step)
    if extra.get("has_errors"):
        context["error_entries"] = error_entries(form, formsets) + question_form.summary_entries()
        if context["funders_form"] is not None:
            context["error_entries"] += error_entries(context["funders_form"], [])
    if step.line_kinds:
        context["copy_sources"] = [(formset, line_copies.copy_sources(proposal, formset.prefix))
                                   for formset in formsets]
    if slug == "budget":
        context["totals"] = budget_totals(formsets)
    if slug == "pieces-jointes":
        attachments = list(proposal.attachments.select_related("kind"))
        present = {attachment.kind_id for attachment in attachments}
        context.update(
            attachments=attachments,
            required_types=[(kind, kind.pk in present) for kind in funders.required_documents(proposal)],
            upload_form=upload_form or AttachmentForm(call=proposal.call),
        )
    return render(request, "grants/proposals/step.html", context, status=status)
