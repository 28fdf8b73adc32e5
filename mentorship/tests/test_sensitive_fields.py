"""Issue 7, item 2: the ОВЗ / группа риска / одарённый marks and the consent scans never reach a role not
allowed to see them — in any page, export or document.

Who may see them: health (ОВЗ) and risk marks — the curator and the principal only (DOMAIN, STYLE §2);
giftedness goes with them (people.selectors.can_see_sensitive_marks); a consent scan — the roles that keep
the consents, curator and principal (people:consent-scan). The administrator imports rosters, and no roster
carries a mark (people.importing.columns), so he sees none either; mentors never do.

Every URL of the access matrix that answers 200 to one of those roles (its EXPECTED entry, which
test_access_matrix holds to the truth) is fetched by that role and the response read as text — HTML, every
cell of every xlsx sheet, PDF text (pypdf), each member of a zip, CSV/JSON — so a new URL is scanned without
a line here. The Django admin site, where the administrator is staff, is scanned model by model. The markers
are proved first: the curator does find them where they belong.

Leaks this test found and that were fixed: the administrator saw the marks and the consents' health data in
a person's «История изменений» (people.audit.person_history now hides them), got them with the scans in
«Выгрузить все данные» (people.personal_data.person_data_export leaves them out for him), and saw the mark
checkboxes, the health-data filter and the scan's file name in the admin site (people.admin).
"""

import io

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse

from mentorship.tests.sensitive_support import (
    build_sensitive_world,
    content_text,
    findings,
    response_bytes,
)
from mentorship.tests.test_access_matrix import EXPECTED, URLS, url_of

pytestmark = pytest.mark.django_db

# The questionnaire link is an anonymous visitor holding the mentee's token (monitoring:respond), so the
# anonymous pass covers it.
NOT_ALLOWED = ("anonymous", "no_role", "mentor", "other_mentor", "administrator")

# Forms of these roles whose error page renders the form again (an empty POST is refused with the form's
# errors). Posting to every URL would archive people and sign orders along the way.
FORMS_WITH_ERRORS = {
    "mentor": (
        "programs:meeting-new",
        "programs:plan-goal-new",
        "programs:plan-task-new",
        "monitoring:mentor-report-edit",
        "monitoring:year-report-edit",
        "monitoring:my-questionnaire",
    ),
    "administrator": ("people:person-create", "people:person-edit", "people:partner-create", "people:import-new"),
    "anonymous": ("monitoring:respond",),
}


@pytest.fixture
def world(organization, curator, principal, administrator, mentor, other_mentor, user_without_role):
    world = build_sensitive_world(
        organization, curator=curator, mentor=mentor, other_mentor=other_mentor, administrator=administrator
    )
    users = {
        "anonymous": None,
        "no_role": user_without_role,
        "mentor": mentor,
        "other_mentor": other_mentor,
        "administrator": administrator,
        "curator": curator,
        "principal": principal,
    }
    return world, users


def _fetch(client, user, method, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url)
    return response, content_text(response_bytes(response))


def test_the_curator_sees_every_marker_where_it_belongs(client, world):
    """The positive control: the same scanner finds the marks and the scan on the curator's pages."""
    world, users = world
    mentee = world.dataset["mentee"]
    consent = world.scanned_consents[0]
    markers = world.markers()
    pages = {
        "person page": reverse("people:person-detail", args=[mentee.pk]),
        "mentee card": reverse("people:mentee-detail", args=[mentee.mentee_profile.pk]),
        "mentee bank": reverse("people:mentee-list"),
        "people registry xlsx": reverse("people:person-export"),
        "mentee bank xlsx": reverse("people:mentee-export"),
        "consent form PDF": reverse("programs:document-consent-pdf", args=[mentee.pk]),
        "pair page": reverse("programs:pair-detail", args=[world.dataset["pair"].pk]),
        "scan": reverse("people:consent-scan", args=[consent.pk]),
        "personal data zip": reverse("people:person-data-export", args=[mentee.pk]),
    }
    seen = {}
    for name, url in pages.items():
        response, text = _fetch(client, users["curator"], "get", url)
        assert response.status_code == 200, name
        seen[name] = {line.split(":")[0] for line in findings(text, markers)}

    assert {"ОВЗ", "группа риска", "одарённый", "бейдж отметки", "Особые отметки"} <= seen["person page"]
    assert f"ссылка на скан {reverse('people:consent-scan', args=[consent.pk])}" in seen["person page"]
    assert "О здоровье (столбец согласий)" in seen["person page"]
    assert {"ОВЗ", "группа риска", "одарённый"} <= seen["mentee card"]
    assert {"значение отметки", "ОВЗ"} <= seen["mentee bank"]  # the «Отметка» filter
    assert {"ОВЗ", "группа риска", "одарённый"} <= seen["people registry xlsx"]
    assert {"ОВЗ", "группа риска", "одарённый"} <= seen["mentee bank xlsx"]
    assert "ограниченные возможности здоровья" in seen["consent form PDF"]
    assert "ОВЗ" in seen["pair page"]  # the role model «учитель – ученик с ОВЗ»
    assert "содержимое скана" in seen["scan"]
    assert {"ОВЗ", "группа риска", "содержимое скана"} <= seen["personal data zip"]  # the zip's members are read


def test_the_registry_xlsx_holds_the_mentees_marks_in_its_cells(client, world):
    """What the scanner reads from an xlsx is its cells: the ОВЗ column says «да» on the mentee's row."""
    world, users = world
    mentee = world.dataset["mentee"]
    client.force_login(users["curator"])
    data = response_bytes(client.get(reverse("people:person-export")))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    mark = next(row for row in rows[1:] if row[0].value == mentee.full_name)[header.index("ОВЗ")]
    assert mark.value == "да"
    assert f"{sheet.title}!{mark.coordinate}: да" in content_text(data)


def test_the_principal_sees_the_marks_too(client, world):
    world, users = world
    url = reverse("people:person-detail", args=[world.dataset["mentee"].pk])
    response, text = _fetch(client, users["principal"], "get", url)
    labels = {line.split(":")[0] for line in findings(text, world.markers())}
    assert {"ОВЗ", "группа риска", "одарённый"} <= labels


def test_no_page_export_or_document_shows_a_mark_or_a_scan_to_a_role_not_allowed(client, world):
    world, users = world
    client.raise_request_exception = False  # a server error is the access matrix's business, not ours
    markers = world.markers()
    urls = {name: url_of(name, pattern, world.dataset) for name, pattern in URLS}
    leaks, scanned = [], set()
    for role in NOT_ALLOWED:
        for name, url in urls.items():
            if EXPECTED[name][role] != 200:
                continue  # refused: the access matrix checks that it stays so
            response, text = _fetch(client, users[role], "get", url)
            if response.status_code == 200:
                scanned.add((role, name))
            leaks += [
                f"GET {name} ({url}) as {role} [{response.status_code}] — {found}" for found in findings(text, markers)
            ]
        for name in FORMS_WITH_ERRORS.get(role, ()):
            assert EXPECTED[name][role] == 200, name
            response, text = _fetch(client, users[role], "post", urls[name])
            leaks += [
                f"POST {name} ({urls[name]}) as {role} [{response.status_code}] — {found}"
                for found in findings(text, markers)
            ]
    # the walk really read the pages of these roles: the mentor's pair, forms and agreement PDF, the
    # administrator's people, their export and a person's data, the questionnaire link
    assert {
        ("mentor", "programs:my-pair"),
        ("mentor", "programs:meeting-new"),
        ("mentor", "programs:document-agreement-pdf"),
        ("mentor", "monitoring:mentor-report-detail"),
        ("administrator", "people:person-detail"),
        ("administrator", "people:person-export"),
        ("administrator", "people:person-data-export"),
        ("administrator", "people:import-detail"),
        ("anonymous", "monitoring:respond"),
    } <= scanned
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks)


# The catalogue of forms and role models is reference data the administrator keeps: a role model named
# «учитель – ученик с ОВЗ» there names nobody.
ADMIN_REFERENCE_MODELS = {"programs.mentoringform"}


def test_the_admin_site_shows_no_mark_or_scan_to_the_administrator(client, world):
    """The administrator is staff (people.services.user_set_roles): every admin list and one record of each
    model (the marked mentee and his consent first) are scanned like the portal's pages."""
    world, users = world
    markers = world.markers()
    mentee = world.dataset["mentee"]
    records = {
        "people.person": mentee,
        "people.consent": world.scanned_consents[0],
        "people.menteeprofile": mentee.mentee_profile,
    }
    client.force_login(users["administrator"])
    leaks, scanned = [], 0
    for model in admin.site._registry:
        label = model._meta.label_lower
        if label in ADMIN_REFERENCE_MODELS:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        record = records.get(label) or model._default_manager.first()
        if record is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))
        for url in urls:
            response = client.get(url)
            scanned += response.status_code == 200
            text = content_text(response_bytes(response))
            leaks += [
                f"GET {url} as administrator [{response.status_code}] — {found}" for found in findings(text, markers)
            ]
    assert scanned >= 10, scanned
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks)
