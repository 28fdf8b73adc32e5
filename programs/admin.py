from django import forms
from django.contrib import admin

from people.models import Person
from programs.models import MentoringForm, RoleModel


class MentoringFormAdminForm(forms.ModelForm):
    # Checkboxes instead of the comma-separated text an ArrayField gets by default.
    mentor_categories = forms.MultipleChoiceField(
        label="Кто может быть наставником", choices=Person.Category.choices, widget=forms.CheckboxSelectMultiple
    )
    mentee_categories = forms.MultipleChoiceField(
        label="Кто может быть наставляемым", choices=Person.Category.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = MentoringForm
        fields = (
            "name",
            "code",
            "variation_of",
            "order",
            "is_active",
            "mentor_categories",
            "mentee_categories",
            "goal",
            "tasks",
            "expected_results",
        )

    def clean_variation_of(self):
        parent = self.cleaned_data["variation_of"]
        if parent is None:
            return parent
        if parent.pk == self.instance.pk:
            raise forms.ValidationError("Форма не может быть вариацией самой себя.")
        if parent.variation_of_id is not None:
            raise forms.ValidationError(
                f"«{parent}» сама является вариацией формы «{parent.variation_of}»: выберите основную форму."
            )
        return parent


class RoleModelInline(admin.TabularInline):
    model = RoleModel
    fields = ("order", "name", "code", "mentee_mark", "description")
    extra = 0


@admin.register(MentoringForm)
class MentoringFormAdmin(admin.ModelAdmin):
    form = MentoringFormAdminForm
    list_display = ("name", "code", "variation_of", "mentors_display", "mentees_display", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("variation_of",)
    search_fields = ("name", "code")
    inlines = [RoleModelInline]
    fieldsets = (
        (None, {"fields": ("name", "code", "variation_of", "order", "is_active")}),
        ("Участники", {"fields": ("mentor_categories", "mentee_categories")}),
        ("Содержание", {"fields": ("goal", "tasks", "expected_results")}),
    )

    @admin.display(description="наставники")
    def mentors_display(self, form):
        return ", ".join(Person.Category(value).label for value in form.mentor_categories)

    @admin.display(description="наставляемые")
    def mentees_display(self, form):
        return ", ".join(Person.Category(value).label for value in form.mentee_categories)
