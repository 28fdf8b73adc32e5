"""Questionnaires, campaigns and responses; indicator plans and fixed snapshots; mentors' reports."""

import secrets

import pghistory
from django.db import models
from django.urls import reverse


class Audience(models.TextChoices):
    MENTOR = "mentor", "наставник"
    MENTEE = "mentee", "наставляемый"
    MENTOR_CANDIDATE = "mentor_candidate", "кандидат в наставники"
    MENTEE_CANDIDATE = "mentee_candidate", "кандидат в наставляемые"
    CURATOR = "curator", "куратор"


class Questionnaire(models.Model):
    """A questionnaire template (анкета); the standard set ships as fixtures with no organization."""

    class Purpose(models.TextChoices):
        ENTRY = "entry", "входное"
        INTERIM = "interim", "промежуточное"
        FINAL = "final", "итоговое"
        SATISFACTION = "satisfaction", "удовлетворённость"
        GROUP_MEETING = "group_meeting", "после групповой встречи"

    organization = models.ForeignKey(
        "people.Organization",
        verbose_name="организация",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaires",
        help_text="Пусто — стандартная анкета для всех организаций.",
    )
    code = models.SlugField("код", max_length=80, unique=True)
    title = models.CharField("название", max_length=300)
    description = models.TextField("пояснение для респондента", blank=True)
    audience = models.CharField("кому", max_length=20, choices=Audience.choices)
    purpose = models.CharField("назначение", max_length=20, choices=Purpose.choices)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "анкета"
        verbose_name_plural = "анкеты"
        ordering = ["audience", "purpose", "title"]

    def __str__(self):
        return self.title


class QuestionnaireSection(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета", on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField("раздел", max_length=300)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "раздел анкеты"
        verbose_name_plural = "разделы анкет"
        ordering = ["questionnaire", "order", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", "шкала 1–10"
        SINGLE = "single", "один вариант"
        MULTIPLE = "multiple", "несколько вариантов"
        YES_NO = "yes_no", "да / нет"
        SHORT_TEXT = "short_text", "короткий ответ"
        LONG_TEXT = "long_text", "развёрнутый ответ"
        RANKING = "ranking", "выбор по предпочтению (1, 2, 3)"

    class ImpactArea(models.TextChoices):
        NONE = "", "—"
        MOTIVATION = "motivation", "мотивация"
        SOFT_SKILLS = "soft_skills", "гибкие навыки"
        INVOLVEMENT = "involvement", "включённость"
        ADAPTATION = "adaptation", "адаптация"

    section = models.ForeignKey(
        QuestionnaireSection, verbose_name="раздел", on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField("вопрос", max_length=500)
    help_text = models.CharField("подсказка", max_length=300, blank=True)
    kind = models.CharField("тип", max_length=20, choices=Kind.choices)
    choices = models.JSONField("варианты ответа", default=list, blank=True)
    required = models.BooleanField("обязательный", default=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_satisfaction = models.BooleanField(
        "вопрос об удовлетворённости", default=False, help_text="Входит в показатели удовлетворённости."
    )
    impact_area = models.CharField(
        "что измеряет (вход/выход)", max_length=20, choices=ImpactArea.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["section", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(is_satisfaction=True) | models.Q(kind="scale"),
                name="satisfaction_question_is_a_scale",
                violation_error_message="Вопрос об удовлетворённости должен быть со шкалой 1–10.",
            )
        ]

    def __str__(self):
        return self.text


class Campaign(models.Model):
    """A questionnaire sent to a program's mentors and/or mentees (or chosen pairs) with a deadline."""

    class Status(models.TextChoices):
        DRAFT = "draft", "подготовка"
        RUNNING = "running", "идёт опрос"
        CLOSED = "closed", "завершена"

    organization = models.ForeignKey(
        "people.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="campaigns"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета", on_delete=models.PROTECT, related_name="campaigns"
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name="программа",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    title = models.CharField("название", max_length=300)
    deadline = models.DateField("срок")
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    reminder_sent_on = models.DateField("напоминание отправлено", null=True, blank=True)
    created_by = models.ForeignKey(
        "people.User", verbose_name="создал", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "кампания анкетирования"
        verbose_name_plural = "кампании анкетирования"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitoring:campaign-detail", args=[self.pk])


def new_token() -> str:
    """256 random bits, URL-safe: a personal link nobody can guess."""
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """One respondent of a campaign; mentees without an account answer through its personal link."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="кампания", on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="респондент", on_delete=models.CASCADE, related_name="invitations"
    )
    pair = models.ForeignKey(
        "programs.Pair", verbose_name="пара", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField("отвечает как", max_length=20, choices=Audience.choices)
    token = models.CharField("ключ ссылки", max_length=64, unique=True, default=new_token, editable=False)
    expires_at = models.DateTimeField("ссылка действует до")
    used_at = models.DateTimeField("ответ получен", null=True, blank=True)
    emailed_at = models.DateTimeField("ссылка отправлена", null=True, blank=True)
    reminded_at = models.DateTimeField("напоминание", null=True, blank=True)

    class Meta:
        verbose_name = "приглашение к анкете"
        verbose_name_plural = "приглашения к анкетам"
        ordering = ["campaign", "person__last_name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="invitation_once_per_campaign")]

    def __str__(self):
        return f"{self.person} — {self.campaign}"


@pghistory.track()
class Response(models.Model):
    """A submitted questionnaire; once submitted it is locked and never edited."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="кампания", on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета", on_delete=models.PROTECT, related_name="responses"
    )
    invitation = models.OneToOneField(
        Invitation, verbose_name="приглашение", on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    respondent = models.ForeignKey(
        "people.Person", verbose_name="респондент", on_delete=models.PROTECT, related_name="responses"
    )
    role = models.CharField("отвечал как", max_length=20, choices=Audience.choices)
    pair = models.ForeignKey(
        "programs.Pair", verbose_name="пара", on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    submitted_at = models.DateTimeField("отправлена")

    class Meta:
        verbose_name = "ответ на анкету"
        verbose_name_plural = "ответы на анкеты"
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["role", "submitted_at"])]

    def __str__(self):
        return f"{self.respondent} — {self.questionnaire} ({self.submitted_at:%d.%m.%Y})"


@pghistory.track()
class Answer(models.Model):
    response = models.ForeignKey(Response, verbose_name="ответ", on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name="вопрос", on_delete=models.PROTECT, related_name="answers")
    number = models.SmallIntegerField("число", null=True, blank=True)
    text = models.TextField("текст", blank=True)
    choices = models.JSONField("выбранные варианты", default=list, blank=True)

    class Meta:
        verbose_name = "ответ на вопрос"
        verbose_name_plural = "ответы на вопросы"
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question"),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True) | models.Q(number__gte=0, number__lte=10),
                name="answer_number_in_scale",
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.number if self.number is not None else self.text or self.choices}"


class IndicatorPlan(models.Model):
    """A plan value of a target indicator for an academic year, edited by the school."""

    organization = models.ForeignKey(
        "people.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="indicator_plans"
    )
    year_start = models.PositiveSmallIntegerField("учебный год")
    indicator = models.CharField("показатель", max_length=40)
    value = models.DecimalField("план, %", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "плановое значение показателя"
        verbose_name_plural = "плановые значения показателей"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year_start", "indicator"], name="indicator_plan_once"),
            models.CheckConstraint(condition=models.Q(value__gte=0, value__lte=100), name="indicator_plan_percent"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year_start}: {self.value}"


class IndicatorSnapshot(models.Model):
    """Indicators of a year fixed as reported: the figures stay as they were sent."""

    organization = models.ForeignKey(
        "people.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="indicator_snapshots"
    )
    year_start = models.PositiveSmallIntegerField("учебный год")
    data = models.JSONField("значения")
    fixed_at = models.DateTimeField("зафиксировано", auto_now_add=True)
    fixed_by = models.ForeignKey(
        "people.User", verbose_name="зафиксировал", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "зафиксированные показатели"
        verbose_name_plural = "зафиксированные показатели"
        ordering = ["-year_start", "-fixed_at"]
        constraints = [models.UniqueConstraint(fields=["organization", "year_start"], name="snapshot_once_per_year")]

    def __str__(self):
        return f"Показатели {self.year_start}/{self.year_start + 1}"


@pghistory.track()
class MentorReport(models.Model):
    """A mentor's quarterly report on the criteria of seed 001 §5.3, checked by the curator."""

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        SUBMITTED = "submitted", "на проверке"
        RETURNED = "returned", "возвращён на доработку"
        ACCEPTED = "accepted", "принят"

    pair = models.ForeignKey("programs.Pair", verbose_name="пара", on_delete=models.CASCADE, related_name="reports")
    mentor = models.ForeignKey("people.Person", verbose_name="наставник", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("год")
    quarter = models.PositiveSmallIntegerField("квартал", choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")])
    project_culture = models.TextField("проектная культура наставляемых", blank=True)
    clubs_attendance = models.TextField("посещение кружков, объединений, секций", blank=True)
    projects_done = models.PositiveSmallIntegerField("реализовано проектов", default=0)
    contests_activity = models.TextField("участие в конкурсах, олимпиадах, соревнованиях", blank=True)
    comment = models.TextField("комментарий наставника", blank=True)
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    curator_comment = models.TextField("замечания куратора", blank=True)
    submitted_at = models.DateTimeField("отправлен", null=True, blank=True)
    reviewed_at = models.DateTimeField("проверен", null=True, blank=True)

    class Meta:
        verbose_name = "ежеквартальный отчёт наставника"
        verbose_name_plural = "ежеквартальные отчёты наставников"
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "mentor", "year", "quarter"], name="report_once_per_quarter")
        ]

    def __str__(self):
        return f"Отчёт за {self.get_quarter_display()} квартал {self.year} г. — {self.mentor}"


class YearEndReport(models.Model):
    """The year-end formal report of a pair, filled by the curator, the mentor and the mentee."""

    class Author(models.TextChoices):
        CURATOR = "curator", "куратор"
        MENTOR = "mentor", "наставник"
        MENTEE = "mentee", "наставляемый"

    pair = models.ForeignKey(
        "programs.Pair", verbose_name="пара", on_delete=models.CASCADE, related_name="year_reports"
    )
    author_role = models.CharField("кто заполняет", max_length=10, choices=Author.choices)
    author = models.ForeignKey("people.Person", verbose_name="автор", on_delete=models.PROTECT, related_name="+")
    results = models.TextField("достигнутые результаты")
    difficulties = models.TextField("трудности", blank=True)
    proposals = models.TextField("предложения", blank=True)
    submitted_at = models.DateTimeField("заполнен", auto_now_add=True)

    class Meta:
        verbose_name = "итоговый отчёт"
        verbose_name_plural = "итоговые отчёты"
        constraints = [models.UniqueConstraint(fields=["pair", "author_role"], name="year_report_once_per_role")]

    def __str__(self):
        return f"Итоговый отчёт ({self.get_author_role_display()}) — пара № {self.pair_id}"


class MonitoringReport(models.Model):
    """The school's annual monitoring report (due 20 October): the SWOT texts the curator writes."""

    organization = models.ForeignKey(
        "people.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="monitoring_reports"
    )
    year_start = models.PositiveSmallIntegerField("учебный год")
    strengths = models.TextField("сильные стороны", blank=True)
    weaknesses = models.TextField("слабые стороны", blank=True)
    opportunities = models.TextField("возможности", blank=True)
    threats = models.TextField("угрозы", blank=True)
    conclusions = models.TextField("выводы", blank=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    class Meta:
        verbose_name = "отчёт о мониторинге"
        verbose_name_plural = "отчёты о мониторинге"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year_start"], name="monitoring_report_once_per_year")
        ]

    def __str__(self):
        return f"Отчёт о мониторинге за {self.year_start}/{self.year_start + 1} учебный год"


class DataChange(models.Model):
    """One write statement that touched an organization's data: the version of its cached panels.

    Rows are inserted only by database triggers (migration 0003): one statement-level trigger per table the
    cached panels read — people, consents, programs, roadmaps, pairs, meetings, orders, responses, plans —
    so imports, bulk updates and raw SQL count as well as forms. ``mentorship.datacache`` reads the count and
    the last id of an organization's rows as its version (the count catches a transaction that commits after
    a later one) and deletes the old rows now and then; no code writes here.
    """

    organization_id = models.BigIntegerField("организация", db_index=False)

    class Meta:
        verbose_name = "изменение данных организации"
        verbose_name_plural = "изменения данных организаций"
        indexes = [models.Index(fields=["organization_id", "id"], name="datachange_org_id")]

    def __str__(self):
        return f"Изменение № {self.pk} организации {self.organization_id}"
