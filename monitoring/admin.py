"""The administrator edits questionnaires (sections and questions inline) and looks at campaigns and answers.

Responses are read-only here as everywhere: a submitted questionnaire is never changed. Personal
link tokens are not shown — the curator prints them from the campaign page.
"""

from django import forms
from django.contrib import admin

from monitoring.models import Answer, Campaign, Invitation, Question, Questionnaire, QuestionnaireSection, Response


class QuestionAdminForm(forms.ModelForm):
    # One option a line instead of raw JSON: what an administrator can type without mistakes.
    choices = forms.CharField(
        label="Варианты ответа",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text="По одному на строке; для «один вариант» и «несколько вариантов».",
    )

    class Meta:
        model = Question
        fields = ("order", "text", "help_text", "kind", "choices", "required", "is_satisfaction", "impact_area")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and isinstance(self.instance.choices, list):
            self.initial["choices"] = "\n".join(str(option) for option in self.instance.choices)

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(cleaned.get("choices") or []) < 2:
            self.add_error("choices", "Укажите хотя бы два варианта ответа.")
        if cleaned.get("is_satisfaction") and kind != Question.Kind.SCALE:
            self.add_error("is_satisfaction", "Вопрос об удовлетворённости должен быть со шкалой 1–10.")
        if cleaned.get("impact_area") and kind != Question.Kind.SCALE:
            self.add_error("impact_area", "Сравнение «вход/выход» считается только по вопросам со шкалой 1–10.")
        return cleaned


class QuestionInline(admin.StackedInline):
    model = Question
    form = QuestionAdminForm
    extra = 0
    fields = (("order", "kind", "required"), "text", "help_text", "choices", ("is_satisfaction", "impact_area"))


class SectionInline(admin.TabularInline):
    model = QuestionnaireSection
    fields = ("order", "title", "questions_count")
    readonly_fields = ("questions_count",)
    extra = 0
    show_change_link = True

    @admin.display(description="вопросов")
    def questions_count(self, section):
        return section.questions.count() if section.pk else 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "audience", "purpose", "organization", "is_active")
    list_filter = ("audience", "purpose", "is_active")
    list_select_related = ("organization",)
    search_fields = ("title", "code")
    inlines = [SectionInline]
    fields = ("title", "code", "organization", "audience", "purpose", "description", "is_active")


@admin.register(QuestionnaireSection)
class QuestionnaireSectionAdmin(admin.ModelAdmin):
    list_display = ("title", "questionnaire", "order")
    list_filter = ("questionnaire",)
    list_select_related = ("questionnaire",)
    inlines = [QuestionInline]


class InvitationInline(admin.TabularInline):
    model = Invitation
    fields = ("person", "role", "pair", "expires_at", "emailed_at", "reminded_at", "used_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "pair")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "questionnaire", "program", "deadline", "status")
    list_filter = ("status", "organization")
    list_select_related = ("organization", "questionnaire", "program")
    search_fields = ("title",)
    readonly_fields = ("created_by", "created_at", "reminder_sent_on")
    inlines = [InvitationInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("question", "number", "text", "choices")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("respondent", "questionnaire", "role", "campaign", "submitted_at")
    list_filter = ("role", "questionnaire")
    list_select_related = ("respondent", "questionnaire", "campaign")
    inlines = [AnswerInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
