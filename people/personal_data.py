"""Duties of the operator of personal data under 152-ФЗ (issue 7, item 5).

* A revoked consent stops processing at once: ``consent_withdrawn`` is the one condition every list
  a mentor sees, every invitation and every mailing filters on; the mentor's pairs
  (``programs.selectors``) carry ``WithdrawnPerson`` — «Данные участника недоступны: согласие
  отозвано» — where the person's name and data were.
* Subject access (ст. 14): ``person_data_export`` gathers everything held on one person into a zip.
* Destruction (ст. 21 ч. 5): ``purge_revoked`` anonymizes or deletes the data of people whose consent
  was revoked 30 days ago or more and writes an act of destruction with the event-log extract, as the
  requirements approved by the order of Roskomnadzor of 28.10.2022 No. 179 say.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from mentorship.pdf import render_pdf
from monitoring.models import Answer, Invitation, MentorReport, Response, YearEndReport
from people.models import (
    Consent,
    DestructionAct,
    DestructionActSubject,
    LegalRepresentative,
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    MentorStatusChange,
    MentorTraining,
    Organization,
    Person,
    RosterImport,
    User,
)
from programs.models import (
    MatchPreference,
    Meeting,
    Nomination,
    Order,
    Pair,
    PairMember,
    PlanGoal,
    PlanTask,
    RoadmapActivity,
)

WITHDRAWN_LABEL = "Данные участника недоступны: согласие отозвано"
PURGE_AFTER_DAYS = 30
ERASED = "Удалено"
INFORMATION_SYSTEM = "Портал «Наставничество» (информационная система персональных данных оператора)"
LEGAL_BASIS = (
    "Отзыв субъектом персональных данных согласия на их обработку: часть 5 статьи 21 Федерального закона "
    "от 27.07.2006 № 152-ФЗ «О персональных данных» (уничтожение в срок, не превышающий 30 дней с даты "
    "поступления отзыва). Факт уничтожения оформлен по Требованиям, утверждённым приказом Роскомнадзора "
    "от 28.10.2022 № 179."
)
METHOD = (
    "Автоматизированное уничтожение в информационной системе: фамилия, имя и отчество заменены на «Удалено», "
    "прочие сведения о субъекте стёрты из записей базы данных, связи с законными представителями, "
    "предпочтения и неотвеченные приглашения удалены, файлы сканов согласий удалены из хранилища, "
    "история изменений записей субъекта удалена; восстановление невозможно. Обезличенные записи "
    "(категория, класс, участие в парах, числовые ответы анкет) сохранены для расчёта показателей."
)
DEFAULT_PERFORMER = "Автоматически: команда purge_revoked портала «Наставничество» (ежедневный запуск)"


# --- Processing stops at once on revocation ---------------------------------------------------------


def consent_withdrawn(day: dt.date | None = None, person_ref: str = "pk") -> Q:
    """The person revoked a consent on or before ``day`` and has no consent valid that day.

    ``person_ref`` leads from the filtered model to the person ("person" for an invitation).
    A person who never gave a consent is not "withdrawn": that is the consent bank's business.
    """
    day = day or timezone.localdate()
    revoked = Consent.objects.filter(person=OuterRef(person_ref), revoked_on__lte=day)
    valid = Consent.objects.filter(Consent.valid_on_q(day), person=OuterRef(person_ref))
    return Q(Exists(revoked)) & ~Q(Exists(valid))


def withdrawn_ids(person_ids: Iterable[int], day: dt.date | None = None) -> set[int]:
    """Of these people, those whose consent is withdrawn on ``day`` (one query)."""
    ids = {pk for pk in person_ids if pk is not None}
    if not ids:
        return set()
    return set(Person.objects.filter(consent_withdrawn(day), pk__in=ids).values_list("pk", flat=True))


def person_consent_withdrawn(person_id: int, day: dt.date | None = None) -> bool:
    return bool(withdrawn_ids([person_id], day))


class WithdrawnPerson:
    """Stands in a mentor's page for a person whose consent was revoked: no name, no data."""

    full_name = short_name = WITHDRAWN_LABEL
    description = phone = email = ""
    consent_withdrawn = True

    def __init__(self, pk: int):
        self.pk = self.id = pk

    def __str__(self):
        return WITHDRAWN_LABEL


class WithdrawnMember:
    """A pair member as ``programs/mentor/_members.html`` reads it, without the person's data."""

    contacts_hidden = True

    def __init__(self, member: PairMember):
        self.person = WithdrawnPerson(member.person_id)
        self.person_id = member.person_id
        self.role = member.role
        self._role_label = member.get_role_display()

    def get_role_display(self) -> str:
        return self._role_label


def mask_report_pairs_for_mentor(reports: Iterable) -> set[int]:
    """Replace withdrawn people among the prefetched members of the reports' pairs (a mentor's report pages)."""
    pairs = [report.pair for report in reports]
    ids = withdrawn_ids({member.person_id for pair in pairs for member in pair.members.all()})
    for pair in pairs if ids else ():
        members = pair._prefetched_objects_cache.get("members")
        if members is not None:
            members._result_cache = [
                WithdrawnMember(member) if member.person_id in ids else member for member in members
            ]
    return ids


def meetings_for_mentor(meetings: QuerySet[Meeting], ids: set[int]) -> QuerySet[Meeting]:
    """Meetings with the withdrawn people left out of who attended."""
    if not ids:
        return meetings
    attendees = Person.objects.exclude(pk__in=ids).order_by("last_name", "first_name")
    return meetings.prefetch_related(None).prefetch_related(Prefetch("attendees", queryset=attendees))


def plan_goals_for_mentor(goals: QuerySet[PlanGoal], ids: set[int]) -> QuerySet[PlanGoal]:
    """The development plans without those of withdrawn mentees."""
    return goals.exclude(mentee_id__in=ids) if ids else goals


def form_drop_withdrawn(form, ids: set[int]) -> None:
    """Take withdrawn people out of the choices of a meeting or plan-goal form of the mentor."""
    if not ids:
        return
    if "attendees" in form.fields:
        field = form.fields["attendees"]
        field.choices = [(pk, label) for pk, label in field.choices if pk not in ids]
        if "attendees" in form.initial:
            form.initial["attendees"] = [pk for pk in form.initial["attendees"] if pk not in ids]
    if hasattr(form, "mentees"):
        form.mentees = {pk: person for pk, person in form.mentees.items() if pk not in ids}
        choices = [(pk, person.full_name) for pk, person in form.mentees.items()]
        form.fields["mentee"].choices = choices if len(choices) == 1 else [("", "— выберите наставляемого —"), *choices]


# --- Subject access: everything held on one person --------------------------------------------------


def _value(instance: models.Model, field: models.Field):
    if field.choices:
        return getattr(instance, f"get_{field.name}_display")()
    value = getattr(instance, field.attname if not field.is_relation else field.name)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def record(instance: models.Model, *, exclude: Iterable[str] = ()) -> dict:
    """A model row as {verbose name: value}: Russian keys, choices shown by their labels."""
    skipped = {"id", "search_name", *exclude}
    return {
        str(field.verbose_name): _value(instance, field)
        for field in instance._meta.concrete_fields
        if field.name not in skipped
    }


def _names_person(person: Person, texts: list[str]) -> bool:
    """A roster row names the person: his surname and first name among its cells, or his external id."""
    words = {text.lower() for text in texts} | {word.lower() for text in texts for word in text.split()}
    if person.external_id and person.external_id in texts:
        return True
    return (
        bool(person.last_name and person.first_name) and {person.last_name.lower(), person.first_name.lower()} <= words
    )


def _roster_rows(person: Person):
    """(upload, its bytes, its format, [(row number, cell texts)] naming the person) for the organization's
    uploaded rosters; a damaged or missing old upload is passed over."""
    from people.importing.reading import read_rows, roster_file_check

    for roster_import in RosterImport.objects.filter(organization_id=person.organization_id).exclude(file=""):
        try:
            with roster_import.file.open("rb") as file:
                data = file.read()
            file_format = roster_file_check(data)
            rows = [
                (number, [str(c).strip() for c in cells if c not in (None, "")])
                for number, cells in read_rows(data, file_format)
            ]
        except (OSError, ValueError, ValidationError):
            continue
        found = [(number, texts) for number, texts in rows if _names_person(person, texts)]
        if found:
            yield roster_import, data, file_format, found


def _import_rows(person: Person) -> list[dict]:
    """Rows of the organization's uploaded rosters that name the person."""
    return [
        {
            "загрузка списка": str(roster_import),
            "файл": roster_import.original_name,
            "номер строки": number,
            "значения": texts,
        }
        for roster_import, _, _, found in _roster_rows(person)
        for number, texts in found
    ]


def _rosters_without(people: Iterable[Person]) -> tuple[list[tuple[RosterImport, bytes]], set[int]]:
    """The uploaded rosters that name any of the people, rewritten with their rows blanked (saved after
    commit), and the ids of the people found in them. The file stays for the rest of the list; only the
    rows of these subjects go."""
    import csv

    from openpyxl import load_workbook

    from people.importing.reading import XLSX, csv_delimiter

    uploads: dict[int, tuple[RosterImport, bytes, str, set[int]]] = {}
    named = set()
    for person in people:
        for roster_import, data, file_format, found in _roster_rows(person):
            named.add(person.pk)
            entry = uploads.setdefault(roster_import.pk, (roster_import, data, file_format, set()))
            entry[3].update(number for number, _ in found)
    rewritten = []
    for roster_import, data, file_format, numbers in uploads.values():
        if file_format == XLSX:
            workbook = load_workbook(io.BytesIO(data))
            sheet = workbook.worksheets[0]
            for number in numbers:
                for cell in sheet[number]:
                    cell.value = None
            buffer = io.BytesIO()
            workbook.save(buffer)
            rewritten.append((roster_import, buffer.getvalue()))
        else:
            text = next(data.decode(enc) for enc in ("utf-8-sig", "cp1251") if _decodes(data, enc))
            delimiter = csv_delimiter(text)
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
            out = io.StringIO(newline="")
            writer = csv.writer(out, delimiter=delimiter)
            for number, row in enumerate(rows, start=1):
                writer.writerow([""] * len(row) if number in numbers else row)
            rewritten.append((roster_import, out.getvalue().encode("utf-8-sig")))
    return rewritten, named


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _scan_name(consent: Consent) -> str:
    extension = consent.scan.name.rsplit(".", 1)[-1] if "." in consent.scan.name else "bin"
    return f"сканы согласий/согласие {consent.pk} от {consent.signed_on:%d.%m.%Y}.{extension}"


def person_data(person: Person) -> tuple[dict, list[Consent]]:
    """Everything the portal holds on the person, with Russian keys; and the consents that have scans."""
    pair_ids = list(person.pair_memberships.values_list("pair_id", flat=True))
    consents = list(person.consents.select_related("signed_by", "recorded_by"))
    data = {"участник": record(person)}
    data["законные представители"] = [
        {
            **record(link.representative),
            "кем приходится": link.get_relation_display(),
            **record(link, exclude=["minor", "representative", "relation"]),
        }
        for link in person.representatives.select_related("representative")
    ]
    data["законный представитель для"] = [
        {"несовершеннолетний": link.minor.full_name, "кем приходится": link.get_relation_display()}
        for link in person.represented.select_related("minor")
    ]
    data["согласия на обработку персональных данных"] = [
        {**record(consent, exclude=["scan"]), "скан (файл в архиве)": _scan_name(consent) if consent.scan else ""}
        for consent in consents
    ]
    profile = MentorProfile.objects.filter(person=person).prefetch_related("forms").first()
    data["банк наставников"] = (
        {
            **record(profile, exclude=["person"]),
            "формы наставничества": [str(form) for form in profile.forms.all()],
            "смены статуса": [
                record(x, exclude=["profile"]) for x in MentorStatusChange.objects.filter(profile=profile)
            ],
            "обучение": [record(x, exclude=["profile"]) for x in MentorTraining.objects.filter(profile=profile)],
        }
        if profile
        else None
    )
    mentee_profile = MenteeProfile.objects.filter(person=person).first()
    data["банк наставляемых"] = (
        {
            **record(mentee_profile, exclude=["person"]),
            "запросы": [record(x, exclude=["profile"]) for x in MenteeRequest.objects.filter(profile=mentee_profile)],
        }
        if mentee_profile
        else None
    )
    data["участие в парах и группах"] = [
        {
            "пара": str(member.pair),
            "программа": str(member.pair.program),
            "форма": str(member.pair.form),
            "роль": member.get_role_display(),
            "прошёл полный цикл": member.full_cycle,
            "начало": _value(member.pair, member.pair._meta.get_field("starts_on")),
            "статус пары": member.pair.get_status_display(),
        }
        for member in person.pair_memberships.select_related("pair__program", "pair__form")
    ]
    attended = set(person.meetings_attended.values_list("pk", flat=True))
    data["встречи"] = [
        {**record(meeting, exclude=["logged_by"]), "присутствовал": meeting.pk in attended}
        for meeting in Meeting.objects.filter(Q(pair_id__in=pair_ids) | Q(pk__in=attended)).select_related("pair")
    ]
    data["план развития"] = [
        {**record(goal, exclude=["mentee"]), "задачи": [record(task, exclude=["goal"]) for task in goal.tasks.all()]}
        for goal in PlanGoal.objects.filter(mentee=person).select_related("pair").prefetch_related("tasks")
    ]
    data["предпочтения после групповой встречи"] = [
        record(x)
        for x in MatchPreference.objects.filter(Q(chooser=person) | Q(chosen=person)).select_related(
            "chooser", "chosen", "program"
        )
    ]
    data["приглашения к анкетам"] = [
        record(x, exclude=["token"]) for x in Invitation.objects.filter(person=person).select_related("campaign")
    ]
    data["ответы на анкеты"] = [
        {
            **record(response, exclude=["respondent"]),
            "ответы": [
                {
                    "вопрос": answer.question.text,
                    "число": answer.number,
                    "текст": answer.text,
                    "варианты": answer.choices,
                }
                for answer in response.answers.select_related("question")
            ],
        }
        for response in Response.objects.filter(respondent=person).select_related("campaign", "questionnaire", "pair")
    ]
    data["ежеквартальные отчёты наставника"] = [
        record(x, exclude=["mentor"]) for x in MentorReport.objects.filter(mentor=person).select_related("pair")
    ]
    data["итоговые отчёты"] = [
        record(x, exclude=["author"]) for x in YearEndReport.objects.filter(author=person).select_related("pair")
    ]
    data["номинации"] = [
        record(x)
        for x in Nomination.objects.filter(Q(mentor=person) | Q(pair_id__in=pair_ids)).select_related(
            "program", "mentor", "pair"
        )
    ]
    data["приказы"] = [
        {"приказ": str(order), "вид": order.get_kind_display(), "статус": order.get_status_display()}
        for order in Order.objects.filter(Q(appointee=person) | Q(pairs__in=pair_ids)).distinct()
    ]
    data["мероприятия дорожной карты (ответственный)"] = [
        {"мероприятие": activity.title, "срок": activity.deadline.strftime("%d.%m.%Y")}
        for activity in RoadmapActivity.objects.filter(responsible_people=person)
    ]
    data["строки загруженных списков"] = _import_rows(person)
    user = User.objects.filter(person=person).prefetch_related("groups").first()
    data["учётная запись"] = (
        {
            "логин": user.username,
            "фамилия": user.last_name,
            "имя": user.first_name,
            "e-mail": user.email,
            "активна": user.is_active,
            "роли": sorted(group.name for group in user.groups.all()),
            "зарегистрирована": _value(user, user._meta.get_field("date_joined")),
            "последний вход": _value(user, user._meta.get_field("last_login")) if user.last_login else "",
        }
        if user
        else None
    )
    return data, [consent for consent in consents if consent.scan]


EXPORT_README = """Выгрузка персональных данных субъекта (статья 14 Федерального закона № 152-ФЗ)

Оператор: {organization}
Субъект: {person}
Дата выгрузки: {date}

Файл «данные.json» (кодировка UTF-8) содержит все сведения о субъекте, которые хранит портал
«Наставничество»: карточку участника{marks}, законных
представителей, согласия на обработку персональных данных, записи банков наставников и наставляемых,
запросы, участие в парах и группах, встречи, план развития, предпочтения, приглашения и ответы на анкеты,
отчёты, номинации, приказы, строки загруженных списков, учётную запись (без пароля).
{scans} Пароль учётной записи не хранится в
открытом виде и в выгрузку не входит.
"""
README_MARKS = " (включая отметки «одарённый», «ОВЗ», «группа риска»)"
README_SCANS = "Папка «сканы согласий» содержит загруженные сканы согласий."
README_WITHOUT_SENSITIVE = (
    "Отметки участника и сканы согласий в эту выгрузку не входят: полную выгрузку делает куратор."
)
# The marks and a consent's health data, by their keys in «данные.json», go only to those who may see them
# (people.selectors.can_see_sensitive_marks); the scans too.
SENSITIVE_KEYS = frozenset(
    [str(Person._meta.get_field(name).verbose_name) for name in ("is_gifted", "has_disability", "is_at_risk")]
    + [str(Consent._meta.get_field(name).verbose_name) for name in ("covers_health_data", "data_list")]
    + ["скан (файл в архиве)"]
)


def _without_sensitive(value):
    if isinstance(value, dict):
        return {key: _without_sensitive(item) for key, item in value.items() if key not in SENSITIVE_KEYS}
    if isinstance(value, list):
        return [_without_sensitive(item) for item in value]
    return value


def person_data_export(person: Person, *, show_sensitive: bool = True) -> bytes:
    """A zip with ``данные.json``, a Russian README and the consent scans of the person.

    Without ``show_sensitive`` (a user who may not see the marks) the marks, the health data and the scans
    are left out, and the README says so.
    """
    data, scanned = person_data(person)
    if not show_sensitive:
        data, scanned = _without_sensitive(data), []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("данные.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        readme = EXPORT_README.format(
            organization=person.organization.full_name,
            person=person.full_name,
            date=f"{timezone.localdate():%d.%m.%Y}",
            marks=README_MARKS if show_sensitive else "",
            scans=README_SCANS if show_sensitive else README_WITHOUT_SENSITIVE,
        )
        archive.writestr("README.txt", readme)
        for consent in scanned:
            try:
                with consent.scan.open("rb") as file:
                    archive.writestr(_scan_name(consent), file.read())
            except FileNotFoundError:
                archive.writestr(_scan_name(consent) + ".нет-файла.txt", "Файл скана не найден в хранилище.")
    return buffer.getvalue()


# --- Destruction 30 days after the revocation ----------------------------------------------------------


def _active_consent(day: dt.date) -> Exists:
    """A consent not revoked and not expired on ``day`` (even one that starts later) keeps the data."""
    return Exists(
        Consent.objects.filter(person=OuterRef("pk"))
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    )


def purge_candidates(today: dt.date) -> QuerySet[Person]:
    """People whose latest revocation is ``PURGE_AFTER_DAYS`` days old or more, with no other consent in
    force, not purged before; each carries ``last_revoked_on``."""
    cutoff = today - dt.timedelta(days=PURGE_AFTER_DAYS)
    return (
        Person.objects.filter(data_purge__isnull=True)
        .annotate(last_revoked_on=Max("consents__revoked_on"))
        .filter(last_revoked_on__lte=cutoff)
        .exclude(_active_consent(today))
        .select_related("organization")
        .order_by("organization_id", "pk")
    )


def subject_identifier(person: Person) -> str:
    """The anonymized identifier the act names a subject by: the internal number, nothing personal."""
    return f"УЧ-{person.pk:06d}"


def _data_categories(person: Person) -> list[str]:
    """What kinds of personal data the portal holds on the person now (for the act)."""
    categories = ["фамилия, имя, отчество"]
    checks = [
        (person.birth_date, "дата рождения"),
        (person.phone or person.email, "контактные данные (телефон, e-mail)"),
        (person.position or person.teaching_since, "должность, педагогический стаж"),
        (person.external_id, "внешний идентификатор из загруженных списков"),
        (person.has_disability, "сведения о состоянии здоровья (отметка «ОВЗ»)"),
        (person.is_gifted or person.is_at_risk, "отметки «одарённый», «группа риска»"),
        (person.representatives.exists() or person.represented.exists(), "сведения о законных представителях"),
        (person.consents.exclude(scan="").exists(), "сканы согласий на обработку персональных данных"),
        (person.consents.exclude(revocation_reason="").exists(), "причина отзыва согласия"),
        (User.objects.filter(person=person).exists(), "учётная запись (логин, имя, e-mail)"),
        (
            MentorProfile.objects.filter(person=person).exists(),
            "сведения банка наставников (опыт, мотивация, компетенции)",
        ),
        (MenteeProfile.objects.filter(person=person).exists(), "запросы и примечания банка наставляемых"),
        (PlanGoal.objects.filter(mentee=person).exists(), "индивидуальный план развития"),
        (Response.objects.filter(respondent=person).exists(), "ответы на анкеты (свободный текст)"),
        (
            MentorReport.objects.filter(mentor=person).exists() or YearEndReport.objects.filter(author=person).exists(),
            "тексты отчётов",
        ),
        (
            MatchPreference.objects.filter(Q(chooser=person) | Q(chosen=person)).exists(),
            "предпочтения после групповой встречи",
        ),
    ]
    categories += [label for present, label in checks if present]
    categories.append("история изменений записей (журнал событий)")
    return categories


def _anonymize(person: Person, now: dt.datetime) -> list[str]:
    """Destroy the personal data of one person; return the storage names of the files to delete.

    Per model, deletion or anonymization:
    * Person — anonymized, not deleted: pair memberships, responses and reports refer to it, and its
      category, class and organization keep the indicators' numerators and denominators right. Name →
      «Удалено»; birth date, contacts, position, experience, external id and the sensitive marks cleared.
    * User account — anonymized and deactivated (login, names, e-mail, roles, password): other records
      point at accounts (who logged a meeting), so the row stays without anything personal.
    * LegalRepresentative links, MatchPreference rows, unanswered Invitation rows — deleted: they hold
      nothing an indicator counts.
    * Consent — kept (the operator must be able to prove the basis of past processing and the revocation
      date, 152-ФЗ ст. 9 ч. 3), but the scan file is deleted and the revocation reason cleared.
    * Bank profiles, requests, status changes, trainings — free text cleared; statuses, dates, forms and
      criteria kept (mentor/mentee counts and «прошёл полный цикл», the integral indicator).
    * Plan goals and tasks — titles replaced by «Удалено»; statuses and deadlines kept (progress figures).
    * Answers — free text cleared; numbers and choices kept (satisfaction indicators).
    * Meetings of a one-to-one pair — notes cleared (they are about this person); attendance kept.
    * Mentor and year-end reports, nominations written about/by the person — texts cleared, figures kept.
    * Orders — kept: signed orders are archival documents with a retention term set by law.
    * Uploaded roster files — the subject's rows blanked, the rest of the list kept (``_rosters_without``,
      done in ``purge_revoked`` before the name is gone, since rows are found by name).
    """
    files = [name for name in person.consents.exclude(scan="").values_list("scan", flat=True)]
    Person.objects.filter(pk=person.pk).update(
        last_name=ERASED,
        first_name="",
        middle_name="",
        birth_date=None,
        is_gifted=False,
        has_disability=False,
        is_at_risk=False,
        position="",
        teaching_since=None,
        phone="",
        email="",
        external_id="",
        updated_at=now,
    )
    for user in User.objects.filter(person=person):
        user.username = f"udaleno-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
    LegalRepresentative.objects.filter(Q(minor=person) | Q(representative=person)).delete()
    MatchPreference.objects.filter(Q(chooser=person) | Q(chosen=person)).delete()
    Invitation.objects.filter(person=person, used_at__isnull=True, response__isnull=True).delete()
    person.consents.update(scan="", revocation_reason="")
    MentorProfile.objects.filter(person=person).update(
        experience="", motivation="", criteria_note="", approval_basis="", competencies=[], interests=[], updated_at=now
    )
    MentorStatusChange.objects.filter(profile__person=person).update(basis="")
    MentorTraining.objects.filter(profile__person=person).update(document="")
    MenteeProfile.objects.filter(person=person).update(notes="", updated_at=now)
    MenteeRequest.objects.filter(profile__person=person).update(text=ERASED)
    PlanTask.objects.filter(goal__mentee=person).update(title=ERASED)
    PlanGoal.objects.filter(mentee=person).update(title=ERASED, description="")
    Answer.objects.filter(response__respondent=person).exclude(text="").update(text="")
    own_pairs = PairMember.objects.filter(person=person).values("pair_id")
    one_to_one = Pair.objects.filter(pk__in=own_pairs).annotate(size=models.Count("members")).filter(size__lte=2)
    personal_pairs = list(one_to_one.values_list("pk", flat=True))
    Meeting.objects.filter(pair_id__in=personal_pairs).update(notes="")
    MentorReport.objects.filter(mentor=person).update(
        project_culture="", clubs_attendance="", contests_activity="", comment="", curator_comment=""
    )
    YearEndReport.objects.filter(author=person).update(results=ERASED, difficulties="", proposals="")
    Nomination.objects.filter(mentor=person).update(reason=ERASED)
    RoadmapActivity.responsible_people.through.objects.filter(person=person).delete()
    return files


CHANGES_COLUMN = "что изменено"


def _without_values(changes: str) -> str:
    """«фамилия: Иванов → Удалено; телефон: …» → «фамилия; телефон»: the act names what changed but must
    not keep the very values it certifies destroyed."""
    return "; ".join(part.split(":", 1)[0].strip() for part in changes.split("; "))


def _normalized_events(events) -> list[dict]:
    """The audit trail's rows as the act stores them: text values, changed values left out."""
    rows = []
    for event in events or []:
        row = {str(key): str(value) for key, value in dict(event).items()}
        if CHANGES_COLUMN in row:
            row[CHANGES_COLUMN] = _without_values(row[CHANGES_COLUMN])
        rows.append(row)
    return rows


@dataclasses.dataclass
class PurgeResult:
    candidates: list[Person]
    acts: list[DestructionAct]


def _next_act_number(organization: Organization) -> int:
    last = DestructionAct.objects.filter(organization=organization).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def destruction_act_pdf(act: DestructionAct) -> bytes:
    """The act and the extract of the event log as one PDF (documents/destruction_act.html)."""
    subjects = list(act.subjects.all())
    extract = {entry["identifier"]: entry["events"] for entry in act.log_extract}
    for subject in subjects:
        subject.events = extract.get(subject.identifier, [])
        subject.event_columns = list(subject.events[0].keys()) if subject.events else []
    context = {
        "act": act,
        "organization": act.organization,
        "subjects": subjects,
        "document_title": str(act),
    }
    return render_pdf("documents/destruction_act.html", context)


def purge_revoked(
    *, today: dt.date | None = None, performed_by: str = DEFAULT_PERFORMER, dry_run: bool = False
) -> PurgeResult:
    """Destroy the data of everyone ``purge_candidates`` finds and write one act per organization.

    All or nothing in one transaction; a person with an act is never purged again, so a daily run is safe.
    The event-log extract is taken before anything changes, the history erased after; scan files are
    deleted from storage once the transaction commits.
    """
    from people.audit import erase_person_history, person_log_extract  # built alongside; imported when used

    today = today or timezone.localdate()
    with transaction.atomic():
        candidates = list(purge_candidates(today))
        if dry_run or not candidates:
            return PurgeResult(candidates=candidates, acts=[])
        # Lock the rows, then look again: a run that started at the same moment may have purged them.
        locked = set(
            Person.objects.select_for_update().filter(pk__in=[p.pk for p in candidates]).values_list("pk", flat=True)
        )
        fresh = set(purge_candidates(today).filter(pk__in=locked).values_list("pk", flat=True))
        candidates = [person for person in candidates if person.pk in fresh]
        now = timezone.now()
        by_organization: dict[int, list[Person]] = defaultdict(list)
        for person in candidates:
            by_organization[person.organization_id].append(person)
        acts, files, rosters = [], [], []
        for people in by_organization.values():
            organization = Organization.objects.select_for_update().get(pk=people[0].organization_id)
            subjects, extract, all_categories = [], [], []
            rewritten, in_rosters = _rosters_without(people)  # matched by name, so before the names go
            rosters += rewritten
            for person in people:
                categories = _data_categories(person)
                if person.pk in in_rosters:
                    categories.insert(-1, "строки загруженных списков (файлы загрузок)")
                identifier = subject_identifier(person)
                extract.append({"identifier": identifier, "events": _normalized_events(person_log_extract(person))})
                subjects.append((person, identifier, categories))
                all_categories += [c for c in categories if c not in all_categories]
                files += _anonymize(person, now)
            erase_person_history([person.pk for person in people])
            act = DestructionAct.objects.create(
                organization=organization,
                number=_next_act_number(organization),
                destroyed_on=today,
                performed_by=performed_by,
                information_system=INFORMATION_SYSTEM,
                data_categories=all_categories,
                method=METHOD,
                reason=LEGAL_BASIS,
                log_extract=extract,
            )
            DestructionActSubject.objects.bulk_create(
                DestructionActSubject(
                    act=act,
                    person=person,
                    identifier=identifier,
                    category=person.get_category_display(),
                    revoked_on=person.last_revoked_on,
                    data_categories=categories,
                )
                for person, identifier, categories in subjects
            )
            act.pdf.save(f"akt-{organization.pk}-{act.number}.pdf", ContentFile(destruction_act_pdf(act)), save=True)
            acts.append(act)
        transaction.on_commit(lambda: _delete_files(files))
        transaction.on_commit(lambda: _rosters_save(rosters))
    return PurgeResult(candidates=candidates, acts=acts)


def _rosters_save(rewritten: list[tuple[RosterImport, bytes]]) -> None:
    """Replace each upload's file by its rewritten copy (under the same name where the storage allows)."""
    for roster_import, content in rewritten:
        name = roster_import.file.name
        storage = roster_import.file.storage
        storage.delete(name)
        saved = storage.save(name, ContentFile(content))
        if saved != name:
            RosterImport.objects.filter(pk=roster_import.pk).update(file=saved)


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name and default_storage.exists(name):
            default_storage.delete(name)


# --- Acts for the curator and the administrator --------------------------------------------------------


def destruction_acts_of(organization_id: int) -> QuerySet[DestructionAct]:
    """The organization's acts, newest first, with their subjects counted."""
    return DestructionAct.objects.filter(organization_id=organization_id).annotate(
        subjects_count=models.Count("subjects")
    )
