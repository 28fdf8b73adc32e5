"""The people tables render in Python what the templates render elsewhere: the same markup, fewer template calls."""

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django_tables2 import RequestConfig

from people import selectors
from people.models import Person
from people.selectors import ConsentState
from people.tables import ConsentMissingTable, PersonTable, consent_badge, marks_badges
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 7)


def _normalized(html: str) -> str:
    """The markup without the whitespace between tags, which the browser does not show."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


@pytest.mark.parametrize("state", [state.value for state in ConsentState])
@pytest.mark.parametrize("short", [True, False])
@pytest.mark.parametrize("dates", [(None, None), (DAY, DAY)])
def test_the_consent_badge_is_the_markup_of_its_template(state, short, dates):
    revoked_on, valid_until = dates
    template = render_to_string(
        "people/_consent_badge.html",
        {"state": state, "revoked_on": revoked_on, "valid_until": valid_until, "short": short},
    )
    assert _normalized(consent_badge(state, revoked_on, valid_until, short=short)) == _normalized(template)


@pytest.mark.parametrize(
    "flags", [(False, False, False), (True, False, True), (True, True, True), (False, True, False)]
)
def test_the_marks_are_the_markup_of_their_template(flags):
    person = Person(is_gifted=flags[0], has_disability=flags[1], is_at_risk=flags[2])
    template = render_to_string("people/_marks.html", {"person": person})
    assert _normalized(marks_badges(person)) == _normalized(template)
    assert str(marks_badges(person)).count("sensitive-mark") == sum(flags)


def _render(table_class, queryset, template_name, query, user, **kwargs):
    request = RequestFactory().get("/people/", query)
    request.user = user
    table = table_class(queryset, template_name=template_name, **kwargs)
    RequestConfig(request, paginate={"per_page": 3}).configure(table)
    return render_to_string("includes/table.html", {"table": table}, request=request)


@pytest.mark.parametrize("query", [{}, {"sort": "-birth_date", "page": "2"}, {"q": "нет-такого"}])
def test_the_lean_table_template_shows_what_the_bootstrap_one_shows(organization, curator, query):
    PersonFactory(organization=organization, last_name="Архивов", is_archived=True, is_gifted=True)
    for number in range(7):
        PersonFactory(organization=organization, birth_date=dt.date(2010, 1, number + 1), is_at_risk=number % 2 == 0)
    queryset = selectors.people_list_for(curator)
    if "q" in query:
        queryset = queryset.filter(last_name=query["q"])

    lean = _render(PersonTable, queryset, "django_tables2/lean.html", query, curator)
    bootstrap = _render(PersonTable, queryset, "django_tables2/bootstrap5-responsive.html", query, curator)

    assert _normalized(lean) == _normalized(bootstrap)
    if "q" in query:
        assert "Никого не найдено. Измените условия поиска." in lean
    else:
        assert 'class="pagination' in lean and lean.count("<tr class=") == 3
    if not query:  # the first page in name order: the archived person's link carries the badge
        assert "в архиве</span></a>" in lean


def test_the_consent_missing_table_links_each_row_like_the_template_did(organization, curator):
    person = PersonFactory(organization=organization)
    queryset = selectors.people_without_valid_consent(curator)

    html = _render(ConsentMissingTable, queryset, "django_tables2/lean.html", {}, curator)

    assert f'<a href="{person.get_absolute_url()}">{person.full_name}</a>' in html
    assert f'href="{reverse("people:consent-create", args=[person.pk])}">Внести согласие</a>' in html
    assert _normalized(html) == _normalized(
        _render(ConsentMissingTable, queryset, "django_tables2/bootstrap5-responsive.html", {}, curator)
    )
