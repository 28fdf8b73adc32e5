"""Forms of mentoring, programs with their six-stage roadmap, pairs and groups."""

import datetime as dt

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
