"""A program manager's pages for a call's own questions, and the download of a file answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, access_log
from core.errors import Refusal
from grants import selectors
from grants.answers import STEP_ORDER, STEP_TITLES
from grants.forms.question_content import LibraryChoiceForm, QuestionContentForm
from grants.models import Answer, Call, CallQuestion
from grants.services import questions as service


def _managed_call(user, call_pk):
    """The call, if the person manages its program: 404 for another program's manager, else 403."""
    call = get_object_or_404(Call.objects.select_related("program"), pk=call_pk)
    if user.has_perm("grants.manage_call_questions", call):
        return call
    if access.program_ids_with_role(user, access.MANAGER):
        raise Http404
    raise PermissionDenied


def _question(call, pk):
    return get_object_or_404(CallQuestion.objects.select_related("current", "call"), pk=pk, call=call)


@login_required
def calls(request):
    """The calls of the programs the person manages, each with its number of questions."""
    if not request.user.has_perm("grants.manage_questions"):
        raise PermissionDenied
    found = Call.objects.select_related("program").annotate(question_count=Count("questions")).order_by(
        "-opens_at", "pk")
    if not access.is_admin(request.user):
        found = found.filter(program_id__in=access.program_ids_with_role(request.user, access.MANAGER))
    return render(request, "grants/questions/calls.html", {"calls": found[:200]})


def _page(request, call, *, form=None, library_form=None, status=200):
    questions = sorted(
        CallQuestion.objects.filter(call=call).select_related("current").annotate(answer_count=Count("answers")),
        key=lambda question: (question.retired_at is not None, STEP_ORDER.get(question.step, 99), question.order,
                              question.pk))
    return render(request, "grants/questions/manage.html", {
        "call": call, "questions": questions, "step_titles": STEP_TITLES,
        "form": form or QuestionContentForm(), "library_form": library_form or LibraryChoiceForm(call=call),
    }, status=status)


@login_required
def manage(request, call_pk):
    call = _managed_call(request.user, call_pk)
    if request.method != "POST":
        return _page(request, call)
    form = QuestionContentForm(request.POST)
    if not form.is_valid():
        return _page(request, call, form=form, status=400)
    try:
        question = service.add_question(call, request.user, step=form.cleaned_data["step"], content=form.content(),
                                        stage=form.cleaned_data["stage"])
        if request.POST.get("to_library"):
            service.save_to_library(question, request.user)
    except Refusal as refusal:
        form.add_error(None, refusal.message)
        return _page(request, call, form=form, status=400)
    messages.success(request, _("Question ajoutée au formulaire de l'appel."))
    return redirect("call_questions", call_pk=call.pk)


@login_required
@require_POST
def from_library(request, call_pk):
    call = _managed_call(request.user, call_pk)
    library_form = LibraryChoiceForm(request.POST, call=call)
    if not library_form.is_valid():
        return _page(request, call, library_form=library_form, status=400)
    service.add_from_library(call, request.user, library_form.cleaned_data["library_question"],
                             step=library_form.cleaned_data["step"], stage=library_form.cleaned_data["stage"])
    messages.success(request, _("Question de la bibliothèque ajoutée au formulaire de l'appel."))
    return redirect("call_questions", call_pk=call.pk)


@login_required
def edit(request, call_pk, pk):
    call = _managed_call(request.user, call_pk)
    question = _question(call, pk)
    answered = Answer.objects.filter(version_id=question.current_id).exists()
    form = QuestionContentForm(request.POST or None, initial=QuestionContentForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            _saved, added = service.change_question(question, request.user, content=form.content(),
                                                    step=form.cleaned_data["step"],
                                                    stage=form.cleaned_data["stage"])
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Question modifiée : nouvelle version. Les réponses déjà données restent "
                                        "liées au libellé auquel elles répondaient.") if added
                             else _("Question modifiée."))
            return redirect("call_questions", call_pk=call.pk)
    return render(request, "grants/questions/edit.html", {
        "call": call, "question": question, "form": form, "answered": answered,
        "versions": question.versions.order_by("-number"),
    }, status=400 if form.is_bound else 200)


@login_required
@require_POST
def retire(request, call_pk, pk):
    call = _managed_call(request.user, call_pk)
    question = _question(call, pk)
    if request.POST.get("restore"):
        service.restore_question(question, request.user)
        messages.success(request, _("Question remise dans le formulaire."))
    elif service.retire_question(question, request.user) is None:
        messages.success(request, _("Question supprimée : aucune demande n'y avait répondu."))
    else:
        messages.success(request, _("Question retirée du formulaire ; les réponses déjà données sont conservées."))
    return redirect("call_questions", call_pk=call.pk)


@login_required
def answer_download(request, pk, answer_pk):
    """A file answer, for whoever may read the proposal (as its attachments)."""
    proposal = selectors.proposal_for_viewer(request.user, pk)
    answer = get_object_or_404(Answer, pk=answer_pk, proposal=proposal)
    if not answer.file:
        raise Http404
    access_log.record(request.user, answer, proposal.call.program_id, access_log.What.ATTACHMENT)
    response = FileResponse(answer.file.open("rb"), as_attachment=True, filename=answer.file_name,
                            content_type=answer.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
