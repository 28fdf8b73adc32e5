"""The home page: one panel for each role the user holds; the health check."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from mentorship.academic_year import AcademicYear
from monitoring.indicators import indicators_compute
from monitoring.selectors import open_invitations_for
from people import selectors as people_selectors
from people.roles import Role
from programs import selectors as programs_selectors
from programs.orders import orders_to_sign


@login_required
def home(request):
    """Show the panels of the user's roles; a user with no role sees only how to get one."""
    user = request.user
    roles = user.roles
    context = {"roles": roles, "academic_year": AcademicYear.current()}
    if not roles:
        return render(request, "home/no_role.html", context)
    if {Role.CURATOR, Role.PRINCIPAL, Role.ADMINISTRATOR} & set(roles):
        context["headcounts"] = people_selectors.organization_headcounts(user.organization_id)
    if {Role.CURATOR, Role.PRINCIPAL} & set(roles):
        context["programs_home"] = programs_selectors.programs_home(user)
    if Role.PRINCIPAL in roles:
        context["indicators"] = indicators_compute(
            organization_ids=[user.organization_id], year=context["academic_year"]
        )
        context["orders_to_sign"] = orders_to_sign(user)
    if Role.ADMINISTRATOR in roles:
        context["user_counts"] = people_selectors.user_counts_by_role(user.organization_id)
    if Role.MENTOR in roles:
        context["mentor_person"] = user.person
        context["mentor_home"] = programs_selectors.mentor_home(user)
        context["mentor_questionnaires"] = open_invitations_for(user)
    return render(request, "home/index.html", context)


def health(request):
    """«ok» without touching the database or the session: for a monitor, and the load test's baseline."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
