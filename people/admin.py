"""Admin site of the people app: every model, with import and export of people and the two banks.

Imports and exports use the roster resources (people.importing.resources): Russian headers, the
administrator's organization, the same matching and rules as the «Загрузка списков» pages, and
all or nothing. Records that carry legal weight (consents, the mentor status history, the import
history) are read-only here: they are made through the portal's services.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from import_export.admin import ImportExportModelAdmin

from people.importing.resources import MenteeProfileResource, MentorProfileResource, PersonResource
from people.models import (
    AccessEvent,
    Consent,
    DestructionAct,
    DestructionActSubject,
    LegalRepresentative,
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    MentorStatusChange,
    MentorTraining,
    Organization,
    PartnerOrganization,
    Person,
    RosterImport,
    User,
)
from people.selectors import can_see_sensitive_marks


class RosterResourceAdmin(ImportExportModelAdmin):
    """Resources get the administrator's organization; an import with one bad row writes nothing."""

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {
            "organization": request.user.organization,
            "user": request.user,
            "basis": "Загрузка в администрировании",
        }

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        return kwargs


class SensitiveFieldsAdmin(admin.ModelAdmin):
    """The marks, a consent's health data and its scan only for those who may see them (issue 7): the
    administrator is staff here, but the marks are the curator's and the principal's."""

    sensitive_fields: tuple[str, ...] = ()

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        return exclude if can_see_sensitive_marks(request.user) else [*exclude, *self.sensitive_fields]

    def get_list_filter(self, request):
        shown = super().get_list_filter(request)
        if can_see_sensitive_marks(request.user):
            return shown
        return [name for name in shown if name not in self.sensitive_fields]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("short_name", "kind", "head_full_name")
    search_fields = ("full_name", "short_name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (("Организация", {"fields": ("organization", "person")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Организация", {"fields": ("organization", "groups")}),)
    list_display = ("username", "last_name", "first_name", "organization", "is_active")
    list_filter = ("groups", "organization", "is_active")
    autocomplete_fields = ("person",)


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "inn", "agreement_number", "agreement_date", "organization")
    search_fields = ("name", "inn")


class RepresentativeInline(admin.TabularInline):
    model = LegalRepresentative
    fk_name = "minor"
    autocomplete_fields = ("representative",)
    extra = 0


@admin.register(Person)
class PersonAdmin(RosterResourceAdmin, SensitiveFieldsAdmin):
    resource_classes = [PersonResource]
    sensitive_fields = ("is_gifted", "has_disability", "is_at_risk")
    list_display = ("last_name", "first_name", "middle_name", "category", "school_class", "organization")
    list_filter = ("category", "organization", "is_archived")
    search_fields = ("search_name", "external_id")
    readonly_fields = ("created_at", "updated_at")
    inlines = [RepresentativeInline]


@admin.register(LegalRepresentative)
class LegalRepresentativeAdmin(admin.ModelAdmin):
    list_display = ("representative", "relation", "minor")
    list_filter = ("relation",)
    search_fields = ("minor__search_name", "representative__search_name")
    autocomplete_fields = ("minor", "representative")


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin, SensitiveFieldsAdmin):
    sensitive_fields = ("covers_health_data", "data_list", "scan")
    list_display = ("person", "signed_on", "signed_by", "source", "valid_until", "revoked_on")
    list_filter = ("source", "covers_health_data")
    search_fields = ("person__search_name",)
    list_select_related = ("person", "signed_by")


class MentorTrainingInline(admin.TabularInline):
    model = MentorTraining
    extra = 0


class MentorStatusChangeInline(admin.TabularInline):
    model = MentorStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "changed_on", "basis", "changed_by")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MentorProfile)
class MentorProfileAdmin(RosterResourceAdmin):
    resource_classes = [MentorProfileResource]
    list_display = ("person", "status", "capacity", "hours_per_month", "approved_on")
    list_filter = ("status",)
    search_fields = ("person__search_name", "person__external_id")
    autocomplete_fields = ("person",)
    filter_horizontal = ("forms",)
    list_select_related = ("person",)
    inlines = [MentorTrainingInline, MentorStatusChangeInline]


@admin.register(MentorStatusChange)
class MentorStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("profile", "from_status", "to_status", "changed_on", "basis", "changed_by")
    list_filter = ("to_status",)
    list_select_related = ("profile__person", "changed_by")


@admin.register(MentorTraining)
class MentorTrainingAdmin(admin.ModelAdmin):
    list_display = ("profile", "title", "completed_on", "hours")
    list_select_related = ("profile__person",)
    autocomplete_fields = ("profile",)


class MenteeRequestInline(admin.TabularInline):
    model = MenteeRequest
    extra = 0


@admin.register(MenteeProfile)
class MenteeProfileAdmin(RosterResourceAdmin):
    resource_classes = [MenteeProfileResource]
    list_display = ("person", "status", "full_cycle_completed_on")
    list_filter = ("status",)
    search_fields = ("person__search_name", "person__external_id")
    autocomplete_fields = ("person",)
    list_select_related = ("person",)
    inlines = [MenteeRequestInline]


@admin.register(MenteeRequest)
class MenteeRequestAdmin(admin.ModelAdmin):
    list_display = ("profile", "source", "received_on", "text")
    list_filter = ("source",)
    search_fields = ("text", "profile__person__search_name")
    autocomplete_fields = ("profile",)
    list_select_related = ("profile__person",)


@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "organization",
        "kind",
        "original_name",
        "status",
        "created_count",
        "updated_count",
        "unchanged_count",
        "uploaded_by",
    )
    list_filter = ("kind", "status", "organization")
    list_select_related = ("organization", "uploaded_by")


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    """The access log; the database refuses changes, so the admin only reads it."""

    list_display = ("at", "kind", "username", "ip", "path", "details")
    list_filter = ("kind",)
    search_fields = ("username", "path", "details")
    date_hierarchy = "at"


class DestructionActSubjectInline(admin.TabularInline):
    model = DestructionActSubject
    fields = ("identifier", "category", "revoked_on")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(DestructionAct)
class DestructionActAdmin(ReadOnlyAdmin):
    """Acts of destruction are written by purge_revoked only."""

    list_display = ("number", "destroyed_on", "organization", "performed_by")
    list_filter = ("organization",)
    inlines = (DestructionActSubjectInline,)


@admin.register(DestructionActSubject)
class DestructionActSubjectAdmin(ReadOnlyAdmin):
    list_display = ("identifier", "category", "revoked_on", "act")
    list_select_related = ("act",)
