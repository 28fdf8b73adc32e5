"""Forms of the curator's program pages: they validate input; the views then call a service."""

import os

from django import forms
from django.utils import timezone

from mentorship.academic_year import AcademicYear
from people.forms import CrispyFormMixin, DateInput
from people.models import Person, User
from people.roles import Role
from programs.models import MentoringForm, MentoringType, Nomination, Pair, Program, RoadmapActivity, RoleModel
from programs.services import PROGRAM_SECTION_FIELDS

EVIDENCE_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".jpg", ".jpeg", ".png")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
TEXTAREA = {"rows": 4}


def person_label(person: Person) -> str:
    """«Иванова Мария Петровна — 7Б класс»: the name and what tells namesakes apart."""
    return f"{person.full_name} — {person.description}"


def pair_label(pair: Pair) -> str:
    """«Пара № 5: Петров П. П. → Иванова М. П.» (members prefetched by the selector)."""
    members = list(pair.members.all())
    mentors = ", ".join(m.person.short_name for m in members if m.role == m.Role.MENTOR)
    mentees = ", ".join(m.person.short_name for m in members if m.role == m.Role.MENTEE)
    return f"{pair}: {mentors} → {mentees}"


def curator_choices(organization_id: int):
    return (
        User.objects.filter(organization_id=organization_id, is_active=True, groups__name=Role.CURATOR.value)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def year_choices(around: AcademicYear | None = None) -> list[tuple[int, str]]:
    """The previous, the current and the next two academic years."""
    current = around or AcademicYear.current()
    return [(year, AcademicYear(year).label) for year in range(current.start_year - 1, current.start_year + 3)]


# --- Programs ------------------------------------------------------------------------------------


class ProgramCreateForm(CrispyFormMixin, forms.Form):
    """A program «from a form»: the form, the year, the curator and the type; the title is suggested."""

    mentoring_form = forms.ModelChoiceField(
        label="Форма наставничества",
        queryset=MentoringForm.objects.filter(is_active=True),
        empty_label="— выберите форму —",
        help_text="Цель, задачи и ожидаемые результаты программы будут взяты из описания формы.",
    )
    year = forms.TypedChoiceField(label="Учебный год", coerce=int)
    curator = forms.ModelChoiceField(label="Куратор", queryset=User.objects.none(), required=False)
    mentoring_type = forms.ChoiceField(
        label="Вид наставничества", choices=MentoringType.choices, initial=MentoringType.INDIVIDUAL
    )
    title = forms.CharField(
        label="Название",
        max_length=300,
        required=False,
        help_text="Если оставить пустым: «Программа наставничества по форме «…» на … учебный год».",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = AcademicYear.current().start_year
        curator = self.fields["curator"]
        curator.queryset = curator_choices(user.organization_id)
        curator.label_from_instance = lambda account: account.get_full_name() or account.username
        curator.empty_label = "— не назначен —"
        if user.has_role(Role.CURATOR):
            curator.initial = user.pk
        self.fields["mentoring_form"].widget.attrs["data-title-source"] = "form"
        self.fields["year"].widget.attrs["data-title-source"] = "year"
        self.fields["title"].widget.attrs["data-title-target"] = "true"

    @property
    def academic_year(self) -> AcademicYear:
        return AcademicYear(self.cleaned_data["year"])


class ProgramForm(CrispyFormMixin, forms.ModelForm):
    """Every section of a program (seed 001 §2) with its dates, forms, type and curator."""

    class Meta:
        model = Program
        fields = ("title", "starts_on", "ends_on", "forms", "mentoring_type", "curator", *PROGRAM_SECTION_FIELDS)
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "forms": forms.CheckboxSelectMultiple,
            **{name: forms.Textarea(attrs=TEXTAREA) for name in PROGRAM_SECTION_FIELDS},
        }
        help_texts = {
            "work_plan": "Основные мероприятия; подробный план с датами — в дорожной карте программы.",
            "measurement": "Анкетирование, мониторинг, показатели (раздел 5 методологии).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forms"].queryset = MentoringForm.objects.filter(is_active=True)
        curator = self.fields["curator"]
        curator.queryset = curator_choices(self.instance.organization_id)
        curator.label_from_instance = lambda account: account.get_full_name() or account.username
        curator.empty_label = "— не назначен —"


class ConfirmForm(CrispyFormMixin, forms.Form):
    """A confirmation with nothing to fill in."""


# --- Roadmap -------------------------------------------------------------------------------------


class ActivityForm(CrispyFormMixin, forms.ModelForm):
    """What an activity is, by when, who answers for it; the stage only when it is added."""

    class Meta:
        model = RoadmapActivity
        fields = ("stage", "title", "content", "deadline", "responsible", "responsible_people")
        widgets = {
            "deadline": DateInput(),
            "content": forms.Textarea(attrs=TEXTAREA),
            "responsible_people": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "responsible": "Как в плане: «Директор, куратор», «Классные руководители».",
            "responsible_people": "Можно выбрать нескольких (Ctrl или ⌘ при щелчке).",
        }

    def __init__(self, *args, program: Program, responsible_people, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["stage"]
        else:
            self.fields["stage"].queryset = program.stages.order_by("number")
            self.fields["stage"].empty_label = None
        people = self.fields["responsible_people"]
        people.queryset = responsible_people
        people.label_from_instance = person_label


class ActivityMarkForm(CrispyFormMixin, forms.Form):
    """The status of an activity, the date it was done, and its evidence: a file or a note."""

    status = forms.ChoiceField(label="Статус", choices=RoadmapActivity.Status.choices)
    completed_on = forms.DateField(
        label="Дата выполнения", required=False, widget=DateInput(), help_text="Для «выполнено»; пусто — сегодня."
    )
    evidence = forms.FileField(
        label="Подтверждающий документ",
        required=False,
        help_text="Приказ, протокол, фотоотчёт: PDF, документ, таблица или изображение, не больше 10 МБ.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EVIDENCE_EXTENSIONS)}),
    )
    evidence_note = forms.CharField(
        label="Подтверждение (ссылка, реквизиты)",
        max_length=500,
        required=False,
        help_text="Например, «приказ № 45 от 10.09.2025» или ссылка на публикацию на сайте школы.",
    )

    def __init__(self, *args, activity: RoadmapActivity, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": RoadmapActivity.Status.DONE,
                "completed_on": activity.completed_on or timezone.localdate(),
                "evidence_note": activity.evidence_note,
            },
        )
        super().__init__(*args, **kwargs)

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if not evidence:
            return None
        extension = os.path.splitext(evidence.name)[1].lower()
        if extension not in EVIDENCE_EXTENSIONS:
            raise forms.ValidationError(
                "Файл этого типа не принимается: загрузите PDF, документ, таблицу или изображение."
            )
        if evidence.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError("Файл больше 10 МБ.")
        return evidence


# --- Pairs and groups ----------------------------------------------------------------------------


class RoleModelSelect(forms.Select):
    """Options carry the id of their form, so static/js/pair-form.js can show only the chosen form's."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-form"] = str(instance.form_id)
        return option


class MentoringFormSelect(forms.Select):
    """Options carry the form a variation belongs to: its role models fit the variation too."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and instance.variation_of_id:
            option["attrs"]["data-parent"] = str(instance.variation_of_id)
        return option


class PairForm(CrispyFormMixin, forms.Form):
    """A pair or a group: form, role model, mentors from the mentor bank, mentees from the mentee bank."""

    mentoring_form = forms.ModelChoiceField(
        label="Форма наставничества", queryset=MentoringForm.objects.none(), widget=MentoringFormSelect
    )
    role_model = forms.ModelChoiceField(
        label="Ролевая модель", queryset=RoleModel.objects.none(), required=False, widget=RoleModelSelect
    )
    mentors = forms.ModelMultipleChoiceField(
        label="Наставники",
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Из банка наставников (одобренные). Несколько наставников — наставническая группа.",
    )
    mentees = forms.ModelMultipleChoiceField(
        label="Наставляемые",
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="Из банка наставляемых. Несколько наставляемых — наставническая группа.",
    )
    starts_on = forms.DateField(label="Начало", widget=DateInput())
    planned_end_on = forms.DateField(label="Плановое окончание", widget=DateInput())
    goals = forms.CharField(
        label="Цели пары (группы)",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Приоритетные цели и задачи развития наставляемого и общие задачи пары.",
    )

    def __init__(self, *args, program: Program, forms_allowed, role_models, mentors, mentees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentoring_form"].queryset = forms_allowed
        self.fields["mentoring_form"].empty_label = "— выберите форму —"
        if len(forms_allowed) == 1:
            self.fields["mentoring_form"].initial = forms_allowed[0].pk
        self.fields["mentoring_form"].widget.attrs["data-role-model-filter"] = "true"
        self.fields["role_model"].queryset = role_models
        self.fields["role_model"].empty_label = "— без ролевой модели —"
        self.fields["role_model"].label_from_instance = lambda role_model: f"{role_model.name} ({role_model.form})"
        self.fields["mentors"].queryset = mentors
        self.fields["mentors"].label_from_instance = person_label
        self.fields["mentees"].queryset = mentees
        self.fields["mentees"].label_from_instance = person_label
        today = timezone.localdate()
        self.fields["starts_on"].initial = min(max(program.starts_on, today), program.ends_on)
        self.fields["planned_end_on"].initial = program.ends_on
        self.fields["goals"].initial = program.goal


class PairCompleteForm(CrispyFormMixin, forms.Form):
    """Close a pair with its results; tick the mentees who went through the whole program."""

    ended_on = forms.DateField(label="Дата окончания", widget=DateInput())
    results = forms.CharField(label="Результаты работы пары", widget=forms.Textarea(attrs=TEXTAREA))
    feedback = forms.CharField(label="Обратная связь участников", required=False, widget=forms.Textarea(attrs=TEXTAREA))
    full_cycle = forms.MultipleChoiceField(
        label="Прошли полный цикл программы",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Отметка «прошёл полный цикл программы» — интегральный показатель целевой модели.",
    )

    def __init__(self, *args, mentees: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()
        self.fields["full_cycle"].choices = [(str(person.pk), person_label(person)) for person in mentees]

    def clean_full_cycle(self):
        return [int(value) for value in self.cleaned_data["full_cycle"]]


class PairTerminateForm(CrispyFormMixin, forms.Form):
    ended_on = forms.DateField(label="Дата прекращения", widget=DateInput())
    reason = forms.CharField(
        label="Причина досрочного прекращения",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Например, «наставляемый перешёл в другую школу» или «отозвано согласие».",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


# --- Matching and preferences ---------------------------------------------------------------------


class PreferenceForm(CrispyFormMixin, forms.Form):
    """Up to three people named after the group meeting, the first choice first."""

    RANK_LABELS = ("Первый выбор", "Второй выбор", "Третий выбор")

    def __init__(self, *args, options: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *[(str(person_id), label) for person_id, label in options]]
        for number, label in enumerate(self.RANK_LABELS, start=1):
            self.fields[f"choice_{number}"] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, required=False, empty_value=None
            )

    @property
    def ranked_ids(self) -> list[int]:
        return [
            self.cleaned_data[f"choice_{number}"]
            for number in range(1, len(self.RANK_LABELS) + 1)
            if self.cleaned_data.get(f"choice_{number}") is not None
        ]


# --- Completion ----------------------------------------------------------------------------------


class NominationForm(CrispyFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Номинация", choices=Nomination.Kind.choices, widget=forms.RadioSelect)
    mentor = forms.ModelChoiceField(
        label="Наставник", queryset=Person.objects.none(), required=False, help_text="Для «Наставника года»."
    )
    pair = forms.ModelChoiceField(
        label="Пара (группа)", queryset=Pair.objects.none(), required=False, help_text="Для «Лучшей пары»."
    )
    reason = forms.CharField(label="За что", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, mentors, pairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["mentor"].label_from_instance = person_label
        self.fields["mentor"].empty_label = "—"
        self.fields["pair"].queryset = pairs
        self.fields["pair"].label_from_instance = pair_label
        self.fields["pair"].empty_label = "—"


class PracticeCaseForm(CrispyFormMixin, forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    description = forms.CharField(
        label="Описание",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Что сделали, какими средствами, какой получили результат — чтобы практику можно было повторить.",
    )
    pair = forms.ModelChoiceField(label="Пара (группа)", queryset=Pair.objects.none(), required=False)

    def __init__(self, *args, pairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pair"].queryset = pairs
        self.fields["pair"].label_from_instance = pair_label
        self.fields["pair"].empty_label = "— без пары —"
