"""Forms of the mentor's workspace: they validate input; the views then call a service."""

from django import forms
from django.utils import timezone

from people.forms import CrispyFormMixin, DateInput
from programs.models import Meeting, Pair, PairMember, PlanTask


class BootstrapBoundField(forms.BoundField):
    """A field drawn by a hand-written template with the classes crispy's Bootstrap 5 pack gives its widget:
    the widget's name, ``form-select`` or ``form-control``, and ``is-invalid`` when the field has errors."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.RadioSelect):  # radios and checkboxes: the template draws each option
            return attrs
        kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
        classes = (widget.attrs.get("class"), type(widget).__name__.lower(), kind, "is-invalid" if self.errors else "")
        return {"class": " ".join(name for name in classes if name), **attrs}


class MeetingForm(forms.Form):
    """«Записать встречу»: what kind, when, how, about what, and who of the pair attended.

    Drawn by templates/programs/mentor/meeting_form.html, not by crispy: its per-field templates cost more
    than the rest of the page."""

    bound_field_class = BootstrapBoundField

    kind = forms.ChoiceField(label="Вид встречи", choices=Meeting.Kind.choices, initial=Meeting.Kind.REGULAR)
    held_on = forms.DateField(label="Дата встречи", widget=DateInput())
    format = forms.ChoiceField(
        label="Формат", choices=Meeting.Format.choices, initial=Meeting.Format.IN_PERSON, widget=forms.RadioSelect
    )
    topic = forms.CharField(label="Тема", max_length=300)
    notes = forms.CharField(
        label="Заметки",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Что обсудили, о чём договорились, что сделать к следующей встрече.",
    )
    attendees = forms.TypedMultipleChoiceField(
        label="Присутствовали", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, pair: Pair, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        members = list(pair.members.all())
        self.fields["attendees"].choices = [
            (m.person_id, f"{m.person.full_name} — {m.get_role_display()}") for m in members
        ]
        self.fields["held_on"].widget.attrs.update(min=pair.starts_on.isoformat(), max=today.isoformat())
        if not self.is_bound:
            self.initial.setdefault("held_on", today)
            self.initial.setdefault("attendees", [m.person_id for m in members])


class PlanGoalForm(CrispyFormMixin, forms.Form):
    """A goal of a mentee's individual development plan."""

    mentee = forms.TypedChoiceField(label="Наставляемый", coerce=int)
    title = forms.CharField(label="Цель", max_length=300)
    description = forms.CharField(
        label="Описание",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Каким будет результат и как его проверить.",
    )

    def __init__(self, *args, pair: Pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentees = {m.person_id: m.person for m in pair.members.all() if m.role == PairMember.Role.MENTEE}
        choices = [(pk, person.full_name) for pk, person in self.mentees.items()]
        # In a group the mentor picks the mentee himself rather than take the first one by mistake.
        self.fields["mentee"].choices = choices if len(choices) == 1 else [("", "— выберите наставляемого —"), *choices]

    def clean_mentee(self):
        return self.mentees[self.cleaned_data["mentee"]]


class PlanTaskForm(CrispyFormMixin, forms.Form):
    """A task under a goal of the plan, with an optional deadline."""

    title = forms.CharField(label="Задача", max_length=300)
    deadline = forms.DateField(label="Срок", required=False, widget=DateInput())


class PlanTaskStatusForm(forms.Form):
    status = forms.ChoiceField(label="Статус задачи", choices=PlanTask.Status.choices)
