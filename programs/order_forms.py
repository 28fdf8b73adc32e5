"""Forms, the filter bar and the table of the orders and documents pages.

Forms only validate what was typed and say which arguments ``programs.orders.order_create`` gets;
the rules of the domain (forming pairs only, an adult curator, …) are the service's.
"""

import django_filters
import django_tables2 as tables
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from mentorship.filters import BootstrapFilterSet
from people.classes import normalize_school_class
from people.forms import ConfirmForm, CrispyFormMixin, DateInput
from people.models import Person
from people.selectors import people_visible_to
from programs.models import Nomination, Order
from programs.orders import pair_label, pairs_awaiting_order, pairs_for_order_choice
from programs.selectors import programs_visible_to

__all__ = ["ConfirmForm"]

ITEMS_HELP = "Каждый пункт — с новой строки; нумерация проставится сама."


class _OrderCreateForm(CrispyFormMixin, forms.Form):
    """Common part: an optional subject (the kind's title when empty) and the program when one applies."""

    program_required = False

    program = forms.ModelChoiceField(label="Программа наставничества", queryset=None, required=False)
    subject = forms.CharField(
        label="Заголовок",
        max_length=500,
        required=False,
        help_text="Пусто — заголовок по виду приказа; преамбулу и пункты можно будет изменить в проекте.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["program"].queryset = programs_visible_to(user).order_by("-year_start", "title")
        self.fields["program"].required = self.program_required
        self.fields["program"].empty_label = "— выберите программу —" if self.program_required else "— без программы —"
        self.order_fields([name for name in self.fields if name != "subject"] + ["subject"])

    def order_kwargs(self) -> dict:
        return {"program": self.cleaned_data.get("program"), "subject": self.cleaned_data.get("subject", "")}


class PairsOrderForm(_OrderCreateForm):
    program_required = True

    take_all = forms.BooleanField(
        label="Все пары программы, ожидающие приказа",
        required=False,
        help_text="Формирующиеся пары и группы программы, которых нет в других проектах приказов.",
    )
    pairs = forms.ModelMultipleChoiceField(
        label="Или отметьте пары и группы",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, program=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["pairs"].queryset = pairs_for_order_choice(user, program)
        self.fields["pairs"].label_from_instance = self._pair_label
        if program is not None:
            self.fields["program"].initial = program.pk

    @staticmethod
    def _pair_label(pair) -> str:
        return f"{pair_label(pair)} ({pair.program.title})"

    def clean(self):
        cleaned = super().clean()
        program = cleaned.get("program")
        if program is None:
            return cleaned
        if cleaned.get("take_all"):
            cleaned["pairs"] = list(pairs_awaiting_order(program).order_by("pk"))
            if not cleaned["pairs"]:
                raise forms.ValidationError(f"В программе «{program}» нет пар, ожидающих приказа.")
        elif not cleaned.get("pairs"):
            raise forms.ValidationError("Отметьте пары и группы или выберите «Все пары программы».")
        elif any(pair.program_id != program.pk for pair in cleaned["pairs"]):
            raise forms.ValidationError(f"Отмеченные пары должны относиться к программе «{program}».")
        return cleaned

    def order_kwargs(self) -> dict:
        return {**super().order_kwargs(), "pairs": list(self.cleaned_data["pairs"])}


class ModelIntroductionOrderForm(_OrderCreateForm):
    pass


class CuratorAppointmentOrderForm(_OrderCreateForm):
    appointee = forms.ModelChoiceField(
        label="Кого назначить куратором",
        queryset=None,
        help_text="Обычно — заместитель директора (методология, § 3.2.3).",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["appointee"].queryset = (
            people_visible_to(user)
            .filter(is_archived=False, category=Person.Category.TEACHER)
            .order_by("last_name", "first_name", "middle_name")
        )
        self.fields["appointee"].label_from_instance = lambda person: (
            f"{person.full_name}{', ' + person.position if person.position else ''}"
        )

    def order_kwargs(self) -> dict:
        return {**super().order_kwargs(), "appointee": self.cleaned_data["appointee"]}


class MentorAwardsOrderForm(_OrderCreateForm):
    program_required = True

    nominations = forms.ModelMultipleChoiceField(label="Номинации", queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, program=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        nominations = Nomination.objects.filter(program__in=programs_visible_to(user).values("pk")).select_related(
            "program", "mentor", "pair"
        )
        if program is not None:
            nominations = nominations.filter(program=program)
            self.fields["program"].initial = program.pk
        self.fields["nominations"].queryset = nominations.order_by("program__title", "kind", "pk")
        self.fields["nominations"].label_from_instance = lambda n: f"{n} — {n.program.title}"

    def clean(self):
        cleaned = super().clean()
        program, nominations = cleaned.get("program"), cleaned.get("nominations")
        if program is not None and nominations and any(n.program_id != program.pk for n in nominations):
            raise forms.ValidationError(f"Отмеченные номинации должны относиться к программе «{program}».")
        return cleaned

    def order_kwargs(self) -> dict:
        return {**super().order_kwargs(), "nominations": list(self.cleaned_data["nominations"])}


class FinalEventOrderForm(_OrderCreateForm):
    event_date = forms.DateField(label="Дата мероприятия", widget=DateInput())
    event_place = forms.CharField(label="Место проведения", max_length=300, help_text="Например, актовый зал школы.")
    event_title = forms.CharField(
        label="Название мероприятия",
        max_length=300,
        required=False,
        help_text="Пусто — «итоговая конференция участников программ наставничества».",
    )

    def order_kwargs(self) -> dict:
        return {
            **super().order_kwargs(),
            "event_date": self.cleaned_data["event_date"],
            "event_place": self.cleaned_data["event_place"],
            "event_title": self.cleaned_data["event_title"],
        }


CREATE_FORMS = {
    Order.Kind.PAIRS_APPROVAL: PairsOrderForm,
    Order.Kind.MODEL_INTRODUCTION: ModelIntroductionOrderForm,
    Order.Kind.CURATOR_APPOINTMENT: CuratorAppointmentOrderForm,
    Order.Kind.MENTOR_AWARDS: MentorAwardsOrderForm,
    Order.Kind.FINAL_EVENT: FinalEventOrderForm,
}
KIND_HINTS = {
    Order.Kind.PAIRS_APPROVAL: "Утверждает формирующиеся пары и группы; после подписи они становятся «утверждёнными».",
    Order.Kind.MODEL_INTRODUCTION: "Положение о наставничестве, целевая модель, дорожная карта.",
    Order.Kind.CURATOR_APPOINTMENT: "Назначение куратора внедрения целевой модели наставничества.",
    Order.Kind.MENTOR_AWARDS: "Благодарность победителям номинаций «Наставник года» и «Лучшая пара».",
    Order.Kind.FINAL_EVENT: "Дата и место итогового мероприятия, поручения куратору.",
}


class OrderEditForm(CrispyFormMixin, forms.Form):
    """A draft's texts: subject, preamble, and (except the pair order) its items, one per line."""

    subject = forms.CharField(label="Заголовок", max_length=500)
    preamble = forms.CharField(label="Преамбула", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    items = forms.CharField(
        label="Пункты", required=False, help_text=ITEMS_HELP, widget=forms.Textarea(attrs={"rows": 10})
    )

    def __init__(self, *args, order: Order, **kwargs):
        kwargs.setdefault(
            "initial", {"subject": order.subject, "preamble": order.preamble, "items": "\n".join(order.items)}
        )
        super().__init__(*args, **kwargs)
        if order.kind == Order.Kind.PAIRS_APPROVAL:
            del self.fields["items"]
        elif order.kind in (Order.Kind.CURATOR_APPOINTMENT, Order.Kind.MENTOR_AWARDS):
            self.fields["items"].help_text = (
                ITEMS_HELP + " Пункты с именами (назначение, благодарности) составляются по данным и идут первыми."
            )

    def clean_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class OrderSignForm(CrispyFormMixin, forms.Form):
    issued_on = forms.DateField(label="Дата приказа", widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"issued_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        if issued_on > timezone.localdate():
            raise forms.ValidationError("Приказ нельзя подписать будущей датой.")
        return issued_on


class ConsentBatchForm(CrispyFormMixin, forms.Form):
    school_class = forms.CharField(
        label="Класс", max_length=20, widget=forms.TextInput(attrs={"placeholder": "например, 7Б"})
    )
    only_missing = forms.BooleanField(label="Только тем, у кого нет действующего согласия", required=False)

    def clean_school_class(self) -> str:
        try:
            return normalize_school_class(self.cleaned_data["school_class"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


# --- The registry (журнал приказов) ---------------------------------------------------------------


class OrderFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label="Поиск в заголовке", field_name="subject", lookup_expr="icontains")
    year = django_filters.ChoiceFilter(label="Год", choices=(), empty_label="Любой", method="filter_year")
    kind = django_filters.ChoiceFilter(label="Вид", choices=Order.Kind.choices, empty_label="Любой")
    status = django_filters.ChoiceFilter(label="Статус", choices=Order.Status.choices, empty_label="Любой")

    class Meta:
        model = Order
        fields = ["q", "year", "kind", "status"]

    def __init__(self, data=None, *args, years=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        # The form is already built (BootstrapFilterSet styles it), so the choices go to its field.
        self.form.fields["year"].choices = [("", "Любой"), *((str(year), str(year)) for year in years)]
        self.form.fields["q"].widget.attrs.update(placeholder="например, куратора")

    def filter_year(self, queryset, name, value):
        return queryset.filter(year=int(value))


STATUS_TONES = {Order.Status.DRAFT: "warning", Order.Status.SIGNED: "success"}


class OrderTable(tables.Table):
    number = tables.Column("№", accessor="sequence", order_by=("number_year", "sequence"), empty_values=())
    issued_on = tables.DateColumn(verbose_name="Дата", format="d.m.Y", empty_values=())
    subject = tables.Column(verbose_name="Заголовок", linkify=True)
    kind = tables.Column(verbose_name="Вид")
    program = tables.Column(verbose_name="Программа", accessor="program__title", order_by=("program__title",))
    status = tables.Column(verbose_name="Статус")

    class Meta:
        model = Order
        fields = ("number", "issued_on", "subject", "kind", "program", "status")
        empty_text = "Приказов не найдено."
        per_page = 25
        attrs = {"class": "table table-hover align-middle mb-0", "data-testid": "order-table"}

    def render_number(self, record):
        return format_html('<span class="text-nowrap">{}</span>', record.number) if record.number else "—"

    def render_issued_on(self, record):
        return record.issued_on.strftime("%d.%m.%Y") if record.issued_on else "—"

    def render_status(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', STATUS_TONES[record.status], record.get_status_display()
        )
