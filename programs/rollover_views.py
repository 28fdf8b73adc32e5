"""The administrator's «Переход на новый учебный год»: the dry-run plan, the confirmation, the record of runs."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from mentorship.academic_year import AcademicYear
from mentorship.access import role_required
from people.roles import Role
from programs.models import Rollover
from programs.rollover import (
    RolloverError,
    apply_rollover,
    plan_rollover,
    rollover_allowed_years,
    rollover_default_year,
)


class RolloverConfirmForm(forms.Form):
    """The confirmation names the year and the plan the administrator saw (its fingerprint)."""

    year = forms.IntegerField(widget=forms.HiddenInput)
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year not in {allowed.start_year for allowed in rollover_allowed_years()}:
            raise forms.ValidationError("Перейти можно только на текущий или следующий учебный год.")
        return year


def _year_from_query(request, organization) -> AcademicYear:
    allowed = rollover_allowed_years()
    try:
        asked = AcademicYear(int(request.GET["year"]))
    except (KeyError, ValueError):
        asked = rollover_default_year(organization)
    return asked if asked in allowed else allowed[-1]


@role_required(Role.ADMINISTRATOR)
def rollover(request):
    organization = request.user.organization
    if request.method == "POST":
        form = RolloverConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Подтверждение не распознано: проверьте план и подтвердите переход ещё раз.")
            return redirect("programs:rollover")
        year = AcademicYear(form.cleaned_data["year"])
        plan = plan_rollover(organization, year)
        if plan.fingerprint() != form.cleaned_data["fingerprint"]:
            messages.warning(
                request,
                "С момента проверки данные изменились: вот обновлённый план, проверьте его и подтвердите снова.",
            )
        elif plan.can_apply:
            try:
                done = apply_rollover(plan, performed_by=request.user)
            except RolloverError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"{done} выполнен.")
                return redirect(f"{reverse('programs:rollover-history')}#rollover-{done.pk}")
        return redirect(f"{reverse('programs:rollover')}?year={year.start_year}")
    year = _year_from_query(request, organization)
    plan = plan_rollover(organization, year)
    context = {
        "plan": plan,
        "years": rollover_allowed_years(),
        "form": RolloverConfirmForm(initial={"year": year.start_year, "fingerprint": plan.fingerprint()}),
        "done": Rollover.objects.filter(organization=organization).select_related("performed_by").first(),
    }
    return render(request, "programs/rollover/plan.html", context)


@role_required(Role.ADMINISTRATOR)
def rollover_history(request):
    rollovers = Rollover.objects.filter(organization=request.user.organization).select_related("performed_by")
    return render(request, "programs/rollover/history.html", {"rollovers": rollovers})
