"""The home page: one panel for each role the user holds; the health check."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from mentorship import datacache
from mentorship.academic_year import AcademicYear
from monitoring.indicators import indicators_compute
from monitoring.selectors import open_invitations_for
from people import selectors as people_selectors
from people.roles import Role
from programs import selectors as programs_selectors
from programs.orders import orders_to_sign

# The sections of the home page, by role, in the order of user.roles.
SECTIONS = {
    Role.CURATOR: "home/_curator.html",
    Role.PRINCIPAL: "home/_principal.html",
    Role.MENTOR: "home/_mentor.html",
    Role.ADMINISTRATOR: "home/_administrator.html",
}
KEEPERS = (Role.CURATOR, Role.PRINCIPAL)


@login_required
def home(request):
    """Show the sections of the user's roles; a user with no role sees only how to get one.

    The curator's and the principal's sections (the school's figures) and the mentor's (his pairs) are
    rendered once per version of the school's data (mentorship.datacache) and served as HTML after that.
    """
    user = request.user
    roles = user.roles
    academic_year = AcademicYear.current()
    context = {"roles": roles, "academic_year": academic_year}
    if not roles:
        return render(request, "home/no_role.html", context)
    sections = {}
    keepers = [role for role in roles if role in KEEPERS]
    if keepers:
        sections.update(
            datacache.cached(
                "home-keepers",
                [user.organization_id],
                lambda: _keeper_sections(user, keepers, academic_year),
                *(keepers, academic_year.start_year, timezone.localdate()),  # the roles decide, not the person
            )
        )
    if Role.MENTOR in roles:
        sections[Role.MENTOR] = datacache.cached(
            "home-mentor",
            [user.organization_id],
            lambda: _mentor_section(user),
            # by the hour: an invitation's link expires at a given time, not only at a write
            *(user.pk, user.person_id, timezone.localtime().strftime("%Y-%m-%d %H")),
        )
    if Role.ADMINISTRATOR in roles:  # the accounts are not part of the school's data version: live
        sections[Role.ADMINISTRATOR] = render_to_string(
            SECTIONS[Role.ADMINISTRATOR],
            {
                "headcounts": datacache.cached(
                    "headcounts",
                    [user.organization_id],
                    lambda: people_selectors.organization_headcounts(user.organization_id),
                    timezone.localdate(),
                ),
                "user_counts": people_selectors.user_counts_by_role(user.organization_id),
            },
        )
    context["sections"] = [sections[role] for role in roles if role in sections]
    return render(request, "home/index.html", context)


def _keeper_sections(user, keepers, academic_year) -> dict:
    """The curator's and the principal's sections as HTML: headcounts, programs, indicators, orders."""
    context = {
        "user": user,
        "academic_year": academic_year,
        "headcounts": people_selectors.organization_headcounts(user.organization_id),
        "programs_home": programs_selectors.programs_home(user),
    }
    if Role.PRINCIPAL in keepers:
        context["indicators"] = indicators_compute(organization_ids=[user.organization_id], year=academic_year)
        context["orders_to_sign"] = orders_to_sign(user)
    return {role: render_to_string(SECTIONS[role], context) for role in keepers}


def _mentor_section(user) -> str:
    """The mentor's section as HTML: his pairs, the meetings to log, the plan's tasks, his questionnaires."""
    context = {
        "user": user,
        "mentor_person": user.person,
        "mentor_home": programs_selectors.mentor_home(user),
        "mentor_questionnaires": open_invitations_for(user),
    }
    return render_to_string(SECTIONS[Role.MENTOR], context)


def health(request):
    """«ok» without touching the database or the session: for a monitor, and the load test's baseline."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
