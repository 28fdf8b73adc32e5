"""Organizations, user accounts and the people a school's mentoring program works with."""

import datetime as dt

import pghistory
import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Concat, Lower, Replace
from django.urls import reverse
from django.utils import timezone

from mentorship.academic_year import age_on
from people.roles import Role

ADULT_AGE = 18
YOUNG_SPECIALIST_YEARS = 3

inn_validator = RegexValidator(r"^(\d{10}|\d{12})$", "ИНН состоит из 10 цифр (организация) или 12 (ИП).")
ogrn_validator = RegexValidator(r"^(\d{13}|\d{15})$", "ОГРН состоит из 13 цифр (ОГРНИП — из 15).")


class Organization(models.Model):
    """An educational organization (образовательная организация); every record belongs to one."""

    class Kind(models.TextChoices):
        GENERAL = "general", "общеобразовательная"
        VOCATIONAL = "vocational", "профессиональная (СПО)"
        ADDITIONAL = "additional", "дополнительного образования"

    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    kind = models.CharField("тип организации", max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    address = models.CharField("адрес", max_length=500, blank=True)
    locality = models.CharField(
        "населённый пункт", max_length=200, blank=True, help_text="Место издания приказов, например «г. Хабаровск»."
    )
    head_full_name = models.CharField("ФИО руководителя", max_length=300)
    head_position = models.CharField("должность руководителя", max_length=200, default="Директор")
    inn = models.CharField("ИНН", max_length=12, blank=True, validators=[inn_validator])
    ogrn = models.CharField("ОГРН", max_length=15, blank=True, validators=[ogrn_validator])
    logo = models.ImageField("логотип", upload_to="logos/", blank=True)

    class Meta:
        verbose_name = "образовательная организация"
        verbose_name_plural = "образовательные организации"
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name


class User(AbstractUser):
    """An account; its roles are its groups, its data scope is its organization."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    person = models.OneToOneField(
        "people.Person",
        verbose_name="участник",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> frozenset[str]:
        """The names of the user's role groups, read once per request-lived instance."""
        if not hasattr(self, "_role_names"):
            if not self.is_active or self.pk is None:
                self._role_names = frozenset()
            else:
                self._role_names = frozenset(self.groups.values_list("name", flat=True))
        return self._role_names

    def has_role(self, *roles: Role) -> bool:
        """True when the user holds any of the given roles and belongs to an organization."""
        return self.organization_id is not None and any(role in self.role_names for role in roles)

    @property
    def roles(self) -> list[Role]:
        return [role for role in Role if role in self.role_names and self.organization_id is not None]


@pghistory.track()
class PartnerOrganization(models.Model):
    """An enterprise or social partner that supplies mentors under an agreement."""

    organization = models.ForeignKey(
        Organization, verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField("наименование", max_length=500)
    inn = models.CharField("ИНН", max_length=12, blank=True, validators=[inn_validator])
    agreement_number = models.CharField("номер договора", max_length=50, blank=True)
    agreement_date = models.DateField("дата договора", null=True, blank=True)
    agreement_end_date = models.DateField("договор действует до", null=True, blank=True)
    agreement_subject = models.CharField("предмет договора", max_length=500, blank=True)
    contact_name = models.CharField("контактное лицо", max_length=300, blank=True)
    contact_phone = models.CharField("телефон контактного лица", max_length=50, blank=True)
    contact_email = models.EmailField("e-mail контактного лица", blank=True)

    class Meta:
        verbose_name = "организация-партнёр"
        verbose_name_plural = "организации-партнёры"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "inn"],
                condition=~models.Q(inn=""),
                name="partner_unique_inn_per_organization",
                violation_error_message="Партнёр с таким ИНН уже есть.",
            )
        ]

    def __str__(self):
        return self.name

    def agreement_in_force(self, day: dt.date) -> bool:
        """An agreement is in force from its date to its end date (open-ended if none)."""
        if not self.agreement_date:
            return False
        return self.agreement_date <= day and (self.agreement_end_date is None or day <= self.agreement_end_date)


@pghistory.track()
class Person(models.Model):
    """A participant or a would-be participant: pupil, teacher, parent, partner's employee..."""

    class Sex(models.TextChoices):
        MALE = "M", "мужской"
        FEMALE = "F", "женский"

    class Category(models.TextChoices):
        PUPIL = "pupil", "обучающийся"
        STUDENT = "student", "студент"
        TEACHER = "teacher", "педагог"
        PARENT = "parent", "родитель (законный представитель)"
        EMPLOYER = "employer", "представитель предприятия"
        PARTNER = "partner", "социальный партнёр"
        GRADUATE = "graduate", "выпускник"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="people"
    )
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    sex = models.CharField("пол", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    category = models.CharField("категория", max_length=20, choices=Category.choices)
    school_class = models.CharField("класс / группа", max_length=20, blank=True, db_index=True)
    # Sensitive marks: shown to the curator and the principal only (see people.access).
    is_gifted = models.BooleanField("одарённый / высокомотивированный", default=False)
    has_disability = models.BooleanField("ОВЗ", default=False)
    is_at_risk = models.BooleanField("группа риска", default=False)
    position = models.CharField("должность", max_length=200, blank=True)
    teaching_since = models.DateField("начало педагогического стажа", null=True, blank=True)
    partner = models.ForeignKey(
        PartnerOrganization,
        verbose_name="организация-партнёр",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    phone = models.CharField("телефон", max_length=50, blank=True)
    email = models.EmailField("e-mail", blank=True)
    external_id = models.CharField("внешний идентификатор", max_length=100, blank=True)
    is_archived = models.BooleanField("в архиве", default=False)
    archived_at = models.DateTimeField("перемещён в архив", null=True, blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    # Lower-case full name with ё folded into е, so search ignores both case and ё.
    search_name = models.GeneratedField(
        expression=Replace(
            Lower(Concat("last_name", models.Value(" "), "first_name", models.Value(" "), "middle_name")),
            models.Value("ё"),
            models.Value("е"),
        ),
        output_field=models.CharField(max_length=310),
        db_persist=True,
    )

    class Meta:
        verbose_name = "участник"
        verbose_name_plural = "участники"
        ordering = ["last_name", "first_name", "middle_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"],
                condition=~models.Q(external_id=""),
                name="person_unique_external_id_per_organization",
                violation_error_message="Участник с таким внешним идентификатором уже есть.",
            )
        ]
        indexes = [models.Index(fields=["organization", "category", "is_archived"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("people:person-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self) -> str:
        """«Иванова М. П.» — the form office documents use."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        initials = initials.replace(".", ". ").strip()
        return f"{self.last_name} {initials}".strip()

    def age(self, on: dt.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, on or timezone.localdate())

    def is_minor(self, on: dt.date | None = None) -> bool:
        """Under 18; a person with no birth date counts as a minor only if a pupil."""
        age = self.age(on)
        if age is None:
            return self.category == self.Category.PUPIL
        return age < ADULT_AGE

    def is_young_specialist(self, on: dt.date | None = None) -> bool:
        """A teacher with less than three years of pedagogical experience."""
        if self.category != self.Category.TEACHER or self.teaching_since is None:
            return False
        return age_on(self.teaching_since, on or timezone.localdate()) < YOUNG_SPECIALIST_YEARS

    @property
    def description(self) -> str:
        """Class for learners, position for staff: what a list or a document shows beside the name."""
        if self.category in (self.Category.PUPIL, self.Category.STUDENT) and self.school_class:
            return f"{self.school_class} класс" if self.category == self.Category.PUPIL else self.school_class
        return self.position or self.get_category_display()


@pghistory.track()
class LegalRepresentative(models.Model):
    """A parent or guardian of a minor (законный представитель)."""

    class Relation(models.TextChoices):
        MOTHER = "mother", "мать"
        FATHER = "father", "отец"
        GUARDIAN = "guardian", "опекун"
        TRUSTEE = "trustee", "попечитель"
        FOSTER = "foster", "приёмный родитель"
        OTHER = "other", "иной законный представитель"

    minor = models.ForeignKey(
        Person, verbose_name="несовершеннолетний", on_delete=models.CASCADE, related_name="representatives"
    )
    representative = models.ForeignKey(
        Person, verbose_name="законный представитель", on_delete=models.PROTECT, related_name="represented"
    )
    relation = models.CharField("кем приходится", max_length=20, choices=Relation.choices)
    authority_document = models.CharField(
        "документ, подтверждающий полномочия",
        max_length=300,
        blank=True,
        help_text="Для опекуна или попечителя — реквизиты акта о назначении.",
    )

    class Meta:
        verbose_name = "законный представитель"
        verbose_name_plural = "законные представители"
        constraints = [
            models.UniqueConstraint(fields=["minor", "representative"], name="representative_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(minor=models.F("representative")),
                name="representative_not_self",
                violation_error_message="Человек не может быть законным представителем самого себя.",
            ),
        ]

    def __str__(self):
        return f"{self.representative} — {self.get_relation_display()} ({self.minor})"


@pghistory.track()
class Consent(models.Model):
    """Согласие на обработку персональных данных (152-ФЗ art. 9), on paper or as a scan.

    A minor's consent is signed by a linked legal representative; an adult signs his own.
    The services refuse any other signer, so a stored consent is rightly signed by construction;
    it is valid while in term and not revoked (see ``is_valid_on`` and ``Consent.objects.valid_on``).
    """

    class Source(models.TextChoices):
        PAPER = "paper", "на бумаге"
        SCAN = "scan", "скан загружен"
        IMPORT = "import", "из загруженного списка"

    person = models.ForeignKey(Person, verbose_name="субъект", on_delete=models.CASCADE, related_name="consents")
    signed_by = models.ForeignKey(
        Person,
        verbose_name="подписал законный представитель",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_consents",
        help_text="Пусто — подписал сам субъект.",
    )
    signed_on = models.DateField("дата подписания")
    purposes = models.TextField("цели обработки")
    data_list = models.TextField("перечень персональных данных")
    operator = models.CharField("оператор", max_length=500)
    valid_until = models.DateField("действует до", null=True, blank=True, help_text="Пусто — до отзыва.")
    revocation_procedure = models.TextField("порядок отзыва")
    covers_health_data = models.BooleanField(
        "включает сведения о здоровье", default=False, help_text="Нужно для отметки «ОВЗ»."
    )
    source = models.CharField("источник", max_length=10, choices=Source.choices, default=Source.PAPER)
    scan = models.FileField("скан", upload_to="consents/%Y/", blank=True)
    revoked_on = models.DateField("дата отзыва", null=True, blank=True)
    revocation_reason = models.TextField("причина отзыва", blank=True)
    recorded_by = models.ForeignKey(
        "people.User", verbose_name="внёс", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "согласие на обработку персональных данных"
        verbose_name_plural = "согласия на обработку персональных данных"
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("signed_on")),
                name="consent_term_after_signature",
                violation_error_message="Срок действия согласия не может закончиться раньше даты подписания.",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_on__isnull=True) | models.Q(revoked_on__gte=models.F("signed_on")),
                name="consent_revoked_after_signature",
                violation_error_message="Согласие не может быть отозвано раньше, чем подписано.",
            ),
        ]

    def __str__(self):
        return f"Согласие {self.person.short_name} от {self.signed_on:%d.%m.%Y}"

    @staticmethod
    def valid_on_q(day: dt.date, prefix: str = "") -> models.Q:
        """The condition "valid on ``day``" as a Q, for filters and Exists subqueries."""
        return (
            models.Q(**{f"{prefix}signed_on__lte": day})
            & (models.Q(**{f"{prefix}valid_until__isnull": True}) | models.Q(**{f"{prefix}valid_until__gte": day}))
            & (models.Q(**{f"{prefix}revoked_on__isnull": True}) | models.Q(**{f"{prefix}revoked_on__gt": day}))
        )

    def is_valid_on(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        if self.signed_on > day:
            return False
        if self.valid_until is not None and self.valid_until < day:
            return False
        return self.revoked_on is None or self.revoked_on > day

    @property
    def state(self) -> str:
        """«действует», «отозвано», «истёк срок» or «ещё не вступило» today."""
        today = timezone.localdate()
        if self.revoked_on is not None and self.revoked_on <= today:
            return "отозвано"
        if self.valid_until is not None and self.valid_until < today:
            return "истёк срок"
        if self.signed_on > today:
            return "ещё не вступило"
        return "действует"


@pghistory.track()
class MentorProfile(models.Model):
    """A person's record in the mentor bank (банк наставников)."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "кандидат"
        APPROVED = "approved", "одобрен"
        TRAINED = "trained", "прошёл обучение"
        ACTIVE = "active", "активен"
        RESERVE = "reserve", "в резерве"
        LEFT = "left", "выбыл"

    person = models.OneToOneField(
        Person, verbose_name="участник", on_delete=models.PROTECT, related_name="mentor_profile"
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.CANDIDATE)
    approved_on = models.DateField("дата одобрения", null=True, blank=True)
    approval_basis = models.CharField(
        "основание одобрения", max_length=300, blank=True, help_text="Например, решение педагогического совета № 3."
    )
    competencies = ArrayField(models.CharField(max_length=100), verbose_name="компетенции", default=list, blank=True)
    interests = ArrayField(models.CharField(max_length=100), verbose_name="интересы", default=list, blank=True)
    experience = models.TextField("опыт", blank=True)
    motivation = models.TextField("мотивация", blank=True)
    hours_per_month = models.PositiveSmallIntegerField("ресурс времени, часов в месяц", null=True, blank=True)
    forms = models.ManyToManyField(
        "programs.MentoringForm", verbose_name="формы наставничества", blank=True, related_name="mentor_profiles"
    )
    capacity = models.PositiveSmallIntegerField("наибольшее число наставляемых", default=1)
    # Selection criteria of seed 000, stage 2, as the curator assessed them.
    criterion_desire = models.BooleanField("желание участвовать", default=False)
    criterion_experience = models.BooleanField("профессиональный опыт", default=False)
    criterion_communication = models.BooleanField("коммуникативные навыки", default=False)
    criterion_time = models.BooleanField("ресурс времени", default=False)
    criterion_fit = models.BooleanField("соответствие запросам наставляемых", default=False)
    criterion_motivation = models.BooleanField("мотивация", default=False)
    criteria_assessed_on = models.DateField("дата оценки критериев", null=True, blank=True)
    criteria_note = models.TextField("комментарий к оценке", blank=True)
    created_at = models.DateTimeField("внесён в банк", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    CRITERIA = (
        "criterion_desire",
        "criterion_experience",
        "criterion_communication",
        "criterion_time",
        "criterion_fit",
        "criterion_motivation",
    )

    class Meta:
        verbose_name = "наставник (банк наставников)"
        verbose_name_plural = "банк наставников"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="mentor_capacity_positive",
                violation_error_message="Наставник должен быть готов сопровождать хотя бы одного наставляемого.",
            )
        ]

    def __str__(self):
        return f"Наставник {self.person}"

    def get_absolute_url(self):
        return reverse("people:mentor-detail", args=[self.pk])

    @property
    def criteria_met(self) -> int:
        return sum(getattr(self, name) for name in self.CRITERIA)


class MentorStatusChange(models.Model):
    """One step of a mentor's status workflow, kept for the record."""

    profile = models.ForeignKey(
        MentorProfile, verbose_name="наставник", on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField("был статус", max_length=20, choices=MentorProfile.Status.choices, blank=True)
    to_status = models.CharField("новый статус", max_length=20, choices=MentorProfile.Status.choices)
    changed_on = models.DateField("дата")
    basis = models.CharField("основание", max_length=300, blank=True)
    changed_by = models.ForeignKey(
        "people.User", verbose_name="кто изменил", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("записано", auto_now_add=True)

    class Meta:
        verbose_name = "смена статуса наставника"
        verbose_name_plural = "смены статуса наставников"
        ordering = ["-changed_on", "-pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class MentorTraining(models.Model):
    """Training of a mentor (e.g. «Школа наставников»)."""

    profile = models.ForeignKey(
        MentorProfile, verbose_name="наставник", on_delete=models.CASCADE, related_name="trainings"
    )
    title = models.CharField("программа обучения", max_length=300, default="Школа наставников")
    completed_on = models.DateField("дата")
    hours = models.PositiveSmallIntegerField("часов")
    document = models.CharField("документ", max_length=200, blank=True, help_text="Например, сертификат № 15.")

    class Meta:
        verbose_name = "обучение наставника"
        verbose_name_plural = "обучение наставников"
        ordering = ["-completed_on"]

    def __str__(self):
        return f"{self.title}, {self.completed_on:%d.%m.%Y}, {self.hours} ч."


@pghistory.track()
class MenteeProfile(models.Model):
    """A person's record in the mentee bank (банк наставляемых)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "ожидает подбора"
        PAIRED = "paired", "в паре"
        COMPLETED = "completed", "прошёл полный цикл"
        LEFT = "left", "выбыл"

    person = models.OneToOneField(
        Person, verbose_name="участник", on_delete=models.PROTECT, related_name="mentee_profile"
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.WAITING)
    full_cycle_completed_on = models.DateField(
        "прошёл полный цикл программы", null=True, blank=True, help_text="Отметку ставит куратор."
    )
    notes = models.TextField("примечания", blank=True)
    created_at = models.DateTimeField("внесён в банк", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    class Meta:
        verbose_name = "наставляемый (банк наставляемых)"
        verbose_name_plural = "банк наставляемых"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(full_cycle_completed_on__isnull=False),
                name="mentee_completed_has_date",
                violation_error_message="Для отметки «прошёл полный цикл программы» нужна дата.",
            )
        ]

    def __str__(self):
        return f"Наставляемый {self.person}"

    def get_absolute_url(self):
        return reverse("people:mentee-detail", args=[self.pk])


@pghistory.track()
class MenteeRequest(models.Model):
    """A mentee's request (запрос) and where it came from."""

    class Source(models.TextChoices):
        SELF = "self", "самозапрос"
        CLASS_TEACHER = "class_teacher", "классный руководитель"
        PSYCHOLOGIST = "psychologist", "педагог-психолог"
        SOCIAL_TEACHER = "social_teacher", "социальный педагог"
        PARENTS = "parents", "родители"
        ADMINISTRATION = "administration", "администрация"
        ATTESTATION = "attestation", "аттестация"
        METHODICAL = "methodical", "анализ методической работы"
        PERSONAL_FILE = "personal_file", "личное дело"

    profile = models.ForeignKey(
        MenteeProfile, verbose_name="наставляемый", on_delete=models.CASCADE, related_name="requests"
    )
    text = models.TextField("запрос")
    tags = ArrayField(models.CharField(max_length=100), verbose_name="темы", default=list, blank=True)
    source = models.CharField("источник запроса", max_length=20, choices=Source.choices)
    received_on = models.DateField("дата", default=dt.date.today)

    class Meta:
        verbose_name = "запрос наставляемого"
        verbose_name_plural = "запросы наставляемых"
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return self.text[:80]


class RosterImport(models.Model):
    """One upload of a roster spreadsheet: its file, what it did and what went wrong."""

    class Kind(models.TextChoices):
        PUPILS = "pupils", "обучающиеся"
        STAFF = "staff", "педагоги и сотрудники"
        PARENTS = "parents", "родители (законные представители)"
        PARTNERS = "partners", "сотрудники организаций-партнёров"
        MENTORS = "mentors", "банк наставников"
        MENTEES = "mentees", "банк наставляемых"
        PAIRS = "pairs", "наставнические пары"

    class Status(models.TextChoices):
        PENDING = "pending", "проверяется"
        PREVIEW = "preview", "ожидает подтверждения"
        INVALID = "invalid", "есть ошибки"
        RUNNING = "running", "загружается"
        DONE = "done", "загружен"
        FAILED = "failed", "сбой"
        CANCELLED = "cancelled", "отменён"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="roster_imports"
    )
    kind = models.CharField("что загружается", max_length=20, choices=Kind.choices)
    file = models.FileField("файл", upload_to="imports/%Y/%m/")
    original_name = models.CharField("имя файла", max_length=255)
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField("строк в файле", default=0)
    processed_rows = models.PositiveIntegerField("обработано строк", default=0)
    created_count = models.PositiveIntegerField("создано", default=0)
    updated_count = models.PositiveIntegerField("обновлено", default=0)
    unchanged_count = models.PositiveIntegerField("без изменений", default=0)
    errors = models.JSONField("ошибки", default=list, blank=True)
    unknown_columns = models.JSONField("нераспознанные столбцы", default=list, blank=True)
    task_id = models.CharField("фоновая задача", max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        "people.User", verbose_name="загрузил", on_delete=models.SET_NULL, null=True, related_name="roster_imports"
    )
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    # Set when the writing starts (the confirmation, the command line): a failed import with it failed
    # while writing and is run again as it was; one without it failed while being checked.
    confirmed_at = models.DateTimeField("подтверждён", null=True, blank=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)

    class Meta:
        verbose_name = "загрузка списка"
        verbose_name_plural = "загрузки списков"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name} ({self.created_at:%d.%m.%Y %H:%M})"

    def get_absolute_url(self):
        return reverse("people:import-detail", args=[self.pk])

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class AccessEvent(models.Model):
    """A line of the access log (журнал доступа): sign-ins, refusals and downloads of personal data.

    Append-only: the database refuses to change or delete a line (see people.audit).
    """

    class Kind(models.TextChoices):
        LOGIN = "login", "вход"
        LOGOUT = "logout", "выход"
        LOGIN_FAILED = "login_failed", "неудачный вход"
        FORBIDDEN = "forbidden", "отказ в доступе (403)"
        EXPORT = "export", "выгрузка файла"

    kind = models.CharField("событие", max_length=20, choices=Kind.choices)
    # No database constraint: a line outlives the account it names and is never rewritten.
    user = models.ForeignKey(
        "people.User",
        verbose_name="пользователь",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("логин", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    path = models.CharField("адрес страницы", max_length=500, blank=True)
    details = models.CharField("подробности", max_length=500, blank=True)
    at = models.DateTimeField("когда", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "событие журнала доступа"
        verbose_name_plural = "журнал доступа"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "-at"], name="access_event_kind_at")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.get_kind_display()} {self.username}"


class DestructionAct(models.Model):
    """Акт об уничтожении персональных данных (152-ФЗ ст. 21 ч. 5; требования приказа РКН от 28.10.2022 № 179).

    One act per organization (the operator) per run of ``purge_revoked``; its PDF is stored once with the
    extract of the event log appended, and kept three years as the order requires.
    """

    organization = models.ForeignKey(
        Organization, verbose_name="оператор", on_delete=models.PROTECT, related_name="destruction_acts"
    )
    number = models.PositiveIntegerField("номер акта")
    destroyed_on = models.DateField("дата уничтожения")
    performed_by = models.CharField("кем уничтожены", max_length=500)
    information_system = models.CharField("информационная система", max_length=300)
    data_categories = models.JSONField("перечень уничтоженных персональных данных", default=list)
    method = models.TextField("способ уничтожения")
    reason = models.TextField("причина уничтожения")
    log_extract = models.JSONField("выгрузка из журнала регистрации событий", default=list, blank=True)
    pdf = models.FileField("акт (PDF)", upload_to="destruction_acts/%Y/", blank=True)
    created_at = models.DateTimeField("составлен", auto_now_add=True)

    class Meta:
        verbose_name = "акт об уничтожении персональных данных"
        verbose_name_plural = "акты об уничтожении персональных данных"
        ordering = ["-destroyed_on", "-number"]
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="destruction_act_number_unique")]

    def __str__(self):
        return f"Акт об уничтожении персональных данных № {self.number} от {self.destroyed_on:%d.%m.%Y}"


class DestructionActSubject(models.Model):
    """A subject whose data an act destroyed; the person row stays (anonymized) and is never purged twice."""

    act = models.ForeignKey(DestructionAct, verbose_name="акт", on_delete=models.PROTECT, related_name="subjects")
    person = models.OneToOneField(
        Person,
        verbose_name="участник (обезличен)",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_purge",
    )
    identifier = models.CharField("обезличенный идентификатор", max_length=40)
    category = models.CharField("категория субъекта", max_length=100)
    revoked_on = models.DateField("дата отзыва согласия")
    data_categories = models.JSONField("уничтоженные сведения", default=list)

    class Meta:
        verbose_name = "субъект акта об уничтожении"
        verbose_name_plural = "субъекты актов об уничтожении"
        ordering = ["act", "identifier"]

    def __str__(self):
        return f"{self.identifier} ({self.category})"
