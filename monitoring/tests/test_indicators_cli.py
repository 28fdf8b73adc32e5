"""The command line: ``indicators`` prints the figures (table or JSON); ``generate_scale_data`` fills
and removes a load-test municipality."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from monitoring.indicators import indicators_compute
from monitoring.management.commands.generate_scale_data import SCHOOL_PREFIX
from monitoring.models import Answer, Response
from monitoring.tests.test_dashboard_support import TWELVE, YEAR, build_school
from people.models import Organization, Person
from people.tests.factories import OrganizationFactory, PersonFactory
from programs.models import Pair, PairMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(organization):
    return build_school(organization)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_table_prints_the_numbers_in_russian(school):
    output = run("indicators", "--year", "2025", "--organization", str(school.organization.pk))
    assert "Целевые показатели, 2025/2026 учебный год: " + school.organization.short_name in output
    line = next(line for line in output.splitlines() if line.startswith("Доля обучающихся ОО"))
    assert line.split()[-5:] == ["70,0", "25,0", "-45,0", "1", "4"]
    young = next(line for line in output.splitlines() if line.startswith("Доля учителей"))
    assert young.split()[-5:] == ["70,0", "100,0", "+30,0", "1", "1"]
    satisfaction = next(
        line for line in output.splitlines() if line.startswith("Уровень удовлетворённости наставляемых")
    )
    assert satisfaction.split()[-5:] == ["85,0", "88,9", "+3,9", "1", "1"]


def test_json_is_valid_and_carries_every_figure(school):
    data = json.loads(run("indicators", "--year", "2025/2026", "--organization", str(school.organization.pk), "--json"))
    assert data["year"] == "2025/2026" and data["organizations"] == [school.organization.pk]
    by_code = {item["code"]: item for item in data["indicators"]}
    assert len(by_code) == 8
    assert by_code["pupils_general"] == {
        "code": "pupils_general",
        "title": "Доля обучающихся ОО, вовлечённых в различные формы сопровождения и наставничества, %",
        "plan": 70.0,
        "fact": 25.0,
        "deviation": -45.0,
        "numerator": 1,
        "denominator": 4,
    }
    assert by_code["students_vocational"]["fact"] is None


def test_without_organization_all_organizations_count_together(school):
    other = OrganizationFactory(short_name="Вторая")
    PersonFactory.create_batch(4, organization=other, birth_date=TWELVE)
    data = json.loads(run("indicators", "--year", "2025", "--json"))
    assert data["organizations"] == "all"
    pupils = next(item for item in data["indicators"] if item["code"] == "pupils_general")
    assert (pupils["numerator"], pupils["denominator"], pupils["fact"]) == (1, 8, 12.5)
    assert "все организации (2)" in run("indicators", "--year", "2025")


def test_an_unknown_organization_or_year_is_an_error(school):
    with pytest.raises(CommandError, match="Нет организации с id 999999"):
        run("indicators", "--year", "2025", "--organization", "999999")
    with pytest.raises(CommandError, match="Не удалось прочитать учебный год"):
        run("indicators", "--year", "двадцать пятый")


# --- generate_scale_data -------------------------------------------------------------------------

SMALL = ["--schools", "3", "--pupils", "300", "--staff", "45", "--pairs", "90", "--responses", "120", "--seed", "5"]


@override_settings(DEBUG=False)
def test_generator_refuses_without_debug_or_force():
    with pytest.raises(CommandError, match="DEBUG"):
        run("generate_scale_data", *SMALL)
    assert not Organization.objects.exists()


@override_settings(DEBUG=True)
def test_generator_fills_a_municipality_and_deletes_it():
    keep = OrganizationFactory(short_name="Настоящая школа")
    PersonFactory(organization=keep)
    output = run("generate_scale_data", *SMALL)
    schools = Organization.objects.filter(short_name__startswith=SCHOOL_PREFIX)
    assert schools.count() == 3 and "3 школ" in output
    people = Person.objects.filter(organization__in=schools)
    assert people.filter(category__in=("pupil", "student")).count() == 300
    assert people.filter(category="teacher").count() == 45
    pairs = Pair.objects.filter(program__organization__in=schools)
    assert pairs.count() == 90
    assert pairs.filter(status__in=Pair.COUNTED_STATUSES).count() >= 70  # mostly counted
    assert PairMember.objects.filter(pair__in=pairs).count() >= 180
    assert Response.objects.filter(respondent__organization__in=schools).count() == 120
    assert Answer.objects.filter(response__respondent__organization__in=schools).exists()
    values = {
        v.indicator.code: v
        for v in indicators_compute(
            organization_ids=list(schools.values_list("pk", flat=True)), year=YEAR.__class__.current()
        )
    }
    assert values["pupils_general"].numerator > 0 or values["pupils_additional"].numerator > 0
    assert values["satisfaction_mentees"].fact is not None

    run("generate_scale_data", "--delete")
    assert not Organization.objects.filter(short_name__startswith=SCHOOL_PREFIX).exists()
    assert Organization.objects.filter(pk=keep.pk).exists() and Person.objects.filter(organization=keep).count() == 1
