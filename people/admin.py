from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from people.models import LegalRepresentative, Organization, PartnerOrganization, Person, User


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
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "middle_name", "category", "school_class", "organization")
    list_filter = ("category", "organization", "is_archived")
    search_fields = ("search_name", "external_id")
    inlines = [RepresentativeInline]
