"""Forms of the people, consent and bank pages: they validate input; the views then call a service."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from people.classes import normalize_school_class
from people.models import (
    LegalRepresentative,
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    PartnerOrganization,
    Person,
)
from people.services import MENTOR_TRANSITIONS
from programs.models import MentoringForm

SENSITIVE_FIELDS = ("is_gifted", "has_disability", "is_at_risk")
APPROVAL_BASIS_EXAMPLE = "решение педагогического совета № 1 от 30.08.2025"


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, errors)


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates, which DATE_INPUT_FORMATS accepts."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TagsField(forms.CharField):
    """Tags typed in one line, separated by commas: «проектная деятельность, робототехника»."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Через запятую.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        tags = []
        for part in text.replace(";", ",").split(","):
            tag = " ".join(part.split())
            if tag and tag.lower() not in (existing.lower() for existing in tags):
                tags.append(tag)
        return tags

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        too_long = [tag for tag in value if len(tag) > 100]
        if too_long:
            raise ValidationError(f"Слишком длинная метка: «{too_long[0][:40]}…» (не больше 100 символов).")


class CrispyFormMixin:
    """The page template draws the <form> tag and the buttons; crispy draws the fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ConfirmForm(CrispyFormMixin, forms.Form):
    """A confirmation with nothing to fill in (archive, restore, unlink)."""


# --- People and partners -------------------------------------------------------------------------


class PersonForm(CrispyFormMixin, forms.ModelForm):
    """A participant's data; the sensitive marks only for those who may see them."""

    class Meta:
        model = Person
        fields = (
            "last_name",
            "first_name",
            "middle_name",
            "sex",
            "birth_date",
            "category",
            "school_class",
            "position",
            "teaching_since",
            "partner",
            "phone",
            "email",
            "is_gifted",
            "has_disability",
            "is_at_risk",
        )
        widgets = {"birth_date": DateInput(), "teaching_since": DateInput()}
        help_texts = {
            "school_class": "Для обучающихся обязательно: «7Б», «7 б» и «7-Б» запишутся одинаково.",
            "partner": "Для сотрудников предприятий и социальных партнёров.",
            "has_disability": "Сведения о здоровье: отметку можно поставить только при действующем согласии, "
            "включающем сведения о состоянии здоровья.",
        }

    def __init__(self, *args, organization, show_sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PartnerOrganization.objects.filter(organization=organization)
        self.fields["partner"].empty_label = "— нет —"
        if not show_sensitive:
            for name in SENSITIVE_FIELDS:
                del self.fields[name]

    def clean_school_class(self):
        value = self.cleaned_data["school_class"]
        if not value:
            return ""
        try:
            return normalize_school_class(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class PartnerForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = PartnerOrganization
        fields = (
            "name",
            "inn",
            "agreement_number",
            "agreement_date",
            "agreement_end_date",
            "agreement_subject",
            "contact_name",
            "contact_phone",
            "contact_email",
        )
        widgets = {"agreement_date": DateInput(), "agreement_end_date": DateInput()}
        help_texts = {"agreement_end_date": "Пусто — бессрочный договор."}


class RepresentativeLinkForm(CrispyFormMixin, forms.Form):
    representative = forms.ModelChoiceField(
        label="Законный представитель",
        queryset=Person.objects.none(),
        empty_label="— выберите —",
        error_messages={"invalid_choice": "Выберите человека из списка."},
    )
    relation = forms.ChoiceField(label="Кем приходится", choices=LegalRepresentative.Relation.choices)
    authority_document = forms.CharField(
        label="Документ, подтверждающий полномочия",
        required=False,
        max_length=300,
        help_text="Для опекуна или попечителя — реквизиты акта о назначении.",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = candidates
        self.fields["representative"].label_from_instance = _person_choice_label


def _person_choice_label(person: Person) -> str:
    details = [person.get_category_display()]
    if person.phone:
        details.append(person.phone)
    return f"{person.full_name} ({', '.join(details)})"


# --- Consents ------------------------------------------------------------------------------------


class ConsentForm(CrispyFormMixin, forms.Form):
    signed_by = forms.ModelChoiceField(
        label="Подписал(а)",
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Выберите законного представителя из списка."},
    )
    signed_on = forms.DateField(label="Дата подписания", widget=DateInput())
    valid_until = forms.DateField(
        label="Действует до", required=False, widget=DateInput(), help_text="Пусто — до отзыва."
    )
    covers_health_data = forms.BooleanField(
        label="Включает сведения о состоянии здоровья",
        required=False,
        help_text="Нужно, чтобы поставить отметку «ОВЗ».",
    )
    scan = forms.FileField(
        label="Скан согласия",
        required=False,
        help_text="PDF, JPG или PNG, не больше 10 МБ.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, person: Person, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["signed_by"]
        field.queryset = representatives
        field.label_from_instance = lambda parent: parent.full_name
        if person.is_minor():
            field.required = True
            field.empty_label = "— выберите законного представителя —"
            field.help_text = f"{person.full_name} несовершеннолетний: согласие подписывает законный представитель."
        else:
            field.empty_label = f"{person.full_name} (сам(а))"
        self.fields["signed_on"].initial = timezone.localdate()


class ConsentRevokeForm(CrispyFormMixin, forms.Form):
    revoked_on = forms.DateField(label="Дата отзыва", widget=DateInput())
    reason = forms.CharField(
        label="Причина отзыва",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Например, «заявление матери от 12.03.2026».",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate()


# --- Mentor bank ---------------------------------------------------------------------------------


class MentorProfileForm(CrispyFormMixin, forms.Form):
    mentoring_forms = forms.ModelMultipleChoiceField(
        label="Формы наставничества",
        queryset=MentoringForm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    competencies = TagsField(label="Компетенции")
    interests = TagsField(label="Интересы")
    experience = forms.CharField(label="Опыт", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    motivation = forms.CharField(label="Мотивация", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    hours_per_month = forms.IntegerField(
        label="Ресурс времени, часов в месяц", required=False, min_value=0, max_value=200
    )
    capacity = forms.IntegerField(label="Наибольшее число наставляемых", min_value=1, max_value=50, initial=1)

    def __init__(self, *args, profile: MentorProfile | None = None, **kwargs):
        if profile is not None:
            kwargs.setdefault(
                "initial",
                {
                    "mentoring_forms": list(profile.forms.all()),
                    "competencies": profile.competencies,
                    "interests": profile.interests,
                    "experience": profile.experience,
                    "motivation": profile.motivation,
                    "hours_per_month": profile.hours_per_month,
                    "capacity": profile.capacity,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["mentoring_forms"].queryset = MentoringForm.objects.filter(is_active=True)


class MentorStatusForm(CrispyFormMixin, forms.Form):
    status = forms.ChoiceField(label="Новый статус")
    changed_on = forms.DateField(label="Дата", widget=DateInput())
    basis = forms.CharField(
        label="Основание",
        required=False,
        max_length=300,
        help_text=f"Для одобрения обязательно, например «{APPROVAL_BASIS_EXAMPLE}».",
        widget=forms.TextInput(attrs={"placeholder": APPROVAL_BASIS_EXAMPLE}),
    )

    def __init__(self, *args, profile: MentorProfile, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = MENTOR_TRANSITIONS[MentorProfile.Status(profile.status)]
        # offered in the workflow's order, not the set's
        self.fields["status"].choices = [
            (status.value, status.label) for status in MentorProfile.Status if status in allowed
        ]
        self.fields["changed_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == MentorProfile.Status.APPROVED and not cleaned.get("basis"):
            self.add_error("basis", f"Укажите основание одобрения, например «{APPROVAL_BASIS_EXAMPLE}».")
        return cleaned


class MentorTrainingForm(CrispyFormMixin, forms.Form):
    title = forms.CharField(label="Программа обучения", max_length=300, initial="Школа наставников")
    completed_on = forms.DateField(label="Дата окончания", widget=DateInput())
    hours = forms.IntegerField(label="Часов", min_value=1, max_value=1000)
    document = forms.CharField(label="Документ", required=False, max_length=200, help_text="Например, сертификат № 15.")


class MentorCriteriaForm(CrispyFormMixin, forms.Form):
    assessed_on = forms.DateField(label="Дата оценки", widget=DateInput())
    note = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, profile: MentorProfile, **kwargs):
        super().__init__(*args, **kwargs)
        for name in MentorProfile.CRITERIA:
            self.fields[name] = forms.BooleanField(
                label=MentorProfile._meta.get_field(name).verbose_name.capitalize(),
                required=False,
                initial=getattr(profile, name),
            )
        self.fields["assessed_on"].initial = profile.criteria_assessed_on or timezone.localdate()
        self.fields["note"].initial = profile.criteria_note
        self.order_fields([*MentorProfile.CRITERIA, "assessed_on", "note"])


# --- Mentee bank ---------------------------------------------------------------------------------


class MenteeRequestForm(CrispyFormMixin, forms.Form):
    text = forms.CharField(
        label="Запрос",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="С чем нужна помощь наставника, например «подготовка к олимпиаде по математике».",
    )
    source = forms.ChoiceField(label="Источник запроса", choices=MenteeRequest.Source.choices)
    tags = TagsField(label="Темы")
    received_on = forms.DateField(label="Дата запроса", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class MenteeCreateForm(MenteeRequestForm):
    notes = forms.CharField(label="Примечания", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MenteeFullCycleForm(CrispyFormMixin, forms.Form):
    completed_on = forms.DateField(label="Дата", widget=DateInput())

    def __init__(self, *args, profile: MenteeProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = profile.full_cycle_completed_on or timezone.localdate()


class MenteeStatusForm(CrispyFormMixin, forms.Form):
    # «прошёл полный цикл» is set with its date by MenteeFullCycleForm
    status = forms.ChoiceField(
        label="Новый статус",
        choices=[(s.value, s.label) for s in MenteeProfile.Status if s != MenteeProfile.Status.COMPLETED],
    )

    def __init__(self, *args, profile: MenteeProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = profile.status
        if profile.status == MenteeProfile.Status.COMPLETED:
            self.fields["status"].help_text = "Отметка «прошёл полный цикл программы» будет снята."
