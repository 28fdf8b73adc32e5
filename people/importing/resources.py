"""django-import-export resources of people and of the two banks.

The roster import (people.importing.service) feeds them datasets of values it has already read and
checked; the admin site feeds them files as they come (Russian headers, dd.mm.yyyy dates, «м»/«ж»).
Both paths go through the same widgets, matching and rules.

Speed: a row-by-row import of 10 000 pupils takes about half a minute, so the resources run in bulk
mode (use_bulk, batch_size) with ``skip_diff`` (no deepcopy and HTML diff per row); an instance loader
that reads the organization's people in one query and matches in a dict; and no ``full_clean``:
its uniqueness checks cost a query per row, so uniqueness is left to the database index and the
cheap checks are made in ``validate_instance``.
"""

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader

from people.importing import values
from people.importing.parsing import KIND_CATEGORY
from people.models import MenteeProfile, MentorProfile, MentorStatusChange, Organization, PartnerOrganization, Person
from people.services import MENTOR_APPROVED_STATUSES, MENTOR_CATEGORIES, MENTOR_TRANSITIONS

# A dataset column the import service adds: the row's number in the user's spreadsheet.
ROW_NUMBER_COLUMN = "__row__"
BATCH_SIZE = 1000
NOT_MENTEE_CATEGORIES = (Person.Category.PARENT, Person.Category.EMPLOYER, Person.Category.PARTNER)


# --- Widgets: Russian spellings in, Russian spellings out ---------------------------------------


class TextWidget(widgets.CharWidget):
    """Text with its spaces tidied."""

    def clean(self, value, row=None, **kwargs):
        return values.text(value)


class IdentifierWidget(widgets.CharWidget):
    """An external id; a blank cell is None, so that it never erases the id a person has."""

    def clean(self, value, row=None, **kwargs):
        return values.text(value) or None


class NameWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return values.tidy_name(value)


class RussianDateWidget(widgets.DateWidget):
    """dd.mm.yyyy, an Excel date or a date object; rendered as dd.mm.yyyy."""

    def __init__(self, allow_future: bool = False):
        super().__init__(format="%d.%m.%Y")
        self.allow_future = allow_future

    def clean(self, value, row=None, **kwargs):
        if value is None or (type(value) is dt.date):
            return value
        return values.parse_date(value, allow_future=self.allow_future)

    def render(self, value, obj=None, **kwargs):
        return f"{value:%d.%m.%Y}" if value else ""


class SexWidget(widgets.Widget):
    """«м»/«ж» (and the longer spellings) or the stored code; None when blank."""

    def clean(self, value, row=None, **kwargs):
        if value in (Person.Sex.MALE, Person.Sex.FEMALE, None):
            return value
        return values.parse_sex(value)

    def render(self, value, obj=None, **kwargs):
        return {Person.Sex.MALE: "м", Person.Sex.FEMALE: "ж"}.get(value, "")


class SchoolClassWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return values.parse_school_class(value)


class ChoiceWidget(widgets.Widget):
    """A TextChoices value by its code or any Russian spelling; rendered as its label; None when blank."""

    def __init__(self, choices, spellings: dict[str, str], what: str):
        super().__init__()
        self.labels = dict(choices)
        self.spellings = spellings
        self.what = what

    def clean(self, value, row=None, **kwargs):
        if value is None or value in self.labels:
            return value
        return values.parse_choice(value, self.spellings, self.what)

    def render(self, value, obj=None, **kwargs):
        return str(self.labels.get(value, value or ""))


class ListWidget(widgets.Widget):
    """«математика, физика» ↔ ["математика", "физика"]."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, list):
            return value
        return values.parse_list(value)

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


class NumberWidget(widgets.IntegerWidget):
    def __init__(self, minimum: int, maximum: int):
        super().__init__()
        self.minimum, self.maximum = minimum, maximum

    def clean(self, value, row=None, **kwargs):
        if value is None or type(value) is int:
            return value
        return values.parse_int(value, minimum=self.minimum, maximum=self.maximum)


class PartnerWidget(widgets.Widget):
    """A partner organization of the resource's organization, by INN or by name; rendered as its name."""

    def __init__(self):
        super().__init__()
        self.resource = None  # set by the resource: partners are those of its organization

    def clean(self, value, row=None, **kwargs):
        if value is None or isinstance(value, PartnerOrganization):
            return value
        spelled = values.text(value)
        if not spelled:
            return None
        return self.resource.partner_find(spelled)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class PersonWidget(widgets.Widget):
    """A person of the resource's organization by external id or full name; rendered as the full name."""

    def __init__(self):
        super().__init__()
        self.resource = None

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, Person):
            return value
        spelled = values.text(value)
        if not spelled:
            raise ValueError("Не указан участник.")
        return self.resource.person_find(spelled)

    def render(self, value, obj=None, **kwargs):
        return value.full_name if value else ""


# --- People -----------------------------------------------------------------------------------

# The fields a roster may change; compared with what the database had to tell an update from
# an unchanged row, and written by bulk_update.
PERSON_TRACKED = (
    "external_id",
    "last_name",
    "first_name",
    "middle_name",
    "sex",
    "birth_date",
    "category",
    "school_class",
    "position",
    "teaching_since",
    "phone",
    "email",
    "partner_id",
)
# The same fields as the resource names them (the partner by its object, not its id).
PERSON_RESOURCE_FIELDS = tuple("partner" if name == "partner_id" else name for name in PERSON_TRACKED)
_PERSON_LENGTHS = {
    name: Person._meta.get_field(name).max_length
    for name in ("external_id", "last_name", "first_name", "middle_name", "position", "phone", "email")
}


def person_key(last_name: str, first_name: str, middle_name: str, birth_date: dt.date | None) -> tuple:
    """What identifies a person without an external id: the full name and the birth date."""
    return values.name_key(last_name, first_name, middle_name), birth_date


class PersonInstanceLoader(BaseInstanceLoader):
    """Finds the person a row describes: by external id, else by full name and birth date.

    Without a birth date in the row the name alone must point to one person; a row with a birth date
    also finds a namesake stored without one (a later file may add the dates). The organization's
    people are read in one query. A person named by two rows, or two new rows describing one person,
    is an error of the second row.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.by_external_id: dict[str, Person] = {}
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        for person in Person.objects.filter(organization=resource.organization).defer("search_name"):
            if person.external_id:
                self.by_external_id[person.external_id] = person
            self.by_name[values.name_key(person.last_name, person.first_name, person.middle_name)].append(person)
        self.claimed: dict[int, int] = {}  # person pk → the row that named him
        self.new_rows: dict[str, list[tuple[int, dt.date | None, str | None]]] = defaultdict(list)
        self.new_by_external_id: dict[str, int] = {}

    def get_instance(self, row):
        resource = self.resource
        number = resource.current_row_number
        external_id = resource.row_value(row, "external_id")
        name = values.name_key(
            resource.row_value(row, "last_name") or "",
            resource.row_value(row, "first_name") or "",
            resource.row_value(row, "middle_name") or "",
        )
        birth_date = resource.row_value(row, "birth_date")
        person = self.by_external_id.get(external_id) if external_id else None
        if person is None:
            person = self._by_name(name, birth_date, external_id)
        if person is not None:
            resource.check_category(person)
            if person.pk in self.claimed:
                raise ValidationError(f"Этот участник уже есть в строке {self.claimed[person.pk]} файла.")
            self.claimed[person.pk] = number
            return person
        self._claim_new(number, name, birth_date, external_id)
        return None

    def _by_name(self, name: str, birth_date: dt.date | None, external_id: str | None) -> Person | None:
        namesakes = [
            person
            for person in self.by_name.get(name, ())
            # a stored id that differs from the row's means another person
            if person.category in self.resource.match_categories and not (external_id and person.external_id)
        ]
        if birth_date is not None:
            namesakes = [person for person in namesakes if person.birth_date == birth_date] or [
                person for person in namesakes if person.birth_date is None
            ]
        if len(namesakes) > 1:
            raise ValidationError(
                f"В базе несколько участников «{namesakes[0].full_name}»"
                + (" с той же датой рождения" if birth_date else "")
                + " — добавьте столбец «Внешний идентификатор»"
                + ("" if birth_date else " или «Дата рождения»")
                + ", чтобы различить их."
            )
        return namesakes[0] if namesakes else None

    def _claim_new(self, number: int, name: str, birth_date: dt.date | None, external_id: str | None) -> None:
        if external_id in self.new_by_external_id:
            raise ValidationError(
                {"external_id": f"Этот идентификатор уже есть в строке {self.new_by_external_id[external_id]} файла."}
            )
        for other_number, other_birth_date, other_external_id in self.new_rows[name]:
            if external_id and other_external_id:
                continue  # two different ids: two people, however alike
            if birth_date is None or other_birth_date is None or birth_date == other_birth_date:
                raise ValidationError(f"Этот участник уже есть в строке {other_number} файла.")
        if external_id:
            self.new_by_external_id[external_id] = number
        self.new_rows[name].append((number, birth_date, external_id))


class RosterResource(resources.ModelResource):
    """What the roster resources share: the organization, the row number, values from a row."""

    def __init__(self, *, organization: Organization | None = None, **kwargs):
        super().__init__(**kwargs)
        self.organization = organization
        self.current_row_number = 0
        for field in self.fields.values():
            if isinstance(field.widget, PartnerWidget | PersonWidget):
                field.widget.resource = self

    def before_import(self, dataset, **kwargs):
        if self.organization is None:
            raise ValidationError("Загрузка возможна только для пользователя, привязанного к организации.")

    def before_import_row(self, row, **kwargs):
        # The user's spreadsheet row: given by the import service, else the header is row 1.
        self.current_row_number = row.get(ROW_NUMBER_COLUMN) or kwargs.get("row_number", 0) + 1

    def row_value(self, row, field_name: str):
        """The cleaned value of a field in a row, or None when the row has no such column."""
        field = self.fields[field_name]
        if field.column_name not in row:
            return None
        try:
            return field.clean(row)
        except ValueError as error:
            raise ValidationError({field.attribute: str(error)}) from None

    def get_import_id_fields(self):
        # Matching is the instance loader's business (external id, else name and birth date).
        return []

    def after_import(self, dataset, result, **kwargs):
        # ModelResource resets the id sequence here, for imports that supply ids; ours never do.
        pass


class PersonResource(RosterResource):
    """People of one organization: the write path of every roster and the admin's import/export."""

    external_id = fields.Field("external_id", "Внешний идентификатор", IdentifierWidget(), saves_null_values=False)
    last_name = fields.Field("last_name", "Фамилия", NameWidget())
    first_name = fields.Field("first_name", "Имя", NameWidget())
    middle_name = fields.Field("middle_name", "Отчество", NameWidget())
    sex = fields.Field("sex", "Пол", SexWidget(), saves_null_values=False)
    birth_date = fields.Field("birth_date", "Дата рождения", RussianDateWidget())
    category = fields.Field(
        "category",
        "Категория",
        ChoiceWidget(Person.Category.choices, values.CATEGORY_SPELLINGS, "категория"),
        saves_null_values=False,
    )
    school_class = fields.Field("school_class", "Класс", SchoolClassWidget())
    position = fields.Field("position", "Должность", TextWidget())
    teaching_since = fields.Field("teaching_since", "Дата начала педагогического стажа", RussianDateWidget())
    phone = fields.Field("phone", "Телефон", TextWidget())
    email = fields.Field("email", "E-mail", TextWidget())
    partner = fields.Field("partner", "Организация-партнёр", PartnerWidget())

    class Meta:
        model = Person
        fields = PERSON_RESOURCE_FIELDS
        export_order = fields
        instance_loader_class = PersonInstanceLoader
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        store_instance = True
        use_transactions = True

    def __init__(self, *, organization: Organization | None = None, kind: str | None = None, **kwargs):
        super().__init__(organization=organization, **kwargs)
        self.default_category = KIND_CATEGORY.get(kind, "") if kind else ""
        # A pupils' roster updates pupils: it must not quietly turn a teacher into a pupil.
        self.fixed_categories = _KIND_FIXED_CATEGORIES.get(kind)
        self.match_categories = self.fixed_categories or tuple(Person.Category.values)
        self._partners = None

    def get_queryset(self):
        people = Person.objects.select_related("partner")
        return people.filter(organization=self.organization) if self.organization else people

    def init_instance(self, row=None):
        return Person(organization=self.organization, category=self.default_category)

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            instance._roster_snapshot = {name: getattr(instance, name) for name in PERSON_TRACKED}

    def check_category(self, person: Person) -> None:
        if self.fixed_categories and person.category not in self.fixed_categories:
            raise ValidationError(
                {
                    "external_id": f"Этот идентификатор уже у участника {person.full_name} "
                    f"(«{person.get_category_display()}»), а в этом списке — "
                    f"«{Person.Category(self.default_category).label}»."
                }
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        snapshot = instance._roster_snapshot
        instance._roster_changes = [
            (name, snapshot[name], getattr(instance, name))
            for name in PERSON_TRACKED
            if snapshot[name] != getattr(instance, name)
        ]
        return not instance._roster_changes

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = {name: list(messages) for name, messages in (import_validation_errors or {}).items()}

        def add(name: str, message: str) -> None:
            if name not in (import_validation_errors or {}):  # a value that did not parse is reported once
                errors.setdefault(name, []).append(message)

        for name in ("last_name", "first_name"):
            if not getattr(instance, name):
                add(name, "Не заполнено.")
        for name, limit in _PERSON_LENGTHS.items():
            if len(getattr(instance, name) or "") > limit:
                add(name, f"Длиннее {limit} знаков.")
        if instance.sex not in (Person.Sex.MALE, Person.Sex.FEMALE):
            add("sex", "Не указан пол, и по отчеству его не определить: заполните столбец «Пол» (м или ж).")
        if not instance.category:
            add("category", "Не указана категория участника.")
        elif instance.category == Person.Category.PUPIL and not instance.school_class:
            add("school_class", f"У обучающегося {instance.full_name} не указан класс.")
        if instance.email and "email" not in errors:
            try:
                validate_email(instance.email)
            except ValidationError:
                add("email", f"«{instance.email}» — не похоже на адрес электронной почты.")
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is not None:
            instance.updated_at = timezone.now()  # bulk_update does not apply auto_now

    def get_bulk_update_fields(self):
        return [*PERSON_RESOURCE_FIELDS, "updated_at"]

    # -- partners of the organization, read once ---------------------------------------------

    def partner_find(self, spelled: str) -> PartnerOrganization:
        """A partner of the organization by INN or by its name; ValueError if none or several."""
        if self._partners is None:
            self._partners = list(PartnerOrganization.objects.filter(organization=self.organization))
        by_inn = [partner for partner in self._partners if partner.inn and partner.inn == spelled.replace(" ", "")]
        if by_inn:
            return by_inn[0]
        by_name = [partner for partner in self._partners if values.fold(partner.name) == values.fold(spelled)]
        if len(by_name) == 1:
            return by_name[0]
        if len(by_name) > 1:
            raise ValueError(f"Партнёров «{spelled}» несколько — укажите ИНН организации.")
        raise ValueError(
            f"Организация-партнёр «{spelled}» не найдена среди партнёров школы — сначала добавьте её "
            "(раздел «Партнёры») или проверьте название и ИНН."
        )


_KIND_FIXED_CATEGORIES = {
    "pupils": (Person.Category.PUPIL,),
    "staff": (Person.Category.TEACHER,),
    "parents": (Person.Category.PARENT,),
    "partners": (Person.Category.EMPLOYER, Person.Category.PARTNER),
}


# --- The banks ---------------------------------------------------------------------------------


class ProfileInstanceLoader(BaseInstanceLoader):
    """A bank record by its person; the organization's records are read in one query."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        model = resource._meta.model
        self.by_person = {
            profile.person_id: profile for profile in model.objects.filter(person__organization=resource.organization)
        }
        self.claimed: dict[int, int] = {}

    def get_instance(self, row):
        person = self.resource.row_value(row, "person")
        if person.pk in self.claimed:
            raise ValidationError(f"{person.full_name} уже есть в строке {self.claimed[person.pk]} файла.")
        self.claimed[person.pk] = self.resource.current_row_number
        profile = self.by_person.get(person.pk)
        if profile is not None:
            profile.person = person  # the row's person: the rules look at his category and archive mark
        return profile


class BankResource(RosterResource):
    """What the mentor and mentee banks share: a person per row, one query for all records."""

    tracked: tuple[str, ...] = ()

    def __init__(self, *, organization=None, user=None, basis: str = "", **kwargs):
        super().__init__(organization=organization, **kwargs)
        self.user = user
        self.basis = basis
        self._people = None

    def get_queryset(self):
        model = self._meta.model
        records = model.objects.select_related("person")
        return records.filter(person__organization=self.organization) if self.organization else records

    def init_instance(self, row=None):
        return self._meta.model(person=self.row_value(row, "person"))

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            instance._roster_snapshot = {name: getattr(instance, name) for name in self.tracked}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        snapshot = instance._roster_snapshot
        instance._roster_changes = [
            (name, snapshot[name], getattr(instance, name))
            for name in self.tracked
            if snapshot[name] != getattr(instance, name)
        ]
        return not instance._roster_changes

    def get_bulk_update_fields(self):
        return [*self.tracked, "updated_at"]

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is not None:
            instance.updated_at = timezone.now()

    def person_find(self, spelled: str) -> Person:
        """A person of the organization by external id, else by a full name only one person has."""
        if self._people is None:
            self._people = list(Person.objects.filter(organization=self.organization).defer("search_name"))
        by_id = [person for person in self._people if person.external_id and person.external_id == spelled]
        if by_id:
            return by_id[0]
        by_name = [person for person in self._people if values.fold(person.full_name) == values.fold(spelled)]
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            raise ValueError(f"Участников «{spelled}» несколько — укажите внешний идентификатор.")
        raise ValueError(f"Участник «{spelled}» не найден: сначала загрузите его в списке участников.")


class MentorProfileResource(BankResource):
    """The mentor bank (банк наставников)."""

    person = fields.Field("person", "Участник", PersonWidget())
    external_id = fields.Field("person__external_id", "Внешний идентификатор", readonly=True)
    status = fields.Field(
        "status",
        "Статус",
        ChoiceWidget(MentorProfile.Status.choices, values.MENTOR_STATUS_SPELLINGS, "статус"),
        saves_null_values=False,
    )
    competencies = fields.Field("competencies", "Компетенции", ListWidget())
    interests = fields.Field("interests", "Интересы", ListWidget())
    experience = fields.Field("experience", "Опыт", TextWidget())
    motivation = fields.Field("motivation", "Мотивация", TextWidget())
    capacity = fields.Field("capacity", "Число наставляемых", NumberWidget(1, 100), saves_null_values=False)
    hours_per_month = fields.Field("hours_per_month", "Часов в месяц", NumberWidget(0, 744))
    approved_on = fields.Field("approved_on", "Дата одобрения", RussianDateWidget())
    approval_basis = fields.Field("approval_basis", "Основание одобрения", TextWidget())

    tracked = (
        "status",
        "competencies",
        "interests",
        "experience",
        "motivation",
        "capacity",
        "hours_per_month",
        "approved_on",
        "approval_basis",
    )

    class Meta:
        model = MentorProfile
        fields = (
            "person",
            "external_id",
            "status",
            "competencies",
            "interests",
            "experience",
            "motivation",
            "capacity",
            "hours_per_month",
            "approved_on",
            "approval_basis",
        )
        export_order = fields
        instance_loader_class = ProfileInstanceLoader
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        store_instance = True
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.status_changes: list[tuple[MentorProfile, str]] = []

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The rules of people.services.mentor_profile_create and mentor_status_change, row by row."""
        errors = dict(import_validation_errors or {})
        person = instance.person
        if person.category not in MENTOR_CATEGORIES:
            errors.setdefault("person", []).append(
                f"{person.full_name} ({person.get_category_display()}) не может быть наставником."
            )
        if person.is_archived:
            errors.setdefault("person", []).append(f"{person.full_name} в архиве.")
        status = MentorProfile.Status(instance.status)
        if status in MENTOR_APPROVED_STATUSES and not instance.approved_on:
            errors.setdefault("approved_on", []).append(f"Для статуса «{status.label}» нужна дата одобрения.")
        if instance.pk is not None:
            before = MentorProfile.Status(instance._roster_snapshot["status"])
            if status != before and status not in MENTOR_TRANSITIONS[before]:
                errors.setdefault("status", []).append(
                    f"{person.full_name}: из статуса «{before.label}» нельзя перейти в «{status.label}»."
                )
            if status != before and status == MentorProfile.Status.APPROVED and not instance.approval_basis:
                errors.setdefault("approval_basis", []).append(
                    "Укажите основание одобрения, например решение педагогического совета."
                )
        if len(instance.approval_basis) > 300:
            errors.setdefault("approval_basis", []).append("Длиннее 300 знаков.")
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        before = "" if is_create else instance._roster_snapshot["status"]
        if is_create or before != instance.status:
            self.status_changes.append((instance, before))
        super().save_instance(instance, is_create, row, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        """Each new record and each change of status gets its line in the status history."""
        if result.has_errors() or result.has_validation_errors() or not self.status_changes:
            return
        today = timezone.localdate()
        MentorStatusChange.objects.bulk_create(
            MentorStatusChange(
                profile=profile,
                from_status=before,
                to_status=profile.status,
                changed_on=(profile.approved_on if profile.status in MENTOR_APPROVED_STATUSES else None) or today,
                basis=profile.approval_basis or self.basis,
                changed_by=self.user,
            )
            for profile, before in self.status_changes
        )


class MenteeProfileResource(BankResource):
    """The mentee bank (банк наставляемых); requests are written by the import service."""

    person = fields.Field("person", "Участник", PersonWidget())
    external_id = fields.Field("person__external_id", "Внешний идентификатор", readonly=True)
    status = fields.Field(
        "status",
        "Статус",
        ChoiceWidget(MenteeProfile.Status.choices, values.MENTEE_STATUS_SPELLINGS, "статус"),
        saves_null_values=False,
    )
    notes = fields.Field("notes", "Примечания", TextWidget())
    requests = fields.Field(column_name="Запросы", readonly=True)

    tracked = ("status", "notes", "full_cycle_completed_on")

    class Meta:
        model = MenteeProfile
        fields = ("person", "external_id", "status", "notes", "requests")
        export_order = fields
        instance_loader_class = ProfileInstanceLoader
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        store_instance = True
        use_transactions = True

    def get_queryset(self):
        return super().get_queryset().prefetch_related("requests")

    def dehydrate_requests(self, profile):
        return "; ".join(request.text for request in profile.requests.all())

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # As people.services.mentee_status_set: the full-cycle date goes with the status.
        if instance.status == MenteeProfile.Status.COMPLETED:
            instance.full_cycle_completed_on = instance.full_cycle_completed_on or timezone.localdate()
        else:
            instance.full_cycle_completed_on = None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The rules of people.services.mentee_profile_create, row by row."""
        errors = dict(import_validation_errors or {})
        person = instance.person
        if person.category in NOT_MENTEE_CATEGORIES:
            errors.setdefault("person", []).append(
                f"{person.full_name} ({person.get_category_display()}) не может быть наставляемым."
            )
        if person.is_archived:
            errors.setdefault("person", []).append(f"{person.full_name} в архиве.")
        if errors:
            raise ValidationError(errors)
