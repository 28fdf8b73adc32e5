"""Who may open each page of programs, roadmaps, pairs, matching and completion.

The curator edits; the principal reads (an edit is 403 for him); mentor, administrator and a user
without a role get 403; an anonymous visitor is sent to the login page; another organization's
object is a 404 even for a curator.
"""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Nomination, Pair, RoadmapActivity
from programs.services import nomination_create, practice_case_create, roadmap_activity_mark
from programs.tests.participants import make_mentee
from programs.tests.program_data import make_pair, make_program, today

pytestmark = pytest.mark.django_db

READ, EDIT, POST_ONLY, CURATOR_READ = "read", "edit", "post", "curator-read"


@dataclass
class World:
    """One organization's program with everything its pages show."""

    program: object
    activity: object
    pair: object
    waiting_mentee: object
    nomination: object
    case: object


def build_world(organization, curator=None) -> World:
    program = make_program(organization, curator=curator)
    activity = RoadmapActivity.objects.filter(stage__program=program).first()
    roadmap_activity_mark(
        activity=activity,
        status=RoadmapActivity.Status.DONE,
        completed_on=today(),
        evidence=SimpleUploadedFile("prikaz.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    pair = make_pair(program, status=Pair.Status.APPROVED)
    mentor = pair.members.get(role="mentor").person
    nomination = nomination_create(
        program=program, kind=Nomination.Kind.MENTOR_OF_YEAR, mentor=mentor, reason="за лучшую работу"
    )
    case = practice_case_create(program=program, title="Кейс", description="Описание практики", pair=pair)
    return World(program, activity, pair, make_mentee(organization), nomination, case)


@dataclass(frozen=True)
class Page:
    name: str
    kind: str
    args: object  # World -> list of URL arguments
    query: str = ""
    data: object = None  # World -> POST data

    def url(self, world: World) -> str:
        return reverse(f"programs:{self.name}", args=self.args(world)) + self.query


def _program(world):
    return [world.program.pk]


PAGES = [
    Page("program-list", READ, lambda w: []),
    Page("program-create", EDIT, lambda w: []),
    Page("program-detail", READ, _program),
    Page("program-edit", EDIT, _program),
    Page("program-status", EDIT, _program, query="?to=approved"),
    Page("program-roadmap", READ, _program),
    Page("activity-create", EDIT, _program),
    Page("activity-edit", EDIT, lambda w: [w.activity.pk]),
    Page("activity-mark", EDIT, lambda w: [w.activity.pk]),
    Page("activity-delete", EDIT, lambda w: [w.activity.pk]),
    Page("activity-evidence", READ, lambda w: [w.activity.pk]),
    Page("pair-list", READ, lambda w: []),
    Page("program-pairs", READ, _program),
    Page("pair-create", EDIT, _program),
    Page("pair-detail", READ, lambda w: [w.pair.pk]),
    Page("pair-activate", EDIT, lambda w: [w.pair.pk]),
    Page("pair-complete", EDIT, lambda w: [w.pair.pk]),
    Page("pair-terminate", EDIT, lambda w: [w.pair.pk]),
    Page("program-matching", READ, _program),
    Page(
        "matching-accept",
        POST_ONLY,
        _program,
        data=lambda w: {"mentor": w.pair.members.get(role="mentor").person_id, "mentee": w.waiting_mentee.pk},
    ),
    Page("matching-accept-all", EDIT, _program),
    Page(
        "matching-reject",
        POST_ONLY,
        _program,
        data=lambda w: {"mentor": w.pair.members.get(role="mentor").person_id, "mentee": w.waiting_mentee.pk},
    ),
    Page("matching-restore", POST_ONLY, _program),
    Page("matching-change", CURATOR_READ, lambda w: [w.program.pk, w.waiting_mentee.pk]),
    Page("program-preferences", READ, _program),
    Page("preference-edit", EDIT, lambda w: [w.program.pk, "mentee", w.waiting_mentee.pk]),
    Page("program-summary", READ, _program),
    Page("nomination-create", EDIT, _program),
    Page("nomination-delete", EDIT, lambda w: [w.nomination.pk]),
    Page("case-create", EDIT, _program),
    Page("case-delete", EDIT, lambda w: [w.case.pk]),
]


def _expected_for_curator(page: Page, method: str) -> set[int]:
    if page.kind == READ:
        return {200} if method == "get" else {405}
    if page.kind == POST_ONLY:
        return {405} if method == "get" else {302}
    if page.kind == CURATOR_READ:
        return {200} if method == "get" else {405}
    return {200} if method == "get" else {200, 302}


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_who_may_open_the_page(
    page, client, organization, other_organization, curator, principal, mentor, administrator, user_without_role
):
    world = build_world(organization, curator)
    url = page.url(world)
    data = page.data(world) if page.data else {}

    for method in ("get", "post"):
        client.logout()
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), (method, "anonymous")

        for outsider in (mentor, administrator, user_without_role):
            client.force_login(outsider)
            assert getattr(client, method)(url, data).status_code == 403, (method, outsider.username)

        client.force_login(principal)
        expected_for_principal = 200 if page.kind == READ and method == "get" else 405 if page.kind == READ else 403
        assert getattr(client, method)(url, data).status_code == expected_for_principal, (method, "principal")

    client.force_login(curator)
    assert client.get(url).status_code in _expected_for_curator(page, "get")
    assert client.post(url, data).status_code in _expected_for_curator(page, "post")


PAGES_OF_AN_OBJECT = [page for page in PAGES if page.name not in {"program-list", "program-create", "pair-list"}]


@pytest.mark.parametrize("page", PAGES_OF_AN_OBJECT, ids=[page.name for page in PAGES_OF_AN_OBJECT])
def test_another_organizations_object_is_not_found(page, client_for, organization, other_organization, curator):
    foreign = build_world(other_organization)
    client = client_for(curator)
    url = page.url(foreign)
    data = page.data(foreign) if page.data else {}
    if page.kind != POST_ONLY:
        assert client.get(url).status_code == 404
    if page.kind not in (READ, CURATOR_READ):
        assert client.post(url, data).status_code == 404
