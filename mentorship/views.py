"""The home page: one panel for each role the user holds."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mentorship.academic_year import AcademicYear
from people import selectors as people_selectors
from people.roles import Role


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
    if Role.ADMINISTRATOR in roles:
        context["user_counts"] = people_selectors.user_counts_by_role(user.organization_id)
    if Role.MENTOR in roles:
        context["mentor_person"] = user.person
    return render(request, "home/index.html", context)
