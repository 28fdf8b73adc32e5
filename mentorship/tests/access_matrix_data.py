"""Builders for the access matrix (no tests here): one organization with an object behind every URL."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring import dashboard_services
from monitoring.tests.test_campaigns_support import invitation_of, launched, running_program, standard
from people.importing import service as import_service
from people.models import DestructionAct, Person
from people.services import consent_create
from people.tests.factories import PartnerOrganizationFactory, PersonFactory
from people.tests.test_import_support import PUPIL_HEADERS, pupil_rows, xlsx_upload
from programs import document_tasks
from programs.models import Nomination, Order, Pair, RoadmapActivity
from programs.orders import order_create
from programs.services import nomination_create, practice_case_create, roadmap_activity_mark
from programs.tests.mentor_pairs import meeting_in, mentee_of, mentor_person_of, task_in
from programs.tests.participants import make_mentee
from programs.tests.program_data import make_pair, today


@dataclass
class Dataset:
    """Objects by the name the access matrix reverses URLs with."""

    objects: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.objects[key]


def _pdf(name="scan.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def build_dataset(
    organization, *, curator=None, mentor=None, other_mentor=None, administrator=None, full=True
) -> Dataset:
    """A running program of the organization; ``mentor``'s pair with a meeting, a plan goal and task; the
    program's roadmap activity with evidence, a nomination and a case; an order draft; a launched campaign
    with invitations of the mentor and of a mentee; a roster import; a consent with a scan; a partner;
    a quarterly report of the mentor; a batch of class consents."""
    program, _ = running_program(organization, curator=curator, pairs=0)
    mentor_person = mentor_person_of(mentor) if mentor else None
    pair = make_pair(program, mentor=mentor_person, status=Pair.Status.ACTIVE, started_days_ago=20)
    if other_mentor:
        make_pair(program, mentor=mentor_person_of(other_mentor), status=Pair.Status.ACTIVE)
    pair_mentor = pair.members.get(role="mentor").person
    mentee = mentee_of(pair)
    meeting_in(pair, held_days_ago=1)
    task = task_in(pair)
    activity = RoadmapActivity.objects.filter(stage__program=program).first()
    roadmap_activity_mark(
        activity=activity, status=RoadmapActivity.Status.DONE, completed_on=today(), evidence=_pdf("prikaz.pdf")
    )
    nomination = nomination_create(
        program=program, kind=Nomination.Kind.MENTOR_OF_YEAR, mentor=pair_mentor, reason="за лучшую работу"
    )
    case = practice_case_create(program=program, title="Кейс", description="Описание практики", pair=pair)
    order = order_create(
        organization=organization,
        kind=Order.Kind.PAIRS_APPROVAL,
        created_by=curator,
        program=program,
        pairs=[make_pair(program)],  # an order approves pairs still forming
    )
    teacher = PersonFactory(organization=organization, category=Person.Category.TEACHER, birth_date=dt.date(1980, 1, 1))
    consent = consent_create(person=teacher, signed_on=today(), scan=_pdf())
    objects = {
        "program": program,
        "pair": pair,
        "pair_mentor": pair_mentor,
        "mentor_profile": pair_mentor.mentor_profile,
        "mentee": mentee,
        "mentee_profile": mentee.mentee_profile,
        "representative_link": mentee.representatives.first(),
        "goal": task.goal,
        "task": task,
        "activity": activity,
        "nomination": nomination,
        "case": case,
        "order": order,
        "consent": consent,
        "partner": PartnerOrganizationFactory(organization=organization),
        "waiting_mentee": make_mentee(organization),
        "archived_person": PersonFactory(organization=organization, is_archived=True),
        "destruction_act": DestructionAct.objects.create(
            organization=organization,
            number=1,
            destroyed_on=today(),
            performed_by="purge_revoked",
            method="—",
            reason="—",
        ),
    }
    mentors_campaign = launched(standard("satisfaction-mentors"), program)
    mentees_campaign = launched(standard("satisfaction-mentees"), program)
    objects["campaign"] = mentors_campaign
    objects["questionnaire"] = mentors_campaign.questionnaire
    objects["mentor_invitation"] = invitation_of(mentors_campaign, pair_mentor)
    objects["mentee_invitation"] = invitation_of(mentees_campaign, mentee)
    if full:
        roster_import = import_service.roster_import_create(
            organization=organization,
            kind="pupils",
            uploaded_file=xlsx_upload([PUPIL_HEADERS, *pupil_rows(2)]),
            uploaded_by=administrator,
        )
        objects["roster_import"] = import_service.roster_import_preview(roster_import=roster_import)
        objects["mentor_report"] = _mentor_report(pair, pair_mentor)
        objects["batch_id"] = document_tasks.consent_batch_start(user=curator, school_class="7 б")
    return Dataset(objects)


def _mentor_report(pair, mentor_person):
    day = today()
    quarter = (day.month - 1) // 3 + 1
    return dashboard_services.mentor_report_create(
        pair=pair, mentor=mentor_person, year=day.year, quarter=quarter, project_culture="Проект сделан.", submit=True
    )
