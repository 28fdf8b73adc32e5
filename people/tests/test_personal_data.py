"""Issue 7, item 5: the operator's duties under 152-ФЗ — the subject's export, processing stopped on
revocation, destruction 30 days later with an act (order of Roskomnadzor No. 179)."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from monitoring import selectors as monitoring_selectors
from monitoring import services as monitoring_services
from monitoring.dashboard_services import mentor_report_create
from monitoring.models import Answer, Invitation
from monitoring.tests.test_campaigns_support import (
    complete_values,
    invitation_of,
    launched,
    running_program,
    standard,
)
from people import personal_data
from people.audit import person_log_extract
from people.models import (
    Consent,
    DestructionAct,
    LegalRepresentative,
    MenteeRequest,
    Person,
    RosterImport,
)
from people.services import consent_create, consent_revoke, mentee_request_add
from people.tests.factories import PersonFactory, UserFactory
from people.tests.test_import_support import PUPIL_HEADERS, xlsx_bytes
from programs.matching_service import matching_pool
from programs.models import Meeting, Nomination, Pair, PairMember, PlanGoal, PlanTask
from programs.services import nomination_create, pair_create, pair_violations
from programs.tests.mentor_pairs import meeting_in, mentee_of, mentor_person_of, task_in
from programs.tests.participants import make_mentee
from programs.tests.program_data import make_pair, today

pytestmark = pytest.mark.django_db

SCAN_BYTES = b"%PDF-1.4 scan of the signed consent"
SECRET_ANSWER = "Мне нравится работать с наставником, но дома трудно"


def _scan():
    return SimpleUploadedFile("soglasie.pdf", SCAN_BYTES, content_type="application/pdf")


def _revoke_all(person, on):
    for consent in person.consents.filter(revoked_on__isnull=True):
        consent_revoke(consent=consent, revoked_on=on, reason="Родители против участия")


@pytest.fixture
def world(organization, curator, mentor):
    """A running program; the mentor's pair with a pupil who has every kind of data the portal keeps."""
    program, _ = running_program(organization, curator=curator, pairs=0)
    pair = make_pair(program, mentor=mentor_person_of(mentor), status=Pair.Status.ACTIVE, started_days_ago=20)
    mentee = mentee_of(pair)
    Person.objects.filter(pk=mentee.pk).update(
        last_name="Снегирёва", first_name="Алиса", phone="+7 900 111-22-33", email="alisa@example.ru", is_at_risk=True
    )
    mentee.refresh_from_db()
    mother = mentee.representatives.get().representative
    consent_create(person=mentee, signed_by=mother, signed_on=today(), scan=_scan())
    mentee_request_add(profile=mentee.mentee_profile, text="Хочет подтянуть математику", source="self")
    meeting = meeting_in(pair, held_days_ago=2, topic="Разбор контрольной")
    meeting.attendees.add(mentee)
    task = task_in(pair, title="Решить двадцать задач")
    campaign = launched(standard("satisfaction-mentees"), program)
    questionnaire = campaign.questionnaire
    monitoring_services.response_submit(
        invitation=invitation_of(campaign, mentee), values=complete_values(questionnaire, text=SECRET_ANSWER)
    )
    nomination_create(program=program, kind=Nomination.Kind.BEST_PAIR, pair=pair, reason="Лучшая пара года")
    csv = "Фамилия;Имя;Отчество;Класс\nСнегирёва;Алиса;Игоревна;7Б\nПетров;Пётр;Петрович;7Б\n".encode()
    RosterImport.objects.create(
        organization=organization,
        kind=RosterImport.Kind.PUPILS,
        file=ContentFile(csv, name="spisok-7b.csv"),
        original_name="spisok-7b.csv",
    )
    RosterImport.objects.create(
        organization=organization,
        kind=RosterImport.Kind.PUPILS,
        file=ContentFile(
            xlsx_bytes(
                [PUPIL_HEADERS, ["", "Петров", "Пётр", "", "м", "01.03.2012", "7Б"], ["", "Снегирёва", "Алиса"]]
            ),
            name="spisok.xlsx",
        ),
        original_name="spisok.xlsx",
    )
    UserFactory(username="alisa", organization=organization, person=mentee, email="alisa@example.ru")
    return {"program": program, "pair": pair, "mentee": mentee, "mother": mother, "task": task, "campaign": campaign}


def _archive(content: bytes) -> tuple[dict, zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return json.loads(archive.read("данные.json")), archive


# --- The subject's export ---------------------------------------------------------------------------


def test_export_holds_every_kind_of_data_and_the_consent_scan(world):
    data, archive = _archive(personal_data.person_data_export(world["mentee"]))

    assert data["участник"]["фамилия"] == "Снегирёва"
    assert data["участник"]["группа риска"] is True
    assert data["участник"]["телефон"] == "+7 900 111-22-33"
    assert data["законные представители"][0]["фамилия"] == world["mother"].last_name
    assert data["законные представители"][0]["кем приходится"] == "мать"
    consents = data["согласия на обработку персональных данных"]
    assert len(consents) == 2
    scan_names = [c["скан (файл в архиве)"] for c in consents if c["скан (файл в архиве)"]]
    assert len(scan_names) == 1 and archive.read(scan_names[0]) == SCAN_BYTES
    assert data["банк наставляемых"]["запросы"][0]["запрос"] == "Хочет подтянуть математику"
    assert data["участие в парах и группах"][0]["роль"] == "наставляемый"
    assert [m["тема"] for m in data["встречи"]] == ["Разбор контрольной"]
    assert data["встречи"][0]["присутствовал"] is True
    assert data["план развития"][0]["задачи"][0]["задача"] == "Решить двадцать задач"
    texts = [a["текст"] for r in data["ответы на анкеты"] for a in r["ответы"]]
    assert SECRET_ANSWER in texts
    assert data["приглашения к анкетам"][0]["кампания"] == str(world["campaign"])
    assert data["номинации"][0]["за что"] == "Лучшая пара года"
    roster_rows = sorted((row["файл"], row["номер строки"]) for row in data["строки загруженных списков"])
    assert roster_rows == [("spisok-7b.csv", 2), ("spisok.xlsx", 3)]
    assert ["Снегирёва", "Алиса"] in [row["значения"][:2] for row in data["строки загруженных списков"]]
    assert all("Петров" not in row["значения"] for row in data["строки загруженных списков"])
    assert data["учётная запись"]["логин"] == "alisa"
    raw = archive.read("данные.json").decode()
    assert "пароль" not in raw and "md5$" not in raw and "password" not in raw
    assert "статья 14" in archive.read("README.txt").decode()


def test_mentor_export_has_his_bank_record_and_reports(world, mentor):
    mentor_person = mentor_person_of(mentor)
    mentor_report_create(
        pair=world["pair"],
        mentor=mentor_person,
        year=today().year,
        quarter=(today().month - 1) // 3 + 1,
        project_culture="Проект «Сад»",
    )
    data, _ = _archive(personal_data.person_data_export(mentor_person))

    assert data["банк наставников"]["статус"] == "активен"
    assert data["ежеквартальные отчёты наставника"][0]["проектная культура наставляемых"] == "Проект «Сад»"
    assert data["участие в парах и группах"][0]["роль"] == "наставник"
    assert data["банк наставляемых"] is None


def test_export_command_writes_the_zip(world, tmp_path):
    output = tmp_path / "alisa.zip"
    call_command("export_person", "--id", str(world["mentee"].pk), "--output", str(output), stdout=io.StringIO())
    data, _ = _archive(output.read_bytes())
    assert data["участник"]["имя"] == "Алиса"


def test_export_page_is_for_the_curator_and_the_administrator(
    world, client_for, curator, administrator, principal, mentor, other_organization
):
    mentee = world["mentee"]
    url = reverse("people:person-data-export", args=[mentee.pk])
    page = client_for(curator).get(mentee.get_absolute_url()).content.decode()
    assert "Выгрузить все данные" in page and url in page
    for user in (curator, administrator):
        response = client_for(user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        data, _ = _archive(b"".join(response.streaming_content) if response.streaming else response.content)
        assert data["участник"]["фамилия"] == "Снегирёва"
    assert client_for(principal).get(url).status_code == 403
    assert client_for(mentor).get(url).status_code == 403
    stranger = PersonFactory(organization=other_organization)
    assert client_for(curator).get(reverse("people:person-data-export", args=[stranger.pk])).status_code == 404


# --- Processing stops at once on revocation ------------------------------------------------------------


MENTOR_PAGES = ("home", "programs:my-pairs", "programs:my-pair", "programs:meeting-new", "programs:plan-goal-new")


def _mentor_pages(client, pair):
    for name in MENTOR_PAGES:
        url = reverse(name, args=[pair.pk]) if name != "home" and name != "programs:my-pairs" else reverse(name)
        response = client.get(url)
        assert response.status_code == 200, name
        yield name, response.content.decode()


def test_mentor_no_longer_sees_a_mentee_whose_consent_was_revoked(world, client_for, mentor):
    client, pair = client_for(mentor), world["pair"]
    for name, page in _mentor_pages(client, pair):
        assert "Снегирёва" in page, f"before the revocation {name} names the mentee"

    _revoke_all(world["mentee"], today())

    for name, page in _mentor_pages(client, pair):
        assert "Снегирёва" not in page and "Алиса" not in page, name
        assert "alisa@example.ru" not in page and "111-22-33" not in page, name
    for name in ("programs:my-pairs", "programs:my-pair"):
        assert personal_data.WITHDRAWN_LABEL in dict(_mentor_pages(client, pair))[name]
    my_pair = dict(_mentor_pages(client, pair))["programs:my-pair"]
    assert "Решить двадцать задач" not in my_pair  # the plan of the withdrawn mentee is gone
    goal = world["task"].goal
    assert client.get(reverse("programs:plan-task-new", args=[pair.pk, goal.pk])).status_code == 404


def test_a_mentee_revoked_from_a_future_date_is_still_shown_until_then(world, client_for, mentor):
    _revoke_all(world["mentee"], today() + dt.timedelta(days=3))
    page = client_for(mentor).get(reverse("programs:my-pairs")).content.decode()
    assert "Снегирёва" in page


def test_new_pair_with_a_revoked_person_is_refused(world, organization):
    program, mentee = world["program"], make_mentee(organization)
    mentor_person = world["pair"].members.get(role=PairMember.Role.MENTOR).person
    _revoke_all(mentee, today())
    violations = pair_violations(program=program, form=program.forms.get(), mentors=[mentor_person], mentees=[mentee])
    assert any("соглас" in str(violation).lower() for violation in violations)
    with pytest.raises(ValidationError):
        pair_create(
            program=program,
            form=program.forms.get(),
            mentors=[mentor_person],
            mentees=[mentee],
            starts_on=today(),
            planned_end_on=program.ends_on,
        )


def test_a_revoked_mentee_is_not_a_matching_candidate(world, organization):
    waiting = make_mentee(organization)
    assert matching_pool(world["program"]).mentee(waiting.pk) is not None
    _revoke_all(waiting, today())
    assert matching_pool(world["program"]).mentee(waiting.pk) is None


def test_a_revoked_person_is_not_invited_to_a_new_campaign(world):
    _revoke_all(world["mentee"], today())
    creation = monitoring_services.campaign_create(
        organization=world["program"].organization,
        questionnaire=standard("satisfaction-mentors"),
        program=world["program"],
        deadline=today() + dt.timedelta(days=5),
    )
    other = make_pair(world["program"], status=Pair.Status.ACTIVE)
    mentee_campaign = monitoring_services.campaign_create(
        organization=world["program"].organization,
        questionnaire=standard("satisfaction-mentees"),
        program=world["program"],
        deadline=today() + dt.timedelta(days=5),
    )
    invited = set(mentee_campaign.campaign.invitations.values_list("person_id", flat=True))
    assert mentee_of(other).pk in invited and world["mentee"].pk not in invited
    assert world["mentee"].pk in {item.person.pk for item in mentee_campaign.skipped}
    assert creation.campaign.invitations.exists()


def test_an_open_invitation_is_refused_once_the_consent_is_revoked(world, client):
    other = make_pair(world["program"], status=Pair.Status.ACTIVE)
    campaign = launched(standard("satisfaction-mentees"), world["program"], pairs=[other])
    mentee = mentee_of(other)
    invitation = invitation_of(campaign, mentee)
    assert monitoring_selectors.invitations_to_email(campaign).filter(pk=invitation.pk).exists()

    _revoke_all(mentee, today())

    page = client.get(reverse("monitoring:respond", args=[invitation.token])).content.decode()
    assert monitoring_services.MESSAGE_WITHDRAWN in page
    with pytest.raises(ValidationError):
        monitoring_services.response_submit(invitation=invitation, values=complete_values(campaign.questionnaire))
    assert not monitoring_selectors.invitations_to_email(campaign).filter(pk=invitation.pk).exists()
    due_day = campaign.deadline - dt.timedelta(days=1)
    assert not monitoring_selectors.invitations_due_reminder(due_day).filter(pk=invitation.pk).exists()


def test_a_mentor_who_revoked_no_longer_gets_his_questionnaires(world, mentor):
    campaign = launched(standard("satisfaction-mentors"), world["program"])
    mentor_person = mentor_person_of(mentor)
    assert monitoring_selectors.open_invitations_for(mentor).filter(campaign=campaign).exists()
    _revoke_all(mentor_person, today())
    assert not monitoring_selectors.open_invitations_for(mentor).filter(campaign=campaign).exists()


# --- Destruction 30 days after the revocation ----------------------------------------------------------


def _purge(day, *args):
    out = io.StringIO()
    call_command("purge_revoked", "--today", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def _roster_text(roster) -> str:
    from people.importing.reading import read_rows, roster_file_check

    with roster.file.open("rb") as file:
        data = file.read()
    return str(list(read_rows(data, roster_file_check(data))))


def _pdf_text(act) -> str:
    with act.pdf.open("rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_purge_29_days_after_the_revocation_does_nothing(world):
    _revoke_all(world["mentee"], today())
    output = _purge(today() + dt.timedelta(days=29))
    assert "уничтожать нечего" in output
    world["mentee"].refresh_from_db()
    assert world["mentee"].last_name == "Снегирёва" and not DestructionAct.objects.exists()


def test_dry_run_changes_nothing(world, django_capture_on_commit_callbacks):
    mentee = world["mentee"]
    _revoke_all(mentee, today())
    scan_name = mentee.consents.exclude(scan="").get().scan.name
    with django_capture_on_commit_callbacks(execute=True):
        output = _purge(today() + dt.timedelta(days=30), "--dry-run")
    assert personal_data.subject_identifier(mentee) in output and "без записи" in output
    mentee.refresh_from_db()
    assert mentee.last_name == "Снегирёва" and mentee.phone
    assert LegalRepresentative.objects.filter(minor=mentee).exists()
    assert default_storage.exists(scan_name)
    assert not DestructionAct.objects.exists()


def test_purge_30_days_after_anonymizes_and_writes_the_act(world, django_capture_on_commit_callbacks):
    mentee, pair = world["mentee"], world["pair"]
    revoked_on = today()
    _revoke_all(mentee, revoked_on)
    scan_name = mentee.consents.exclude(scan="").get().scan.name
    assert any("Снегирёва" in str(row) for row in person_log_extract(mentee))
    scale_answers = Answer.objects.filter(response__respondent=mentee, number__isnull=False).count()

    with django_capture_on_commit_callbacks(execute=True):
        output = _purge(revoked_on + dt.timedelta(days=30))

    identifier = personal_data.subject_identifier(mentee)
    assert identifier in output
    mentee.refresh_from_db()
    assert (mentee.last_name, mentee.first_name, mentee.middle_name) == ("Удалено", "", "")
    assert mentee.birth_date is None and not mentee.phone and not mentee.email and not mentee.is_at_risk
    assert mentee.category == Person.Category.PUPIL  # what the indicators count stays
    assert not LegalRepresentative.objects.filter(minor=mentee).exists()
    assert not default_storage.exists(scan_name)
    assert not mentee.consents.exclude(scan="").exists() and mentee.consents.count() == 2
    assert set(MenteeRequest.objects.filter(profile__person=mentee).values_list("text", flat=True)) == {"Удалено"}
    assert set(PlanTask.objects.filter(goal__mentee=mentee).values_list("title", flat=True)) == {"Удалено"}
    assert not PlanGoal.objects.filter(mentee=mentee, description__gt="").exists()
    assert not Answer.objects.filter(response__respondent=mentee, text=SECRET_ANSWER).exists()
    assert Answer.objects.filter(response__respondent=mentee, number__isnull=False).count() == scale_answers > 0
    assert PairMember.objects.filter(person=mentee, pair=pair).exists()
    assert not Meeting.objects.filter(pair=pair).exclude(notes="").exists()
    account = mentee.user
    assert not account.is_active and account.username.startswith("udaleno-") and not account.email
    assert not account.has_usable_password()
    assert not any("Снегирёва" in str(row) for row in person_log_extract(mentee))  # history erased
    for roster in RosterImport.objects.all():  # the uploaded lists keep the others' rows, not hers
        content = _roster_text(roster)
        assert "Петров" in content and "Снегирёва" not in content, roster.original_name

    act = DestructionAct.objects.get()
    subject = act.subjects.get()
    assert (subject.person, subject.identifier, subject.category) == (mentee, identifier, "обучающийся")
    assert subject.revoked_on == revoked_on
    assert "сведения о законных представителях" in act.data_categories
    assert act.log_extract[0]["identifier"] == identifier and act.log_extract[0]["events"]
    assert "Снегирёва" not in json.dumps(act.log_extract, ensure_ascii=False)
    text = _pdf_text(act)
    assert identifier in text
    assert "152-ФЗ" in text and "№ 179" in text and "часть 5 статьи 21" in text.replace("\n", " ")
    assert "ВЫГРУЗКА" in text and "Снегирёва" not in text


def test_the_second_run_does_nothing(world, django_capture_on_commit_callbacks):
    _revoke_all(world["mentee"], today())
    day = today() + dt.timedelta(days=31)
    with django_capture_on_commit_callbacks(execute=True):
        _purge(day)
    mentee = Person.objects.get(pk=world["mentee"].pk)
    updated_at = mentee.updated_at

    output = _purge(day + dt.timedelta(days=1))

    assert "уничтожать нечего" in output
    assert DestructionAct.objects.count() == 1
    assert Person.objects.get(pk=mentee.pk).updated_at == updated_at


def test_a_person_with_another_consent_in_force_is_kept(world):
    mentee = world["mentee"]
    _revoke_all(mentee, today())
    consent_create(person=mentee, signed_by=world["mother"], signed_on=today())  # given again
    _purge(today() + dt.timedelta(days=40))
    mentee.refresh_from_db()
    assert mentee.last_name == "Снегирёва" and not DestructionAct.objects.exists()


def test_acts_page_lists_the_act_and_serves_its_pdf(
    world, client_for, curator, administrator, principal, mentor, django_capture_on_commit_callbacks
):
    _revoke_all(world["mentee"], today())
    with django_capture_on_commit_callbacks(execute=True):
        _purge(today() + dt.timedelta(days=30))
    act = DestructionAct.objects.get()
    for user in (curator, administrator, principal):
        client = client_for(user)
        page = client.get(reverse("people:destruction-act-list")).content.decode()
        assert f"№ {act.number}" in page and reverse("people:destruction-act-pdf", args=[act.pk]) in page
        response = client.get(reverse("people:destruction-act-pdf", args=[act.pk]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client_for(mentor).get(reverse("people:destruction-act-list")).status_code == 403


def test_consents_of_people_never_revoked_are_untouched(world, organization):
    bystander = make_mentee(organization)
    _revoke_all(world["mentee"], today())
    _purge(today() + dt.timedelta(days=30))
    bystander.refresh_from_db()
    assert bystander.last_name != "Удалено"
    assert Consent.objects.filter(person=bystander, revoked_on__isnull=True).exists()
    assert not Invitation.objects.filter(person=world["mentee"], used_at__isnull=True).exists()


def test_acts_page_costs_the_same_queries_for_one_act_or_many(
    organization, client_for, curator, django_assert_max_num_queries
):
    def act(number):
        return DestructionAct.objects.create(
            organization=organization,
            number=number,
            destroyed_on=today(),
            performed_by="purge_revoked",
            method="—",
            reason="—",
        )

    client = client_for(curator)
    act(1)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("people:destruction-act-list"))
    for number in range(2, 6):
        act(number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("people:destruction-act-list")).content.decode()
    assert page.count('data-testid="destruction-act-row"') == 5


def test_mentor_report_pages_no_longer_name_a_revoked_mentee(world, client_for, mentor, curator):
    from monitoring import dashboard_services
    from monitoring.dashboard_selectors import current_quarter

    year, quarter = current_quarter()
    report = dashboard_services.mentor_report_create(
        pair=world["pair"], mentor=mentor.person, year=year, quarter=quarter, comment="Работаем"
    )
    urls = [reverse("monitoring:mentor-report-list"), reverse("monitoring:mentor-report-detail", args=[report.pk])]
    client = client_for(mentor)
    assert all("Снегирёва" in client.get(url).content.decode() for url in urls)

    _revoke_all(world["mentee"], today())

    for url in urls:
        page = client.get(url).content.decode()
        assert "Снегирёва" not in page and "Алиса" not in page, url
        assert personal_data.WITHDRAWN_LABEL in page, url
    # the curator, who keeps the consents, still sees whose report it is
    assert "Снегирёва" in client_for(curator).get(urls[1]).content.decode()
