"""Matching from the banks (seed 003, stage 5) and the preferences named after the group meeting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from people.forms import add_service_error
from programs import matching_service, selectors, services
from programs.forms import PreferenceForm, person_label
from programs.models import PairMember, Program
from programs.views.shared import confirm_page, crumbs, curator_only, form_page, keepers_only, program_context

REJECTED_SESSION_KEY = "matching_rejected"


def _rejected(request, program: Program) -> dict[int, int]:
    """Proposals the curator turned down in this session: mentee id → mentor id."""
    stored = request.session.get(REJECTED_SESSION_KEY, {}).get(str(program.pk), {})
    return {int(mentee_id): int(mentor_id) for mentee_id, mentor_id in stored.items()}


def _store_rejected(request, program: Program, rejected: dict[int, int]) -> None:
    everything = request.session.get(REJECTED_SESSION_KEY, {})
    everything[str(program.pk)] = {str(mentee_id): mentor_id for mentee_id, mentor_id in rejected.items()}
    request.session[REJECTED_SESSION_KEY] = everything


def _int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("Участник не найден") from None


@keepers_only
@require_GET
def matching(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    rejected = _rejected(request, program)
    pool = matching_service.matching_pool(program, exclude_mentee_ids=rejected)
    context = program_context(
        request,
        program,
        "matching",
        pool=pool,
        page=matching_service.matching_page(pool),
        rejected=matching_service.rejected_pairs(program, rejected),
        accepts=program.status != Program.Status.COMPLETED,
    )
    return render(request, "programs/matching.html", context)


def _accept(request, program: Program, mentor_id: int, mentee_id: int) -> None:
    try:
        pair = matching_service.proposal_accept(program=program, mentor_id=mentor_id, mentee_id=mentee_id)
    except ValidationError as error:
        messages.error(request, "Пара не сформирована: " + " ".join(error.messages))
    else:
        people = {member.role: member.person for member in pair.members.select_related("person")}
        mentor, mentee = people[PairMember.Role.MENTOR], people[PairMember.Role.MENTEE]
        messages.success(request, f"{pair} сформирована: {mentor.full_name} — {mentee.full_name}.")


@curator_only
@require_POST
def matching_accept(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    _accept(request, program, _int_or_404(request.POST.get("mentor")), _int_or_404(request.POST.get("mentee")))
    return redirect("programs:program-matching", program.pk)


@curator_only
@require_POST
def matching_reject(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    rejected = _rejected(request, program)
    rejected[_int_or_404(request.POST.get("mentee"))] = _int_or_404(request.POST.get("mentor"))
    _store_rejected(request, program, rejected)
    messages.info(request, "Предложение отклонено и скрыто до конца сеанса.")
    return redirect("programs:program-matching", program.pk)


@curator_only
@require_POST
def matching_restore(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    _store_rejected(request, program, {})
    return redirect("programs:program-matching", program.pk)


@curator_only
@require_GET
def matching_change(request, pk, mentee_id):
    program = selectors.program_get_visible(request.user, pk)
    pool = matching_service.matching_pool(program)
    mentee = pool.mentee(mentee_id)
    if mentee is None:
        raise Http404("Наставляемый не ожидает подбора")
    context = program_context(
        request,
        program,
        "matching",
        mentee=pool.people[mentee_id],
        candidate=mentee,
        options=matching_service.mentor_options(pool, mentee_id),
    )
    return render(request, "programs/matching_change.html", context)


@curator_only
def matching_accept_all(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    pool = matching_service.matching_pool(program, exclude_mentee_ids=_rejected(request, program))
    proposal = matching_service.pool_proposal(pool)
    matching_url = reverse("programs:program-matching", args=[program.pk])
    if request.method == "POST":
        created, refused = matching_service.proposal_accept_all(program=program, proposed=proposal.pairs)
        if created:
            messages.success(request, f"Сформировано пар: {len(created)}.")
        for refusal in refused:
            messages.error(
                request,
                f"{refusal.proposed.mentor.name} — {refusal.proposed.mentee.name}: " + " ".join(refusal.messages),
            )
        return redirect(matching_url)
    return confirm_page(
        request,
        title="Принять все предложенные пары?",
        message=f"Будут сформированы пары ({len(proposal.pairs)}); каждая проверяется по всем правилам подбора. "
        "Пары утвердит приказ руководителя.",
        submit_label="Принять все",
        cancel_url=matching_url,
        breadcrumbs=crumbs(program, ("Подбор", matching_url), ("Принять все", None)),
        items=[f"{item.mentor.name} — {item.mentee.name} ({item.form.name})" for item in proposal.pairs],
    )


# --- Preferences after the group meeting ---------------------------------------------------------


@keepers_only
@require_GET
def preferences(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    pool = matching_service.matching_pool(program)
    mentee_rows, mentor_rows = matching_service.preference_rows(pool, selectors.program_preferences(program))
    context = program_context(request, program, "preferences", mentee_rows=mentee_rows, mentor_rows=mentor_rows)
    return render(request, "programs/preferences.html", context)


@curator_only
def preference_edit(request, pk, side, person_id):
    program = selectors.program_get_visible(request.user, pk)
    pool = matching_service.matching_pool(program)
    if side == "mentee" and pool.mentee(person_id) is not None:
        options = matching_service.mentor_options_for_preferences(pool, person_id)
        whom = "наставников"
    elif side == "mentor" and pool.mentor(person_id) is not None:
        options = matching_service.mentee_options(pool, person_id)
        whom = "наставляемых"
    else:
        raise Http404("Участник не участвует в подборе")
    chooser = pool.people[person_id]
    current = selectors.program_preferences(program).get(person_id, [])
    initial = {f"choice_{preference.rank}": preference.chosen_id for preference in current}
    form = PreferenceForm(
        request.POST or None,
        initial=initial,
        options=[(option.person_id, person_label(pool.people[option.person_id])) for option in options],
    )
    preferences_url = reverse("programs:program-preferences", args=[program.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(
                program=program, chooser=chooser, ranked_people=[pool.people[pid] for pid in form.ranked_ids]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Предпочтения участника {chooser.full_name} сохранены.")
            return redirect(preferences_url)
    return form_page(
        request,
        form,
        title=f"Предпочтения: {chooser.full_name}",
        intro=f"Кого из {whom} участник назвал после групповой встречи — до трёх, в порядке предпочтения.",
        cancel_url=preferences_url,
        breadcrumbs=crumbs(program, ("Предпочтения", preferences_url), (chooser.short_name, None)),
    )
