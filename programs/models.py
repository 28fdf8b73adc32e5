"""Programs, pairs and groups; for now the reference data: forms of mentoring and role models."""

from django.contrib.postgres.fields import ArrayField
from django.db import models

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
