"""The mentor's workspace: his pairs and groups, a pair's page, meetings and the development plan.

Only mentors open these pages; every pair, goal and task is fetched through the mentor's own pairs,
so another pair's id answers 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mentorship import datacache
from mentorship.access import role_required
from people import personal_data
from people.forms import add_service_error
from people.roles import Role
from programs import selectors, services
from programs.mentor_forms import MeetingForm, PlanGoalForm, PlanTaskForm, PlanTaskStatusForm


def _editable_pair(request, pair_id):
    """The mentor's own pair (404 otherwise) that still takes records (403 once closed).

    A form page (GET) reads it once per version of the school's data and per day (mentorship.datacache); a
    POST, which writes, reads it afresh. A 404 raised inside the computation is never cached."""
    user = request.user
    if request.method == "GET":
        pair = datacache.cached(
            "mentor-form-pair",
            [user.organization_id],
            lambda: selectors.mentor_pair_for_form(user, pair_id),
            *(user.pk, user.person_id, datacache.roles_part(user), pair_id, timezone.localdate()),
        )
    else:
        pair = selectors.mentor_pair_for_form(user, pair_id)
    if not selectors.mentor_can_edit(pair):
        raise PermissionDenied(f"{pair} закрыта: встречи и план развития больше не меняются.")
    return pair


def _form_page(request, *, pair, form, title, submit_label, intro="", template="programs/mentor/form_page.html"):
    context = {"pair": pair, "form": form, "title": title, "submit_label": submit_label, "intro": intro}
    return render(request, template, context)


def _service_call(form, service, /, **kwargs):
    """Run a service; when it refuses, show its Russian message on the form and return None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_error(form, error)
        return None


@role_required(Role.MENTOR)
def my_pairs(request):
    user = request.user
    # His pairs as HTML, once per version of the school's data and per day (mentorship.datacache).
    pairs_html = datacache.cached(
        "my-pairs",
        [user.organization_id],
        lambda: render_to_string("programs/mentor/_pair_list.html", {"pairs": selectors.mentor_pairs(user)}),
        *(user.pk, user.person_id, timezone.localdate()),
    )
    return render(request, "programs/mentor/pair_list.html", {"pairs_html": pairs_html})


@role_required(Role.MENTOR)
def my_pair(request, pair_id):
    user = request.user

    def compute():
        pair = selectors.mentor_pair_get(user, pair_id)  # 404 for anybody else's pair: never cached
        return {
            "pair": pair,
            "meetings": list(personal_data.meetings_for_mentor(selectors.pair_meetings(pair), pair.withdrawn_ids)),
            "goals": list(personal_data.plan_goals_for_mentor(selectors.pair_plan_goals(pair), pair.withdrawn_ids)),
            "can_edit": selectors.mentor_can_edit(pair),
        }

    # The pair's data, once per version of the school's data and per day (mentorship.datacache); the page
    # itself, with its forms' CSRF tokens, is rendered for each request.
    context = datacache.cached(
        "my-pair", [user.organization_id], compute, *(user.pk, user.person_id, pair_id, timezone.localdate())
    )
    return render(request, "programs/mentor/pair_detail.html", context)


@role_required(Role.MENTOR)
def meeting_new(request, pair_id):
    pair = _editable_pair(request, pair_id)
    form = MeetingForm(request.POST or None, pair=pair)
    personal_data.form_drop_withdrawn(form, pair.withdrawn_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = _service_call(
            form,
            services.meeting_log,
            pair=pair,
            kind=data["kind"],
            held_on=data["held_on"],
            format=data["format"],
            topic=data["topic"],
            notes=data["notes"],
            attendee_ids=data["attendees"],
            logged_by=request.user,
        )
        if meeting is not None:
            messages.success(request, f"Встреча {meeting.held_on:%d.%m.%Y} «{meeting.topic}» записана.")
            return redirect("programs:my-pair", pair.pk)
    return _form_page(
        request,
        pair=pair,
        form=form,
        title="Записать встречу",
        submit_label="Записать встречу",
        template="programs/mentor/meeting_form.html",
    )


@role_required(Role.MENTOR)
def plan_goal_new(request, pair_id):
    pair = _editable_pair(request, pair_id)
    form = PlanGoalForm(request.POST or None, pair=pair)
    personal_data.form_drop_withdrawn(form, pair.withdrawn_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        goal = _service_call(
            form,
            services.plan_goal_add,
            pair=pair,
            mentee=data["mentee"],
            title=data["title"],
            description=data["description"],
        )
        if goal is not None:
            messages.success(request, f"Цель «{goal.title}» добавлена в план развития.")
            return redirect("programs:my-pair", pair.pk)
    intro = "Цель индивидуального плана развития наставляемого; задачи к ней добавите на странице пары."
    return _form_page(
        request, pair=pair, form=form, title="Новая цель плана развития", submit_label="Добавить цель", intro=intro
    )


@role_required(Role.MENTOR)
def plan_task_new(request, pair_id, goal_id):
    pair = _editable_pair(request, pair_id)
    goal = selectors.pair_plan_goal_get(pair, goal_id)
    if goal.mentee_id in pair.withdrawn_ids:
        raise Http404("Цель не найдена")
    form = PlanTaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        task = _service_call(form, services.plan_task_add, goal=goal, title=data["title"], deadline=data["deadline"])
        if task is not None:
            messages.success(request, f"Задача «{task.title}» добавлена.")
            return redirect("programs:my-pair", pair.pk)
    intro = f"Цель «{goal.title}» — {goal.mentee.full_name}."
    return _form_page(
        request, pair=pair, form=form, title="Новая задача плана развития", submit_label="Добавить задачу", intro=intro
    )


@role_required(Role.MENTOR)
def plan_task_status(request, pair_id, task_id):
    pair = _editable_pair(request, pair_id)
    task = selectors.pair_plan_task_get(pair, task_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = PlanTaskStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Выберите статус задачи из списка.")
    else:
        try:
            task = services.plan_task_set_status(task=task, status=form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Задача «{task.title}»: {task.get_status_display()}.")
    return redirect(f"{reverse('programs:my-pair', args=[pair.pk])}#plan")
