"""Forms of mentoring, programs with their six-stage roadmap, pairs and groups."""

import datetime as dt

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone

from mentorship.academic_year import AcademicYear
from people.models import Person


class MentoringForm(models.Model):
    """A form of mentoring (форма наставничества, seed 001 §4) and who may take part in it."""

    class MenteeMark(models.TextChoices):
        NONE = "", "не требуется"
        DISABILITY = "disability", "ОВЗ"
        AT_RISK = "at_risk", "группа риска"
        GIFTED = "gifted", "одарённый / высокомотивированный"

    code = models.SlugField("код", max_length=50, unique=True)
    name = models.CharField("название", max_length=200)
    variation_of = models.ForeignKey(
        "self",
        verbose_name="вариация формы",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="variations",
    )
    mentor_categories = ArrayField(
        models.CharField(max_length=20, choices=Person.Category.choices), verbose_name="кто может быть наставником"
    )
    mentee_categories = ArrayField(
        models.CharField(max_length=20, choices=Person.Category.choices), verbose_name="кто может быть наставляемым"
    )
    goal = models.TextField("цель", blank=True)
    tasks = models.TextField("задачи", blank=True)
    expected_results = models.TextField("ожидаемые результаты", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "форма наставничества"
        verbose_name_plural = "формы наставничества"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class RoleModel(models.Model):
    """A role-model variant inside a form («успевающий – неуспевающий», «учитель – ученик с ОВЗ»)."""

    form = models.ForeignKey(MentoringForm, verbose_name="форма", on_delete=models.CASCADE, related_name="role_models")
    code = models.SlugField("код", max_length=50, unique=True)
    name = models.CharField("название", max_length=200)
    mentee_mark = models.CharField(
        "обязательная отметка наставляемого",
        max_length=20,
        choices=MentoringForm.MenteeMark.choices,
        blank=True,
        default="",
    )
    description = models.TextField("описание", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "ролевая модель"
        verbose_name_plural = "ролевые модели"
        ordering = ["form", "order", "name"]

    def __str__(self):
        return self.name


class MentoringType(models.TextChoices):
    """Виды наставничества (seed 001): how long and in what setting mentoring happens."""

    INDIVIDUAL = "individual", "индивидуальное (долгосрочное)"
    SHORT_TERM = "short_term", "краткосрочное"
    SITUATIONAL = "situational", "ситуационное"
    FLASH = "flash", "флеш-наставничество"
    GROUP = "group", "групповое"


@pghistory.track()
class Program(models.Model):
    """Программа наставничества with the sections of seed 001 §2."""

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        APPROVED = "approved", "утверждена"
        RUNNING = "running", "реализуется"
        COMPLETED = "completed", "завершена"

    organization = models.ForeignKey(
        "people.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="programs"
    )
    title = models.CharField("название", max_length=300)
    year_start = models.PositiveSmallIntegerField(
        "учебный год", help_text="Год начала учебного года: 2025 — это 2025/2026 учебный год."
    )
    starts_on = models.DateField("начало реализации")
    ends_on = models.DateField("окончание реализации")
    forms = models.ManyToManyField(MentoringForm, verbose_name="формы наставничества", related_name="programs")
    mentoring_type = models.CharField(
        "вид наставничества", max_length=20, choices=MentoringType.choices, default=MentoringType.INDIVIDUAL
    )
    curator = models.ForeignKey(
        "people.User", verbose_name="куратор", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.DRAFT)
    relevance = models.TextField("актуальность", blank=True)
    goal = models.TextField("цель", blank=True)
    tasks = models.TextField("задачи", blank=True)
    content = models.TextField("содержание", blank=True)
    target_audience = models.TextField("целевая аудитория", blank=True)
    mentor_requirements = models.TextField("принципы подбора наставников (требования к наставнику)", blank=True)
    work_plan = models.TextField("план работы", blank=True)
    expected_results = models.TextField("ожидаемые результаты", blank=True)
    measurement = models.TextField("способы измерения результатов", blank=True)
    conditions = models.TextField("организационно-педагогические условия", blank=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    class Meta:
        verbose_name = "программа наставничества"
        verbose_name_plural = "программы наставничества"
        ordering = ["-year_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="program_ends_after_start",
                violation_error_message="Окончание программы не может быть раньше её начала.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:program-detail", args=[self.pk])

    @property
    def academic_year(self) -> AcademicYear:
        return AcademicYear(self.year_start)


class RoadmapStage(models.Model):
    """One of the six stages of a program's roadmap (seed 000)."""

    program = models.ForeignKey(Program, verbose_name="программа", on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField("номер этапа")
    title = models.CharField("этап", max_length=300)
    description = models.TextField("описание", blank=True)

    class Meta:
        verbose_name = "этап дорожной карты"
        verbose_name_plural = "этапы дорожной карты"
        ordering = ["program", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="stage_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class RoadmapActivity(models.Model):
    """An activity of a roadmap stage: what, by when, who answers for it, and its evidence."""

    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        IN_PROGRESS = "in_progress", "выполняется"
        DONE = "done", "выполнено"
        CANCELLED = "cancelled", "отменено"

    stage = models.ForeignKey(RoadmapStage, verbose_name="этап", on_delete=models.CASCADE, related_name="activities")
    title = models.CharField("мероприятие", max_length=500)
    content = models.TextField("содержание деятельности", blank=True)
    deadline = models.DateField("срок")
    responsible = models.CharField("ответственные", max_length=300, blank=True)
    responsible_people = models.ManyToManyField(
        "people.Person", verbose_name="ответственные участники", blank=True, related_name="roadmap_activities"
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField("дата выполнения", null=True, blank=True)
    evidence = models.FileField("подтверждающий документ", upload_to="roadmap/%Y/", blank=True)
    evidence_note = models.CharField("подтверждение (ссылка, реквизиты)", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "мероприятие дорожной карты"
        verbose_name_plural = "мероприятия дорожной карты"
        ordering = ["stage", "order", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="activity_done_has_date",
                violation_error_message="У выполненного мероприятия должна быть дата выполнения.",
            )
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today: dt.date | None = None) -> bool:
        open_statuses = (self.Status.PLANNED, self.Status.IN_PROGRESS)
        return self.status in open_statuses and self.deadline < (today or timezone.localdate())


@pghistory.track()
class Pair(models.Model):
    """Наставническая пара или группа: mentors and mentees in a program, a form and a role model."""

    class Status(models.TextChoices):
        FORMING = "forming", "формируется"
        APPROVED = "approved", "утверждена"
        ACTIVE = "active", "действует"
        COMPLETED = "completed", "завершена"
        TERMINATED = "terminated", "прекращена досрочно"

    # Statuses in which a pair occupies its mentors' capacity and blocks a duplicate.
    OPEN_STATUSES = (Status.FORMING, Status.APPROVED, Status.ACTIVE)
    # Statuses that count for the indicators of a year (issue "Monitoring").
    COUNTED_STATUSES = (Status.APPROVED, Status.ACTIVE, Status.COMPLETED)

    program = models.ForeignKey(Program, verbose_name="программа", on_delete=models.PROTECT, related_name="pairs")
    form = models.ForeignKey(MentoringForm, verbose_name="форма", on_delete=models.PROTECT, related_name="pairs")
    role_model = models.ForeignKey(
        RoleModel, verbose_name="ролевая модель", on_delete=models.PROTECT, null=True, blank=True, related_name="pairs"
    )
    starts_on = models.DateField("начало")
    planned_end_on = models.DateField("плановое окончание")
    ended_on = models.DateField("фактическое окончание", null=True, blank=True)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.FORMING)
    goals = models.TextField("цели", blank=True)
    termination_reason = models.TextField("причина досрочного прекращения", blank=True)
    results = models.TextField("результаты", blank=True)
    feedback = models.TextField("обратная связь", blank=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    class Meta:
        verbose_name = "наставническая пара (группа)"
        verbose_name_plural = "наставнические пары и группы"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end_on__gte=models.F("starts_on")),
                name="pair_ends_after_start",
                violation_error_message="Плановое окончание не может быть раньше начала.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="terminated") | ~models.Q(termination_reason=""),
                name="pair_termination_has_reason",
                violation_error_message="Укажите причину досрочного прекращения.",
            ),
        ]

    def __str__(self):
        return f"{'Группа' if self.is_group else 'Пара'} № {self.pk}"

    def get_absolute_url(self):
        return reverse("programs:pair-detail", args=[self.pk])

    @property
    def is_group(self) -> bool:
        members = list(self.members.all())
        return (
            sum(m.role == PairMember.Role.MENTOR for m in members) > 1
            or sum(m.role == PairMember.Role.MENTEE for m in members) > 1
        )


@pghistory.track()
class PairMember(models.Model):
    """A person in a pair or group, as mentor or as mentee."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "наставник"
        MENTEE = "mentee", "наставляемый"

    pair = models.ForeignKey(Pair, verbose_name="пара", on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", verbose_name="участник", on_delete=models.PROTECT, related_name="pair_memberships"
    )
    role = models.CharField("роль", max_length=10, choices=Role.choices)
    full_cycle = models.BooleanField("прошёл полный цикл", default=False)

    class Meta:
        verbose_name = "участник пары"
        verbose_name_plural = "участники пар"
        ordering = ["role", "person__last_name"]
        constraints = [models.UniqueConstraint(fields=["pair", "person"], name="pair_member_once")]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"


@pghistory.track()
class Meeting(models.Model):
    """A meeting of a pair or group (seed 003, stage 6), logged by the mentor."""

    class Kind(models.TextChoices):
        FIRST = "first", "первая (организационная)"
        TRIAL = "trial", "вторая (пробная рабочая)"
        PLANNING = "planning", "встреча-планирование"
        REGULAR = "regular", "регулярная"
        FINAL = "final", "заключительная"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "очно"
        ONLINE = "online", "дистанционно"

    pair = models.ForeignKey(Pair, verbose_name="пара", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField("вид встречи", max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    held_on = models.DateField("дата")
    format = models.CharField("формат", max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    topic = models.CharField("тема", max_length=300)
    notes = models.TextField("заметки", blank=True)
    attendees = models.ManyToManyField(
        "people.Person", verbose_name="присутствовали", blank=True, related_name="meetings_attended"
    )
    logged_by = models.ForeignKey(
        "people.User", verbose_name="внёс", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("внесена", auto_now_add=True)

    class Meta:
        verbose_name = "встреча"
        verbose_name_plural = "встречи"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["pair", "held_on"])]

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y}: {self.topic}"


@pghistory.track()
class PlanGoal(models.Model):
    """A goal of a mentee's individual development plan (индивидуальный план развития)."""

    pair = models.ForeignKey(Pair, verbose_name="пара", on_delete=models.CASCADE, related_name="plan_goals")
    mentee = models.ForeignKey(
        "people.Person", verbose_name="наставляемый", on_delete=models.CASCADE, related_name="plan_goals"
    )
    title = models.CharField("цель", max_length=300)
    description = models.TextField("описание", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "цель плана развития"
        verbose_name_plural = "цели плана развития"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


@pghistory.track()
class PlanTask(models.Model):
    """A task under a goal of the development plan, with a deadline and a status."""

    class Status(models.TextChoices):
        PLANNED = "planned", "запланирована"
        IN_PROGRESS = "in_progress", "выполняется"
        DONE = "done", "выполнена"
        CANCELLED = "cancelled", "отменена"

    goal = models.ForeignKey(PlanGoal, verbose_name="цель", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("задача", max_length=300)
    deadline = models.DateField("срок", null=True, blank=True)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField("выполнена", null=True, blank=True)

    class Meta:
        verbose_name = "задача плана развития"
        verbose_name_plural = "задачи плана развития"
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.title


class MatchPreference(models.Model):
    """Whom a participant prefers after the group meeting (ranked choice; 1 is the first choice)."""

    program = models.ForeignKey(Program, verbose_name="программа", on_delete=models.CASCADE, related_name="preferences")
    chooser = models.ForeignKey(
        "people.Person", verbose_name="кто выбирает", on_delete=models.CASCADE, related_name="preferences_given"
    )
    chosen = models.ForeignKey(
        "people.Person", verbose_name="кого выбирает", on_delete=models.CASCADE, related_name="preferences_received"
    )
    rank = models.PositiveSmallIntegerField("место в списке")

    class Meta:
        verbose_name = "предпочтение участника"
        verbose_name_plural = "предпочтения участников"
        ordering = ["program", "chooser", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["program", "chooser", "chosen"], name="preference_once"),
            models.UniqueConstraint(fields=["program", "chooser", "rank"], name="preference_rank_once"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="preference_rank_positive"),
        ]

    def __str__(self):
        return f"{self.chooser} → {self.chosen} ({self.rank})"


class Nomination(models.Model):
    """An award at the end of a program: «Наставник года» or «Лучшая пара»."""

    class Kind(models.TextChoices):
        MENTOR_OF_YEAR = "mentor_of_year", "Наставник года"
        BEST_PAIR = "best_pair", "Лучшая пара"

    program = models.ForeignKey(Program, verbose_name="программа", on_delete=models.CASCADE, related_name="nominations")
    kind = models.CharField("номинация", max_length=20, choices=Kind.choices)
    mentor = models.ForeignKey(
        "people.Person", verbose_name="наставник", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pair = models.ForeignKey(
        Pair, verbose_name="пара", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField("за что")

    class Meta:
        verbose_name = "номинация"
        verbose_name_plural = "номинации"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="mentor_of_year") & models.Q(mentor__isnull=False))
                | (models.Q(kind="best_pair") & models.Q(pair__isnull=False)),
                name="nomination_has_its_subject",
                violation_error_message="Для «Наставника года» выберите наставника, для «Лучшей пары» — пару.",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.mentor or self.pair}"


class PracticeCase(models.Model):
    """A best-practice case (кейс) of a program, told by the curator."""

    program = models.ForeignKey(Program, verbose_name="программа", on_delete=models.CASCADE, related_name="cases")
    pair = models.ForeignKey(
        Pair, verbose_name="пара", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField("название", max_length=300)
    description = models.TextField("описание")
    created_at = models.DateTimeField("добавлен", auto_now_add=True)

    class Meta:
        verbose_name = "кейс лучшей практики"
        verbose_name_plural = "кейсы лучших практик"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


@pghistory.track()
class Order(models.Model):
    """Приказ: a record with per-year numbering; once signed, its PDF is stored and never changes."""

    class Kind(models.TextChoices):
        PAIRS_APPROVAL = "pairs_approval", "Об утверждении наставнических пар/групп"
        MODEL_INTRODUCTION = "model_introduction", "О внедрении целевой модели наставничества"
        CURATOR_APPOINTMENT = "curator_appointment", "О назначении куратора"
        MENTOR_AWARDS = "mentor_awards", "О поощрении наставников"
        FINAL_EVENT = "final_event", "О проведении итогового мероприятия"

    class Status(models.TextChoices):
        DRAFT = "draft", "проект"
        SIGNED = "signed", "подписан"

    organization = models.ForeignKey(
        "people.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="orders"
    )
    kind = models.CharField("вид приказа", max_length=30, choices=Kind.choices)
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    number_year = models.PositiveSmallIntegerField("год нумерации", null=True, blank=True)
    sequence = models.PositiveIntegerField("порядковый номер", null=True, blank=True)
    number_suffix = models.CharField("индекс номера", max_length=10, blank=True, default="-о")
    issued_on = models.DateField("дата приказа", null=True, blank=True)
    subject = models.CharField("заголовок", max_length=500)
    preamble = models.TextField("преамбула", blank=True)
    items = models.JSONField("пункты", default=list, blank=True)
    program = models.ForeignKey(
        Program, verbose_name="программа", on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    pairs = models.ManyToManyField(Pair, verbose_name="пары и группы", blank=True, related_name="orders")
    nominations = models.ManyToManyField(Nomination, verbose_name="номинации", blank=True, related_name="orders")
    appointee = models.ForeignKey(
        "people.Person",
        verbose_name="назначаемый (куратор)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signer_name = models.CharField("подписывает", max_length=300, blank=True)
    signer_position = models.CharField("должность подписывающего", max_length=200, blank=True)
    signed_by = models.ForeignKey(
        "people.User", verbose_name="подписал", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField("подписан", null=True, blank=True)
    pdf = models.FileField("подписанный PDF", upload_to="orders/%Y/", blank=True)
    pdf_sha256 = models.CharField("контрольная сумма PDF", max_length=64, blank=True)
    created_by = models.ForeignKey(
        "people.User", verbose_name="подготовил", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    class Meta:
        verbose_name = "приказ"
        verbose_name_plural = "приказы"
        ordering = ["-number_year", "-sequence", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number_year", "sequence", "number_suffix"],
                condition=models.Q(sequence__isnull=False),
                name="order_number_unique_per_year",
                violation_error_message="Приказ с таким номером в этом году уже есть.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    models.Q(sequence__isnull=False)
                    & models.Q(issued_on__isnull=False)
                    & models.Q(signed_at__isnull=False)
                    & ~models.Q(pdf="")
                ),
                name="order_signed_is_complete",
                violation_error_message="У подписанного приказа должны быть номер, дата и сохранённый PDF.",
            ),
        ]

    def __str__(self):
        return f"Приказ № {self.number} «{self.subject}»" if self.sequence else f"Проект приказа «{self.subject}»"

    def get_absolute_url(self):
        return reverse("programs:order-detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"{self.sequence}{self.number_suffix}" if self.sequence else ""


class Rollover(models.Model):
    """Переход на новый учебный год: one run per organization and year, with what it did (programs.rollover)."""

    organization = models.ForeignKey(
        "people.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="rollovers"
    )
    from_year = models.PositiveSmallIntegerField("из учебного года")
    to_year = models.PositiveSmallIntegerField("в учебный год")
    performed_by = models.ForeignKey(
        "people.User", verbose_name="выполнил", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    performed_at = models.DateTimeField("выполнен", auto_now_add=True)
    summary = models.JSONField("итоги", default=dict, blank=True)

    class Meta:
        verbose_name = "переход на новый учебный год"
        verbose_name_plural = "переходы на новый учебный год"
        ordering = ["-to_year", "-performed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "to_year"],
                name="rollover_once_per_year",
                violation_error_message="Организация уже переведена на этот учебный год.",
            ),
            models.CheckConstraint(
                condition=models.Q(to_year=models.F("from_year") + 1),
                name="rollover_to_next_year",
                violation_error_message="Переход возможен только на следующий учебный год.",
            ),
        ]

    def __str__(self):
        return f"Переход на {AcademicYear(self.to_year).label} учебный год"
