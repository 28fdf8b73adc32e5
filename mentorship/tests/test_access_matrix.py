"""Issue 7, item 1: one access matrix over every URL of the project, walked from the URL resolver.

Each URL name has an entry in EXPECTED: the GET status per role. The expectations come from the rules the
per-app access tests state (people/tests/test_views_*.py, programs/tests/test_views_access.py,
programs/tests/test_mentor_*.py, programs/tests/test_order_views.py, monitoring/tests/test_campaigns_access.py,
monitoring/tests/test_dashboard_access.py) and from the roles each view's ``role_required`` lets in — they are
written out here, not read back from the code. A new URL without an entry fails test_every_url_has_an_entry.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mentorship.tests.access_matrix_data import build_dataset

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "mentor", "other_mentor", "curator", "principal", "administrator", "questionnaire")
LOGIN = "login"  # a 302 to the login page
REDIRECT = "redirect"  # a 302 elsewhere
SHORT = {"C": "curator", "P": "principal", "A": "administrator", "M": "mentor"}


def gate(allowed: str, *, get=200, scoped=False) -> dict:
    """role_required(allowed): anonymous → login, others 403; allowed roles get ``get``.

    ``allowed`` is a string of C(urator) P(rincipal) A(dministrator) M(entor: both mentor accounts).
    ``scoped``: the URL names an object of ``mentor``'s pair, so ``other_mentor`` gets 404.
    """
    expected = {role: 403 for role in ROLES}
    expected.update(anonymous=LOGIN, questionnaire=LOGIN)
    for letter in allowed:
        expected[SHORT[letter]] = get
        if letter == "M":
            expected["other_mentor"] = 404 if scoped else get
    return expected


def everyone(status, *, anonymous=None) -> dict:
    expected = {role: status for role in ROLES}
    if anonymous is not None:
        expected.update(anonymous=anonymous, questionnaire=anonymous)
    return expected


POST_ONLY = 405

EXPECTED = {
    # --- Accounts (Django's auth views) and the home page
    "home": everyone(200, anonymous=LOGIN),
    "health": everyone(200),  # no login, no database: the load test's baseline
    "login": everyone(REDIRECT, anonymous=200),  # redirect_authenticated_user=True
    "logout": everyone(405),  # LogoutView takes POST only
    "password_change": everyone(200, anonymous=LOGIN),
    "password_change_done": everyone(200, anonymous=LOGIN),
    "password_reset": everyone(200),
    "password_reset_done": everyone(200),
    "password_reset_confirm": everyone(200),  # an invalid link shows the «link is invalid» page
    "password_reset_complete": everyone(200),
    # --- people: the bank (curator and administrator write, principal reads)
    "people:person-list": gate("CPA"),
    "people:person-export": gate("CPA"),
    "people:person-create": gate("CA"),
    "people:person-detail": gate("CPA"),
    "people:person-edit": gate("CA"),
    "people:person-archive": gate("CA"),
    "people:person-restore": gate("CA"),
    "people:representative-link": gate("CA"),
    "people:representative-unlink": gate("CA"),
    "people:consent-create": gate("C"),
    "people:consent-missing": gate("CP"),
    "people:consent-revoke": gate("C"),
    "people:consent-scan": gate("CP"),
    "people:partner-list": gate("CPA"),
    "people:partner-create": gate("CA"),
    "people:partner-detail": gate("CPA"),
    "people:partner-edit": gate("CA"),
    "people:mentor-list": gate("CP"),
    "people:mentor-export": gate("CP"),
    "people:mentor-create": gate("C"),
    "people:mentor-detail": gate("CP"),
    "people:mentor-edit": gate("C"),
    "people:mentor-status": gate("C"),
    "people:mentor-training-add": gate("C"),
    "people:mentor-criteria": gate("C"),
    "people:mentee-list": gate("CP"),
    "people:mentee-export": gate("CP"),
    "people:mentee-create": gate("C"),
    "people:mentee-detail": gate("CP"),
    "people:mentee-request-add": gate("C"),
    "people:mentee-full-cycle": gate("C"),
    "people:mentee-status": gate("C"),
    "people:user-list": gate("A"),
    "people:access-log": gate("A"),  # the access log (журнал доступа)
    # --- people: personal-data duties (152-ФЗ): the subject's export and the acts of destruction
    "people:person-data-export": gate("CA"),
    "people:destruction-act-list": gate("CPA"),
    "people:destruction-act-pdf": gate("CPA"),
    # --- people: the roster import (administrator only)
    "people:import-list": gate("A"),
    "people:import-new": gate("A"),
    "people:import-template": gate("A"),
    "people:import-detail": gate("A"),
    "people:import-status": gate("A"),
    "people:import-confirm": gate("A", get=POST_ONLY),
    "people:import-cancel": gate("A", get=POST_ONLY),
    "people:import-retry": gate("A", get=POST_ONLY),
    "people:import-file": gate("A"),
    # --- programs (curator edits, principal reads; the rest 403)
    "programs:program-list": gate("CP"),
    "programs:program-create": gate("C"),
    "programs:program-detail": gate("CP"),
    "programs:program-edit": gate("C"),
    "programs:program-status": gate("C"),
    "programs:program-roadmap": gate("CP"),
    "programs:activity-create": gate("C"),
    "programs:activity-edit": gate("C"),
    "programs:activity-mark": gate("C"),
    "programs:activity-delete": gate("C"),
    "programs:activity-evidence": gate("CP"),
    "programs:pair-list": gate("CP"),
    "programs:program-pairs": gate("CP"),
    "programs:pair-create": gate("C"),
    "programs:pair-detail": gate("CP"),
    "programs:pair-activate": gate("C"),
    "programs:pair-complete": gate("C"),
    "programs:pair-terminate": gate("C"),
    "programs:program-matching": gate("CP"),
    "programs:matching-accept": gate("C", get=POST_ONLY),
    "programs:matching-accept-all": gate("C"),
    "programs:matching-reject": gate("C", get=POST_ONLY),
    "programs:matching-restore": gate("C", get=POST_ONLY),
    "programs:matching-change": gate("C"),
    "programs:program-preferences": gate("CP"),
    "programs:preference-edit": gate("C"),
    "programs:program-summary": gate("CP"),
    "programs:nomination-create": gate("C"),
    "programs:nomination-delete": gate("C"),
    "programs:case-create": gate("C"),
    "programs:case-delete": gate("C"),
    # --- programs: the school-year rollover (administrator only, like the roster import)
    "programs:rollover": gate("A"),
    "programs:rollover-history": gate("A"),
    # --- programs: the mentor's workspace (his own pair only; another mentor's pair is a 404)
    "programs:my-pairs": gate("M"),
    "programs:my-pair": gate("M", scoped=True),
    "programs:meeting-new": gate("M", scoped=True),
    "programs:plan-goal-new": gate("M", scoped=True),
    "programs:plan-task-new": gate("M", scoped=True),
    "programs:plan-task-status": gate("M", get=POST_ONLY, scoped=True),
    # --- programs: orders (curator drafts, principal signs) and documents
    "programs:order-list": gate("CP"),
    "programs:order-create": gate("CP"),
    "programs:order-create-kind": gate("CP"),
    "programs:order-detail": gate("CP"),
    "programs:order-preview": gate("CP"),
    "programs:order-pdf": gate("CP"),
    "programs:order-edit": gate("CP"),
    "programs:order-delete": gate("CP"),
    "programs:order-sign": gate("P"),
    "programs:document-hub": gate("CPM"),
    "programs:document-program-set": gate("CP"),
    "programs:document-consent": gate("CP"),
    "programs:document-consent-pdf": gate("CP"),
    "programs:document-agreement": gate("CPM", scoped=True),
    "programs:document-agreement-pdf": gate("CPM", scoped=True),
    "programs:document-roadmap": gate("CP"),
    "programs:document-roadmap-pdf": gate("CP"),
    "programs:document-program": gate("CP"),
    "programs:document-program-pdf": gate("CP"),
    "programs:document-thanks": gate("CP"),
    "programs:document-thanks-pdf": gate("CP"),
    "programs:consent-batch-create": gate("C"),
    "programs:consent-batch": gate("C"),
    "programs:consent-batch-status": gate("C"),
    "programs:consent-batch-pdf": gate("C"),
    # --- monitoring: campaigns (curator runs them, principal reads), questionnaires
    "monitoring:campaign-list": gate("CP"),
    "monitoring:campaign-create": gate("C"),
    "monitoring:campaign-detail": gate("CP"),
    "monitoring:campaign-launch": gate("C", get=POST_ONLY),
    "monitoring:campaign-close": gate("C", get=POST_ONLY),
    "monitoring:campaign-links": gate("C"),
    "monitoring:campaign-links-pdf": gate("C"),
    "monitoring:campaign-send-links": gate("C", get=POST_ONLY),
    "monitoring:campaign-results": gate("CP"),
    "monitoring:campaign-results-xlsx": gate("CP"),
    "monitoring:impact": gate("CP"),
    "monitoring:questionnaire-list": gate("CP"),
    "monitoring:questionnaire-detail": gate("CP"),
    "monitoring:my-questionnaire": gate("M", scoped=True),
    # The personal link needs no login: whoever holds the mentee's link opens the questionnaire.
    "monitoring:respond": everyone(200),
    # --- monitoring: indicators and reports
    "monitoring:indicators": gate("CP"),
    "monitoring:indicator-plans": gate("CP"),
    "monitoring:indicator-fix": gate("CP"),
    "monitoring:indicator-people": gate("CP"),
    "monitoring:mentor-report-list": gate("MCP"),
    "monitoring:mentor-report-create": gate("M", scoped=True),
    "monitoring:mentor-report-detail": gate("MCP", scoped=True),
    "monitoring:mentor-report-edit": gate("M", scoped=True),
    # require_POST answers before the object is looked up, so the other mentor also gets 405 on GET
    "monitoring:mentor-report-submit": {**gate("M", get=POST_ONLY), "other_mentor": POST_ONLY},
    "monitoring:mentor-report-review": gate("C", get=POST_ONLY),
    "monitoring:year-report-programs": gate("CP"),
    "monitoring:year-report-list": gate("CP"),
    "monitoring:year-report-pair": gate("CP"),
    "monitoring:year-report-edit": gate("MC", scoped=True),
    "monitoring:annual-report": gate("CP"),
    "monitoring:annual-report-edit": gate("C"),
    "monitoring:annual-report-pdf": gate("CP"),
    "monitoring:annual-report-xlsx": gate("CP"),
    "monitoring:statistical-form": gate("CP"),
    "monitoring:statistical-form-xlsx": gate("CP"),
}

# The object behind ``pk`` of each URL that has one (by dataset key).
PK_OBJECT = {
    "people:person-detail": "mentee",
    "people:person-edit": "mentee",
    "people:person-archive": "mentee",
    "people:person-restore": "archived_person",
    "people:representative-link": "mentee",
    "people:representative-unlink": "representative_link",
    "people:consent-create": "mentee",
    "people:consent-revoke": "consent",
    "people:consent-scan": "consent",
    "people:person-data-export": "mentee",
    "people:destruction-act-pdf": "destruction_act",
    "people:partner-detail": "partner",
    "people:partner-edit": "partner",
    "people:import-detail": "roster_import",
    "people:import-status": "roster_import",
    "people:import-confirm": "roster_import",
    "people:import-cancel": "roster_import",
    "people:import-retry": "roster_import",
    "people:import-file": "roster_import",
    "programs:activity-edit": "activity",
    "programs:activity-mark": "activity",
    "programs:activity-delete": "activity",
    "programs:activity-evidence": "activity",
    "programs:pair-detail": "pair",
    "programs:pair-activate": "pair",
    "programs:pair-complete": "pair",
    "programs:pair-terminate": "pair",
    "programs:nomination-delete": "nomination",
    "programs:case-delete": "case",
    "programs:order-detail": "order",
    "programs:order-preview": "order",
    "programs:order-pdf": "order",
    "programs:order-edit": "order",
    "programs:order-delete": "order",
    "programs:order-sign": "order",
    "programs:document-consent": "mentee",
    "programs:document-consent-pdf": "mentee",
    "programs:document-agreement": "pair",
    "programs:document-agreement-pdf": "pair",
    "programs:document-thanks": "program",
    "programs:document-thanks-pdf": "program",
    "monitoring:questionnaire-detail": "questionnaire",
    "monitoring:my-questionnaire": "mentor_invitation",
    "monitoring:mentor-report-detail": "mentor_report",
    "monitoring:mentor-report-edit": "mentor_report",
    "monitoring:mentor-report-submit": "mentor_report",
    "monitoring:mentor-report-review": "mentor_report",
}
for _name in EXPECTED:
    if _name.startswith("people:mentor-") and _name not in ("people:mentor-list", "people:mentor-export"):
        PK_OBJECT[_name] = "mentor_profile"
    if _name.startswith("people:mentee-") and _name not in ("people:mentee-list", "people:mentee-export"):
        PK_OBJECT[_name] = "mentee_profile"
    if _name.startswith("monitoring:campaign-"):
        PK_OBJECT[_name] = "campaign"
PK_DEFAULT = "program"  # programs' <pk> pages and document pages of a program

YEAR = 2025
# Other URL arguments, by the argument's name (the same object on every URL that takes it).
KWARG_OBJECTS = {
    "pair_id": lambda d: d["pair"].pk,
    "goal_id": lambda d: d["goal"].pk,
    "task_id": lambda d: d["task"].pk,
    "mentee_id": lambda d: d["waiting_mentee"].pk,
    "person_id": lambda d: d["waiting_mentee"].pk,
    "person_pk": lambda d: d["pair_mentor"].pk,
    "program_id": lambda d: d["program"].pk,
    "side": lambda d: "mentee",
    "batch_id": lambda d: d["batch_id"],
    "year": lambda d: YEAR,
    "code": lambda d: "pupils_general",
    "part": lambda d: "numerator",
    "role": lambda d: "mentor",
    "uidb64": lambda d: "MQ",
    "token": lambda d: d["mentee_invitation"].token,
}
# Arguments that mean something else on one URL.
KWARG_OVERRIDES = {
    "people:import-template": {"kind": "pupils"},
    "programs:order-create-kind": {"kind": "pairs_approval"},
    "password_reset_confirm": {"token": "set-password"},
}
QUERY = {"programs:program-status": "?to=completed"}


def resolver_urls():
    """(name, pattern) of every URL of the project, through every include.

    Skipped: the Django admin (namespace «admin» — its own staff-only permission system, not the portal's
    roles) and static files (not served by a URL pattern in this project at all).
    """

    def walk(resolver, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                walk(entry, namespace + (f"{entry.namespace}:" if entry.namespace else ""))
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((namespace + entry.name, entry.pattern))

    found = []
    walk(get_resolver(), "")
    return found


URLS = resolver_urls()
URL_NAMES = [name for name, _ in URLS]


def url_of(name, pattern, dataset) -> str:
    kwargs = {}
    for argument in pattern.converters:
        if argument in KWARG_OVERRIDES.get(name, {}):
            kwargs[argument] = KWARG_OVERRIDES[name][argument]
        elif argument == "pk":
            kwargs[argument] = dataset[PK_OBJECT.get(name, PK_DEFAULT)].pk
        else:
            kwargs[argument] = KWARG_OBJECTS[argument](dataset)
    return reverse(name, kwargs=kwargs) + QUERY.get(name, "")


def test_every_url_has_an_entry():
    assert len(URL_NAMES) == len(set(URL_NAMES)), "a URL name is used twice"
    assert set(URL_NAMES) - set(EXPECTED) == set(), "URLs with no entry in EXPECTED"
    assert set(EXPECTED) - set(URL_NAMES) == set(), "EXPECTED names URLs that are gone"


def _status(response):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("login")) else REDIRECT
    return response.status_code


@pytest.fixture
def world(organization, curator, principal, administrator, mentor, other_mentor, user_without_role):
    dataset = build_dataset(
        organization, curator=curator, mentor=mentor, other_mentor=other_mentor, administrator=administrator
    )
    users = {
        "anonymous": None,
        "questionnaire": None,
        "no_role": user_without_role,
        "mentor": mentor,
        "other_mentor": other_mentor,
        "curator": curator,
        "principal": principal,
        "administrator": administrator,
    }
    return dataset, users


def _request(client, user, method, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url)


def test_access_matrix(client, world):
    """Every URL × every role: the GET status exactly; then POSTs by each role (refusals first)."""
    dataset, users = world
    client.raise_request_exception = False  # a server error is one more mismatch, named below
    urls = {name: url_of(name, pattern, dataset) for name, pattern in URLS}
    mismatches = []
    for name, url in urls.items():
        for role in ROLES:
            expected = EXPECTED[name][role]
            got = _status(_request(client, users[role], "get", url))
            if got != expected:
                mismatches.append(f"GET {name} ({url}) as {role}: expected {expected}, got {got}")

    # POST after every GET (allowed POSTs change the data). A role refused on GET is refused on POST
    # (403, or 404 for an object out of its scope); anonymous POSTs go to the login page.
    allowed_posts = []
    for name, url in urls.items():
        for role in ROLES:
            on_get = EXPECTED[name][role]
            if on_get == LOGIN:
                ok = {LOGIN}
            elif on_get == 403:
                ok = {403, 404}
            elif on_get == 404:
                # out of the role's scope: 404, or 405 from a GET-only view (checked before the lookup)
                ok = {403, 404, 405}
            else:
                allowed_posts.append((name, url, role))
                continue
            got = _status(_request(client, users[role], "post", url))
            if got not in ok:
                mismatches.append(f"POST {name} ({url}) as {role}: expected one of {sorted(map(str, ok))}, got {got}")
    for name, url, role in allowed_posts:
        got = _status(_request(client, users[role], "post", url))
        if got == 500 or (isinstance(got, int) and got >= 500):
            mismatches.append(f"POST {name} ({url}) as {role}: server error {got}")

    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)


SAMPLE_OF_DETAIL_URLS = [
    "people:person-detail",
    "people:mentor-detail",
    "people:mentee-detail",
    "people:partner-detail",
    "people:consent-scan",
    "programs:program-detail",
    "programs:pair-detail",
    "programs:order-detail",
    "programs:document-program",
    "programs:document-consent",
    "monitoring:campaign-detail",
    "monitoring:campaign-results",
    "monitoring:year-report-list",
    "monitoring:year-report-pair",
]


def test_another_organizations_objects_are_not_found(client_for, curator, principal, other_organization):
    foreign = build_dataset(other_organization, full=False)
    patterns = dict(URLS)
    for user in (curator, principal):
        client = client_for(user)
        for name in SAMPLE_OF_DETAIL_URLS:
            url = url_of(name, patterns[name], foreign)
            assert client.get(url).status_code == 404, f"GET {name} ({url}) as {user.username}"
