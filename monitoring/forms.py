"""Forms of monitoring: a campaign, and a questionnaire to fill. They validate input; services write."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe

from monitoring import selectors
from monitoring.models import Question, Questionnaire, QuestionnaireSection
from monitoring.services import LONG_TEXT_MAX, REQUIRED, SCALE_MAX, SCALE_MIN, SHORT_TEXT_MAX
from people.forms import CrispyFormMixin, DateInput
from people.models import Person, User
from programs.forms import pair_label
from programs.models import Pair, Program
from programs.selectors import pairs_visible_to, programs_visible_to
from programs.services import MAX_PREFERENCES

# --- A campaign ------------------------------------------------------------------------------------


class CampaignForm(CrispyFormMixin, forms.Form):
    SCOPE_ALL = "all"
    SCOPE_PAIRS = "pairs"

    questionnaire = forms.ModelChoiceField(
        label="Анкета",
        queryset=Questionnaire.objects.none(),
        empty_label="— выберите анкету —",
        help_text="Кому она адресована, тот её и получит: наставники или наставляемые пар программы, "
        "а анкеты кандидатов и выбор после групповой встречи — банк наставников или наставляемых.",
    )
    program = forms.ModelChoiceField(label="Программа", queryset=Program.objects.none(), empty_label="—")
    scope = forms.ChoiceField(
        label="Участники",
        choices=[(SCOPE_ALL, "все участники программы"), (SCOPE_PAIRS, "только выбранные пары")],
        initial=SCOPE_ALL,
        widget=forms.RadioSelect,
    )
    pairs = forms.ModelMultipleChoiceField(
        label="Пары и группы",
        queryset=Pair.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Только если выбрано «только выбранные пары».",
    )
    deadline = forms.DateField(
        label="Срок",
        widget=DateInput(),
        help_text="Ссылки действуют до конца этого дня; за два дня до срока тем, кто не ответил, придёт напоминание.",
    )
    title = forms.CharField(
        label="Название кампании", max_length=300, required=False, help_text="Пусто — по названию анкеты."
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = selectors.questionnaires_for_campaign(user)
        self.fields["questionnaire"].label_from_instance = lambda q: f"{q.title} ({q.get_audience_display()})"
        self.fields["program"].queryset = programs_visible_to(user).order_by("-year_start", "title")
        self.fields["pairs"].queryset = (
            pairs_visible_to(user).exclude(status=Pair.Status.TERMINATED).order_by("program__title", "pk")
        )
        self.fields["pairs"].label_from_instance = lambda pair: f"{pair_label(pair)} — {pair.program.title}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == self.SCOPE_PAIRS and not cleaned.get("pairs"):
            self.add_error("pairs", "Выберите хотя бы одну пару или группу.")
        if cleaned.get("scope") != self.SCOPE_PAIRS:
            cleaned["pairs"] = []
        return cleaned


# --- A questionnaire to fill -------------------------------------------------------------------------


@dataclass
class RankSelect:
    name: str
    label: str
    value: str


@dataclass
class QuestionBlock:
    """What the template draws for one question: its inputs, the current values and the errors."""

    question: Question
    number: int
    name: str
    options: list[tuple[str, str]] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    value: str = ""
    ranks: list[RankSelect] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def options_html(self) -> str:
        """The radios or checkboxes of a scale, single, yes/no or multiple-choice question.

        Written here rather than in templates/monitoring/_questionnaire_fields.html: a template loop over
        every option of every question cost more than the rest of the questionnaire page. Every value is
        escaped; the markup is the one the template drew, the page's look and its ids unchanged.
        """
        name = escape(self.name)
        if self.kind == Question.Kind.SCALE:
            option = (
                '<input type="radio" class="btn-check" name="{name}" id="{name}-{value}" value="{value}" '
                'autocomplete="off"{checked}>\n'
                '<label class="btn btn-outline-primary scale-option" for="{name}-{value}">{label}</label>\n'
            )
        else:
            kind = "checkbox" if self.kind == Question.Kind.MULTIPLE else "radio"
            inline = " form-check-inline" if self.kind == Question.Kind.YES_NO else ""
            option = (
                f'<div class="form-check{inline}">\n'
                f'<input class="form-check-input" type="{kind}" name="{{name}}" id="{{name}}-{{number}}" '
                'value="{value}"{checked}>\n'
                '<label class="form-check-label" for="{name}-{number}">{label}</label>\n'
                "</div>\n"
            )
        return mark_safe(  # the name, values and labels are escaped; the rest is constant markup
            "".join(
                option.format(
                    name=name,
                    number=number,
                    value=escape(value),
                    label=escape(label),
                    checked=" checked" if value in self.selected else "",
                )
                for number, (value, label) in enumerate(self.options, start=1)
            )
        )


@dataclass
class SectionBlock:
    section: QuestionnaireSection
    questions: list[QuestionBlock]


RANK_LABELS = ("Первый выбор", "Второй выбор", "Третий выбор")
ERRORS = {"required": REQUIRED, "invalid_choice": "Выберите один из предложенных вариантов."}


def _rank_name(question: Question, rank: int) -> str:
    return f"q{question.pk}_{rank}"


class QuestionnaireForm(forms.Form):
    """One field per question (three selects for a ranked choice); ``values()`` gives the service its input."""

    def __init__(self, *args, sections: list[QuestionnaireSection], candidates: list[Person] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.candidate_options = [(str(person.pk), person.full_name) for person in candidates]
        for question in self.questions:
            if question.kind == Question.Kind.RANKING:
                for rank in range(1, MAX_PREFERENCES + 1):
                    self.fields[_rank_name(question, rank)] = forms.TypedChoiceField(
                        label=RANK_LABELS[rank - 1],
                        choices=[("", "—"), *self.candidate_options],
                        coerce=int,
                        required=False,
                        empty_value=None,
                        error_messages={"invalid_choice": "Выберите участника из списка."},
                    )
            else:
                self.fields[f"q{question.pk}"] = self._field_for(question)

    @property
    def questions(self) -> list[Question]:
        return [question for section in self.sections for question in section.questions.all()]

    @staticmethod
    def _field_for(question: Question) -> forms.Field:
        common = {"label": question.text, "required": question.required, "error_messages": ERRORS}
        kind = question.kind
        if kind == Question.Kind.SCALE:
            return forms.TypedChoiceField(
                choices=[(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)],
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                **{**common, "error_messages": {**ERRORS, "invalid_choice": "Выберите оценку от 1 до 10."}},
            )
        if kind in (Question.Kind.SINGLE, Question.Kind.YES_NO):
            options = selectors.YES_NO if kind == Question.Kind.YES_NO else [str(o) for o in question.choices]
            return forms.ChoiceField(choices=[(o, o) for o in options], widget=forms.RadioSelect, **common)
        if kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(str(o), str(o)) for o in question.choices],
                widget=forms.CheckboxSelectMultiple,
                **{**common, "error_messages": {**ERRORS, "invalid_choice": "Выберите варианты из списка."}},
            )
        limit = SHORT_TEXT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
        widget = forms.TextInput if kind == Question.Kind.SHORT_TEXT else forms.Textarea(attrs={"rows": 3})
        return forms.CharField(
            max_length=limit,
            widget=widget,
            **{**common, "error_messages": {**ERRORS, "max_length": f"Ответ длиннее {limit} символов: сократите его."}},
        )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if question.kind != Question.Kind.RANKING:
                continue
            ranked = self._ranked(question, cleaned)
            if len(set(ranked)) != len(ranked):
                self.add_error(
                    _rank_name(question, 1), "Один и тот же участник выбран дважды: каждый выбор должен быть другим."
                )
            elif question.required and not ranked:
                self.add_error(_rank_name(question, 1), REQUIRED)
        return cleaned

    @staticmethod
    def _ranked(question: Question, cleaned: dict) -> list[int]:
        """The chosen people in rank order; a skipped rank closes up (second and third become first and second)."""
        return [
            cleaned[_rank_name(question, rank)]
            for rank in range(1, MAX_PREFERENCES + 1)
            if cleaned.get(_rank_name(question, rank)) is not None
        ]

    def values(self) -> dict[int, object]:
        """Question pk → the answer as the service takes it (number, option, options, text, person ids)."""
        values = {}
        for question in self.questions:
            if question.kind == Question.Kind.RANKING:
                values[question.pk] = self._ranked(question, self.cleaned_data)
            else:
                values[question.pk] = self.cleaned_data.get(f"q{question.pk}")
        return values

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's errors (keyed ``q<pk>``) on the fields; anything else on top of the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.error_dict.items():
            name = key if key in self.fields else f"{key}_1"
            self.add_error(name if name in self.fields else None, messages)

    def blocks(self) -> list[SectionBlock]:
        """Sections and questions with the values and errors to draw."""
        sections = []
        number = 0
        for section in self.sections:
            questions = []
            for question in section.questions.all():
                number += 1
                questions.append(self._block(question, number))
            sections.append(SectionBlock(section, questions))
        return sections

    def _raw(self, name: str) -> list[str]:
        if not self.is_bound:
            return []
        return [value for value in self.data.getlist(name) if value != ""] if hasattr(self.data, "getlist") else []

    def _block(self, question: Question, number: int) -> QuestionBlock:
        name = f"q{question.pk}"
        block = QuestionBlock(question=question, number=number, name=name)
        if question.kind == Question.Kind.RANKING:
            block.options = self.candidate_options
            for rank in range(1, MAX_PREFERENCES + 1):
                rank_name = _rank_name(question, rank)
                raw = self._raw(rank_name)
                block.ranks.append(RankSelect(rank_name, RANK_LABELS[rank - 1], raw[0] if raw else ""))
                block.errors += self.errors.get(rank_name, []) if self.is_bound else []
            return block
        field_ = self.fields[name]
        block.options = [(str(value), str(label)) for value, label in getattr(field_, "choices", [])]
        raw = self._raw(name)
        block.selected = raw
        block.value = raw[0] if raw else ""
        block.errors = list(self.errors.get(name, [])) if self.is_bound else []
        return block
