"""Pages of the people app: participants and partners, consents, the mentor and mentee banks.

Every view begins with its role gate (403 for other roles, the login page for anonymous users)
and fetches objects through people.selectors, so another organization's id is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from mentorship import datacache
from mentorship.access import role_required
from mentorship.russian import Case, decline_full_name, format_count
from mentorship.xlsx import xlsx_response
from people import audit, selectors, services, tables
from people.filters import ConsentMissingFilter, MenteeFilter, MentorFilter, PersonFilter
from people.forms import (
    ConfirmForm,
    ConsentForm,
    ConsentRevokeForm,
    MenteeCreateForm,
    MenteeFullCycleForm,
    MenteeRequestForm,
    MenteeStatusForm,
    MentorCriteriaForm,
    MentorProfileForm,
    MentorStatusForm,
    MentorTrainingForm,
    PartnerForm,
    PersonForm,
    RepresentativeLinkForm,
    add_service_error,
)
from people.models import MentorProfile
from people.roles import Role
from people.tables import ConsentMissingTable, MenteeTable, MentorTable, PartnerTable, PersonTable, UserTable

BANK_KEEPERS = (Role.CURATOR, Role.PRINCIPAL, Role.ADMINISTRATOR)
PEOPLE_EDITORS = selectors.PEOPLE_EDITORS
BANK_VIEWERS = selectors.BANK_VIEWERS
BANK_EDITORS = selectors.BANK_EDITORS
CANDIDATES_SHOWN = 50


def _service_call(form, service, /, **kwargs):
    """Run a service; when it refuses, show its Russian message on the form and return None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_error(form, error)
        return None


def _posted(request):
    """The submitted data on POST (even an empty one, as a confirmation sends), None on GET."""
    return request.POST if request.method == "POST" else None


def _posted_files(request):
    return request.FILES if request.method == "POST" else None


def _form_page(request, *, form, title, breadcrumbs, cancel_url, template="people/form_page.html", **extra):
    """A page with one form: title, breadcrumbs, the form, a submit and a cancel button."""
    context = {"form": form, "title": title, "breadcrumbs": breadcrumbs, "cancel_url": cancel_url, **extra}
    return render(request, template, context)


def _table(request, table):
    RequestConfig(request).configure(table)
    return table


def _hidden_columns(user) -> tuple[str, ...]:
    return () if selectors.can_see_sensitive_marks(user) else ("marks",)


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404("Участник не найден") from None


def _export_filename(title: str) -> str:
    return f"{title} {timezone.localdate():%d.%m.%Y}.xlsx"


def _genitive(person) -> str:
    """The full name in the genitive, as in «Согласие Лебедева Артёма Ивановича»."""
    try:
        return decline_full_name(
            person.last_name, person.first_name, person.middle_name, sex=person.sex, case=Case.GENITIVE
        )
    except ValueError:
        return person.full_name


def _person_crumbs(person, *tail):
    return [("Участники", reverse("people:person-list")), (person.short_name, person.get_absolute_url()), *tail]


# --- People ----------------------------------------------------------------------------------------


@role_required(*BANK_KEEPERS)
@require_GET
def person_list(request):
    person_filter = PersonFilter(request.GET, queryset=selectors.people_list_for(request.user))
    table = _table(request, PersonTable(person_filter.qs, exclude=_hidden_columns(request.user)))
    context = {"filter": person_filter, "table": table, **selectors.page_permissions(request.user)}
    return render(request, "people/person_list.html", context)


@role_required(*BANK_KEEPERS)
@require_GET
def person_export(request):
    person_filter = PersonFilter(request.GET, queryset=selectors.people_list_for(request.user))
    columns, rows = tables.person_export(
        person_filter.qs, show_sensitive=selectors.can_see_sensitive_marks(request.user)
    )
    return xlsx_response(filename=_export_filename("Участники"), title="Участники", columns=columns, rows=rows)


@role_required(*BANK_KEEPERS)
@require_GET
def person_detail(request, pk):
    user = request.user
    permissions = selectors.page_permissions(user)

    def card():
        person = selectors.person_get_for_page(user, pk)  # 404 for another school's: never cached
        consents = list(selectors.consents_of(person)) if permissions["can_view_banks"] else None
        return person, *selectors.representative_links_of(person), consents

    # The same for every keeper of the school with the same roles until its data changes (mentorship.datacache);
    # the page itself, with its forms, is rendered per request.
    person, representatives, represented, consents = datacache.cached(
        "person-card", [user.organization_id], card, *(pk, datacache.roles_part(user), timezone.localdate())
    )
    age = person.age()
    context = {
        "person": person,
        "age_label": format_count(age, "год", "года", "лет") if age is not None else "",
        **permissions,
        **selectors.person_page_actions(request.user, person),
        "representatives": representatives,
        "represented": represented,
        "consents": consents,
        "history": audit.person_history_for_page(person, show_sensitive=permissions["show_sensitive"])
        if audit.can_read_history(request.user)
        else None,
    }
    return render(request, "people/person_detail.html", context)


@role_required(*PEOPLE_EDITORS)
def person_create(request):
    initial = {"category": request.GET.get("category", "")}
    form = PersonForm(
        _posted(request),
        initial=initial,
        organization=request.user.organization,
        show_sensitive=selectors.can_see_sensitive_marks(request.user),
    )
    if request.method == "POST" and form.is_valid():
        person = _service_call(
            form, services.person_create, organization=request.user.organization, **form.cleaned_data
        )
        if person:
            messages.success(request, f"{person.full_name} добавлен(а) в список участников.")
            return redirect(person)
    people_url = reverse("people:person-list")
    return _form_page(
        request,
        form=form,
        title="Новый участник",
        breadcrumbs=[("Участники", people_url), ("Новый участник", None)],
        cancel_url=people_url,
    )


@role_required(*PEOPLE_EDITORS)
def person_edit(request, pk):
    person = selectors.person_get_editable(request.user, pk)
    form = PersonForm(
        _posted(request),
        instance=person,
        organization=request.user.organization,
        show_sensitive=selectors.can_see_sensitive_marks(request.user),
    )
    if request.method == "POST" and form.is_valid():
        saved = _service_call(form, services.person_update, person=person, **form.cleaned_data)
        if saved:
            messages.success(request, f"Сведения об участнике {person.full_name} сохранены.")
            return redirect(person)
    return _form_page(
        request,
        form=form,
        title=f"Изменение: {person.full_name}",
        breadcrumbs=_person_crumbs(person, ("Изменение", None)),
        cancel_url=person.get_absolute_url(),
    )


@role_required(*PEOPLE_EDITORS)
def person_archive(request, pk):
    person = selectors.person_get_editable(request.user, pk)
    if person.is_archived:
        messages.info(request, f"{person.full_name} уже в архиве.")
        return redirect(person)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.person_archive(person=person)
        messages.success(request, f"{person.full_name} перемещён(а) в архив. Вернуть можно на странице участника.")
        return redirect(person)
    return _form_page(
        request,
        form=form,
        title=f"Переместить в архив: {person.full_name}?",
        breadcrumbs=_person_crumbs(person, ("В архив", None)),
        cancel_url=person.get_absolute_url(),
        warning="Участник не удаляется: его согласия, связи и история в банках сохранятся, "
        "но он пропадёт из списков и его нельзя будет включить в банки и пары.",
        submit_label="Переместить в архив",
        submit_tone="danger",
    )


@role_required(*PEOPLE_EDITORS)
def person_restore(request, pk):
    person = selectors.person_get_editable(request.user, pk)
    if not person.is_archived:
        messages.info(request, f"{person.full_name} не в архиве.")
        return redirect(person)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.person_restore(person=person)
        messages.success(request, f"{person.full_name} возвращён(а) из архива.")
        return redirect(person)
    return _form_page(
        request,
        form=form,
        title=f"Вернуть из архива: {person.full_name}?",
        breadcrumbs=_person_crumbs(person, ("Вернуть из архива", None)),
        cancel_url=person.get_absolute_url(),
        intro="Участник снова появится в списках.",
        submit_label="Вернуть из архива",
    )


@role_required(*PEOPLE_EDITORS)
def representative_link(request, pk):
    minor = selectors.person_get_editable(request.user, pk)
    search_text = request.GET.get("q", "").strip()
    candidates = selectors.representative_candidates(request.user, minor, search_text)
    form = RepresentativeLinkForm(_posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        link = _service_call(
            form,
            services.representative_link,
            minor=minor,
            representative=form.cleaned_data["representative"],
            relation=form.cleaned_data["relation"],
            authority_document=form.cleaned_data["authority_document"],
        )
        if link:
            messages.success(
                request, f"{link.representative.full_name} указан(а) законным представителем {minor.full_name}."
            )
            return redirect(minor)
    if request.method == "GET":
        form.fields["representative"].queryset = candidates[:200]
    return _form_page(
        request,
        form=form,
        template="people/representative_link.html",
        title=f"Законный представитель: {minor.full_name}",
        breadcrumbs=_person_crumbs(minor, ("Законный представитель", None)),
        cancel_url=minor.get_absolute_url(),
        minor=minor,
        search_text=search_text,
        submit_label="Связать",
    )


@role_required(*PEOPLE_EDITORS)
def representative_unlink(request, pk):
    link = selectors.representative_link_get_visible(request.user, pk)
    minor = link.minor
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.representative_unlink(link=link)
        messages.success(
            request, f"{link.representative.full_name} больше не указан(а) законным представителем {minor.full_name}."
        )
        return redirect(minor)
    return _form_page(
        request,
        form=form,
        title=f"Убрать связь: {link.representative.full_name} — {link.get_relation_display()} ({minor.full_name})?",
        breadcrumbs=_person_crumbs(minor, ("Убрать законного представителя", None)),
        cancel_url=minor.get_absolute_url(),
        warning="Согласия, которые этот человек уже подписал, останутся в силе, пока их не отзовут. "
        "Новое согласие за несовершеннолетнего он подписать не сможет.",
        submit_label="Убрать связь",
        submit_tone="danger",
    )


# --- Partners --------------------------------------------------------------------------------------


@role_required(*BANK_KEEPERS)
@require_GET
def partner_list(request):
    table = _table(request, PartnerTable(selectors.partners_visible_to(request.user)))
    return render(request, "people/partner_list.html", {"table": table, **selectors.page_permissions(request.user)})


@role_required(*BANK_KEEPERS)
@require_GET
def partner_detail(request, pk):
    partner = selectors.partner_get_visible(request.user, pk)
    context = {
        "partner": partner,
        "in_force": partner.agreement_in_force(timezone.localdate()),
        "people": selectors.partner_people(partner),
        **selectors.page_permissions(request.user),
    }
    return render(request, "people/partner_detail.html", context)


@role_required(*PEOPLE_EDITORS)
def partner_create(request):
    form = PartnerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        partner = _service_call(
            form, services.partner_create, organization=request.user.organization, **form.cleaned_data
        )
        if partner:
            messages.success(request, f"Организация-партнёр «{partner.name}» добавлена.")
            return redirect("people:partner-detail", pk=partner.pk)
    partners_url = reverse("people:partner-list")
    return _form_page(
        request,
        form=form,
        title="Новая организация-партнёр",
        breadcrumbs=[("Организации-партнёры", partners_url), ("Новая", None)],
        cancel_url=partners_url,
    )


@role_required(*PEOPLE_EDITORS)
def partner_edit(request, pk):
    partner = selectors.partner_get_editable(request.user, pk)
    form = PartnerForm(_posted(request), instance=partner)
    if request.method == "POST" and form.is_valid():
        saved = _service_call(form, services.partner_update, partner=partner, **form.cleaned_data)
        if saved:
            messages.success(request, f"Сведения о партнёре «{partner.name}» сохранены.")
            return redirect("people:partner-detail", pk=partner.pk)
    partner_url = reverse("people:partner-detail", args=[partner.pk])
    return _form_page(
        request,
        form=form,
        title=f"Изменение: {partner.name}",
        breadcrumbs=[
            ("Организации-партнёры", reverse("people:partner-list")),
            (partner.name, partner_url),
            ("Изменение", None),
        ],
        cancel_url=partner_url,
    )


# --- Consents --------------------------------------------------------------------------------------


@role_required(*BANK_EDITORS)
def consent_create(request, pk):
    person = selectors.person_get_visible(request.user, pk)
    representatives = selectors.representative_people_of(person)
    form = ConsentForm(_posted(request), _posted_files(request), person=person, representatives=representatives)
    if request.method == "POST" and form.is_valid():
        consent = _service_call(
            form,
            services.consent_create,
            person=person,
            signed_by=form.cleaned_data["signed_by"],
            signed_on=form.cleaned_data["signed_on"],
            valid_until=form.cleaned_data["valid_until"],
            covers_health_data=form.cleaned_data["covers_health_data"],
            scan=form.cleaned_data["scan"],
            recorded_by=request.user,
        )
        if consent:
            messages.success(request, f"Согласие {_genitive(person)} от {consent.signed_on:%d.%m.%Y} внесено.")
            return redirect(person)
    return _form_page(
        request,
        form=form,
        template="people/consent_form.html",
        title=f"Согласие на обработку персональных данных: {person.full_name}",
        breadcrumbs=_person_crumbs(person, ("Новое согласие", None)),
        cancel_url=person.get_absolute_url(),
        person=person,
        needs_representative=person.is_minor() and not representatives.exists(),
        submit_label="Внести согласие",
    )


@role_required(*BANK_EDITORS)
def consent_revoke(request, pk):
    consent = selectors.consent_get_visible(request.user, pk)
    person = consent.person
    if consent.revoked_on is not None:
        messages.info(request, f"Согласие {_genitive(person)} уже отозвано {consent.revoked_on:%d.%m.%Y}.")
        return redirect(person)
    form = ConsentRevokeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        saved = _service_call(
            form,
            services.consent_revoke,
            consent=consent,
            revoked_on=form.cleaned_data["revoked_on"],
            reason=form.cleaned_data["reason"],
        )
        if saved:
            messages.warning(
                request,
                f"Согласие {_genitive(person)} отозвано с {consent.revoked_on:%d.%m.%Y}. "
                "Обработка персональных данных не разрешена до нового согласия.",
            )
            return redirect(person)
    return _form_page(
        request,
        form=form,
        title=f"Отозвать согласие {_genitive(person)} от {consent.signed_on:%d.%m.%Y}?",
        breadcrumbs=_person_crumbs(person, ("Отзыв согласия", None)),
        cancel_url=person.get_absolute_url(),
        warning="С даты отзыва обработка персональных данных участника не разрешена: его нельзя будет "
        "включать в пары, пока не будет внесено новое согласие. Отзыв нельзя отменить.",
        submit_label="Отозвать согласие",
        submit_tone="danger",
    )


@role_required(*BANK_VIEWERS)
@require_GET
def consent_scan(request, pk):
    """The scan goes only through this view (not a public media URL), after the access check."""
    consent = selectors.consent_get_visible(request.user, pk)
    scan, kind = selectors.consent_scan_open(consent)
    filename = f"Согласие {consent.person.last_name} {consent.signed_on:%d.%m.%Y}.{kind}"
    return FileResponse(
        scan, as_attachment=True, filename=filename, content_type=selectors.SCAN_CONTENT_TYPES.get(kind)
    )


@role_required(*BANK_VIEWERS)
@require_GET
def consent_missing(request):
    missing_filter = ConsentMissingFilter(request.GET, queryset=selectors.people_without_valid_consent(request.user))
    permissions = selectors.page_permissions(request.user)
    hidden = () if permissions["can_edit_banks"] else ("action",)
    table = _table(request, ConsentMissingTable(missing_filter.qs, exclude=hidden))
    context = {
        "filter": missing_filter,
        "table": table,
        "coverage": selectors.consent_coverage_by_class(request.user),
        **permissions,
    }
    return render(request, "people/consent_missing.html", context)


# --- Mentor bank -----------------------------------------------------------------------------------


def _mentor_crumbs(profile, *tail):
    return [
        ("Банк наставников", reverse("people:mentor-list")),
        (profile.person.short_name, profile.get_absolute_url()),
        *tail,
    ]


@role_required(*BANK_VIEWERS)
@require_GET
def mentor_list(request):
    mentor_filter = MentorFilter(request.GET, queryset=selectors.mentor_list_for(request.user))
    table = _table(request, MentorTable(mentor_filter.qs, exclude=_hidden_columns(request.user)))
    context = {"filter": mentor_filter, "table": table, **selectors.page_permissions(request.user)}
    return render(request, "people/mentor_list.html", context)


@role_required(*BANK_VIEWERS)
@require_GET
def mentor_export(request):
    mentor_filter = MentorFilter(request.GET, queryset=selectors.mentor_list_for(request.user))
    columns, rows = tables.mentor_export(
        mentor_filter.qs, show_sensitive=selectors.can_see_sensitive_marks(request.user)
    )
    title = "Реестр наставников"
    return xlsx_response(filename=_export_filename(title), title=title, columns=columns, rows=rows)


@role_required(*BANK_VIEWERS)
@require_GET
def mentor_detail(request, pk):
    profile = selectors.mentor_profile_get_visible(request.user, pk)
    context = {
        "profile": profile,
        "person": profile.person,
        "status_tone": tables.MENTOR_STATUS_TONES[profile.status],
        "criteria": selectors.mentor_criteria_checklist(profile),
        "criteria_total": len(MentorProfile.CRITERIA),
        "mentoring_forms": profile.forms.all(),
        "status_changes": profile.status_changes.select_related("changed_by"),
        "trainings": profile.trainings.all(),
        **selectors.page_permissions(request.user),
    }
    return render(request, "people/mentor_detail.html", context)


def _mentor_profile_values(form) -> dict:
    data = form.cleaned_data
    return {
        "forms": data["mentoring_forms"],
        "competencies": data["competencies"],
        "interests": data["interests"],
        "experience": data["experience"],
        "motivation": data["motivation"],
        "hours_per_month": data["hours_per_month"],
        "capacity": data["capacity"],
    }


@role_required(*BANK_EDITORS)
def mentor_create(request):
    person_id = _int_param(request, "person")
    mentors_url = reverse("people:mentor-list")
    if person_id is None:
        search_text = request.GET.get("q", "").strip()
        context = {
            "title": "Добавить в банк наставников",
            "breadcrumbs": [("Банк наставников", mentors_url), ("Добавить", None)],
            "search_text": search_text,
            "candidates": selectors.mentor_candidates(request.user, search_text)[:CANDIDATES_SHOWN],
            "candidates_shown": CANDIDATES_SHOWN,
            "pick_url": reverse("people:mentor-create"),
            "cancel_url": mentors_url,
        }
        return render(request, "people/bank_person_pick.html", context)
    person = selectors.person_get_visible(request.user, person_id)
    if hasattr(person, "mentor_profile"):
        messages.info(request, f"{person.full_name} уже есть в банке наставников.")
        return redirect(person.mentor_profile)
    form = MentorProfileForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        profile = _service_call(
            form, services.mentor_profile_create, person=person, created_by=request.user, **_mentor_profile_values(form)
        )
        if profile:
            messages.success(request, f"{person.full_name} внесён(а) в банк наставников как кандидат.")
            return redirect(profile)
    return _form_page(
        request,
        form=form,
        title=f"В банк наставников: {person.full_name}",
        breadcrumbs=[
            ("Банк наставников", mentors_url),
            (person.short_name, person.get_absolute_url()),
            ("Добавить", None),
        ],
        cancel_url=person.get_absolute_url(),
        intro="Участник попадёт в банк со статусом «кандидат»; одобрить его можно после оценки критериев отбора.",
        submit_label="Внести в банк наставников",
    )


@role_required(*BANK_EDITORS)
def mentor_edit(request, pk):
    profile = selectors.mentor_profile_get_visible(request.user, pk)
    form = MentorProfileForm(_posted(request), profile=profile)
    if request.method == "POST" and form.is_valid():
        saved = _service_call(form, services.mentor_profile_update, profile=profile, **_mentor_profile_values(form))
        if saved:
            messages.success(request, f"Сведения о наставнике {profile.person.full_name} сохранены.")
            return redirect(profile)
    return _form_page(
        request,
        form=form,
        title=f"Наставник {profile.person.full_name}: изменение",
        breadcrumbs=_mentor_crumbs(profile, ("Изменение", None)),
        cancel_url=profile.get_absolute_url(),
    )


@role_required(*BANK_EDITORS)
def mentor_status(request, pk):
    profile = selectors.mentor_profile_get_visible(request.user, pk)
    form = MentorStatusForm(_posted(request), profile=profile)
    if request.method == "POST" and form.is_valid():
        saved = _service_call(
            form,
            services.mentor_status_change,
            profile=profile,
            status=form.cleaned_data["status"],
            changed_on=form.cleaned_data["changed_on"],
            basis=form.cleaned_data["basis"],
            changed_by=request.user,
        )
        if saved:
            messages.success(
                request, f"{profile.person.full_name}: статус изменён на «{profile.get_status_display()}»."
            )
            return redirect(profile)
    return _form_page(
        request,
        form=form,
        title=f"Статус наставника {_genitive(profile.person)}",
        breadcrumbs=_mentor_crumbs(profile, ("Статус", None)),
        cancel_url=profile.get_absolute_url(),
        intro=f"Сейчас: «{profile.get_status_display()}». Предложены только допустимые переходы.",
        submit_label="Изменить статус",
    )


@role_required(*BANK_EDITORS)
def mentor_training_add(request, pk):
    profile = selectors.mentor_profile_get_visible(request.user, pk)
    form = MentorTrainingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        training = _service_call(form, services.mentor_training_add, profile=profile, **form.cleaned_data)
        if training:
            messages.success(request, f"{profile.person.full_name}: обучение «{training.title}» внесено.")
            return redirect(profile)
    return _form_page(
        request,
        form=form,
        title=f"Обучение наставника {_genitive(profile.person)}",
        breadcrumbs=_mentor_crumbs(profile, ("Обучение", None)),
        cancel_url=profile.get_absolute_url(),
        submit_label="Внести обучение",
    )


@role_required(*BANK_EDITORS)
def mentor_criteria(request, pk):
    profile = selectors.mentor_profile_get_visible(request.user, pk)
    form = MentorCriteriaForm(_posted(request), profile=profile)
    if request.method == "POST" and form.is_valid():
        criteria = {name: form.cleaned_data[name] for name in MentorProfile.CRITERIA}
        saved = _service_call(
            form,
            services.mentor_criteria_assess,
            profile=profile,
            assessed_on=form.cleaned_data["assessed_on"],
            note=form.cleaned_data["note"],
            **criteria,
        )
        if saved:
            messages.success(
                request,
                f"{profile.person.full_name}: критерии отбора оценены, выполнено "
                f"{profile.criteria_met} из {len(MentorProfile.CRITERIA)}.",
            )
            return redirect(profile)
    return _form_page(
        request,
        form=form,
        title=f"Критерии отбора: {profile.person.full_name}",
        breadcrumbs=_mentor_crumbs(profile, ("Критерии отбора", None)),
        cancel_url=profile.get_absolute_url(),
        intro="Отметьте критерии, которым кандидат соответствует (этап 2 «Отбор и обучение наставников»).",
        submit_label="Сохранить оценку",
    )


# --- Mentee bank -----------------------------------------------------------------------------------


def _mentee_crumbs(profile, *tail):
    return [
        ("Банк наставляемых", reverse("people:mentee-list")),
        (profile.person.short_name, profile.get_absolute_url()),
        *tail,
    ]


@role_required(*BANK_VIEWERS)
@require_GET
def mentee_list(request):
    show_sensitive = selectors.can_see_sensitive_marks(request.user)
    mentee_filter = MenteeFilter(
        request.GET, queryset=selectors.mentee_list_for(request.user), show_sensitive=show_sensitive
    )
    table = _table(request, MenteeTable(mentee_filter.qs, exclude=_hidden_columns(request.user)))
    context = {"filter": mentee_filter, "table": table, **selectors.page_permissions(request.user)}
    return render(request, "people/mentee_list.html", context)


@role_required(*BANK_VIEWERS)
@require_GET
def mentee_export(request):
    show_sensitive = selectors.can_see_sensitive_marks(request.user)
    mentee_filter = MenteeFilter(
        request.GET, queryset=selectors.mentee_list_for(request.user), show_sensitive=show_sensitive
    )
    columns, rows = tables.mentee_export(mentee_filter.qs, show_sensitive=show_sensitive)
    title = "Реестр наставляемых"
    return xlsx_response(filename=_export_filename(title), title=title, columns=columns, rows=rows)


@role_required(*BANK_VIEWERS)
@require_GET
def mentee_detail(request, pk):
    profile = selectors.mentee_profile_get_visible(request.user, pk)
    context = {
        "profile": profile,
        "person": profile.person,
        "status_tone": tables.MENTEE_STATUS_TONES[profile.status],
        "requests": profile.requests.all(),
        **selectors.page_permissions(request.user),
    }
    return render(request, "people/mentee_detail.html", context)


@role_required(*BANK_EDITORS)
def mentee_create(request):
    person_id = _int_param(request, "person")
    mentees_url = reverse("people:mentee-list")
    if person_id is None:
        search_text = request.GET.get("q", "").strip()
        context = {
            "title": "Добавить в банк наставляемых",
            "breadcrumbs": [("Банк наставляемых", mentees_url), ("Добавить", None)],
            "search_text": search_text,
            "candidates": selectors.mentee_candidates(request.user, search_text)[:CANDIDATES_SHOWN],
            "candidates_shown": CANDIDATES_SHOWN,
            "pick_url": reverse("people:mentee-create"),
            "cancel_url": mentees_url,
        }
        return render(request, "people/bank_person_pick.html", context)
    person = selectors.person_get_visible(request.user, person_id)
    if hasattr(person, "mentee_profile"):
        messages.info(request, f"{person.full_name} уже есть в банке наставляемых.")
        return redirect(person.mentee_profile)
    form = MenteeCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        profile = _service_call(
            form,
            services.mentee_bank_add,
            person=person,
            request_text=data["text"],
            request_source=data["source"],
            request_tags=data["tags"],
            received_on=data["received_on"],
            notes=data["notes"],
        )
        if profile:
            messages.success(request, f"{person.full_name} внесён(а) в банк наставляемых и ожидает подбора наставника.")
            return redirect(profile)
    return _form_page(
        request,
        form=form,
        title=f"В банк наставляемых: {person.full_name}",
        breadcrumbs=[
            ("Банк наставляемых", mentees_url),
            (person.short_name, person.get_absolute_url()),
            ("Добавить", None),
        ],
        cancel_url=person.get_absolute_url(),
        intro="Укажите первый запрос наставляемого и откуда он пришёл.",
        submit_label="Внести в банк наставляемых",
    )


@role_required(*BANK_EDITORS)
def mentee_request_add(request, pk):
    profile = selectors.mentee_profile_get_visible(request.user, pk)
    form = MenteeRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        saved = _service_call(form, services.mentee_request_add, profile=profile, **form.cleaned_data)
        if saved:
            messages.success(request, f"{profile.person.full_name}: запрос добавлен.")
            return redirect(profile)
    return _form_page(
        request,
        form=form,
        title=f"Новый запрос: {profile.person.full_name}",
        breadcrumbs=_mentee_crumbs(profile, ("Новый запрос", None)),
        cancel_url=profile.get_absolute_url(),
        submit_label="Добавить запрос",
    )


@role_required(*BANK_EDITORS)
def mentee_full_cycle(request, pk):
    profile = selectors.mentee_profile_get_visible(request.user, pk)
    form = MenteeFullCycleForm(_posted(request), profile=profile)
    if request.method == "POST" and form.is_valid():
        saved = _service_call(
            form, services.mentee_full_cycle_mark, profile=profile, completed_on=form.cleaned_data["completed_on"]
        )
        if saved:
            messages.success(
                request,
                f"{profile.person.full_name}: отметка «прошёл полный цикл программы» поставлена "
                f"({profile.full_cycle_completed_on:%d.%m.%Y}).",
            )
            return redirect(profile)
    return _form_page(
        request,
        form=form,
        title=f"Прошёл полный цикл программы: {profile.person.full_name}",
        breadcrumbs=_mentee_crumbs(profile, ("Полный цикл", None)),
        cancel_url=profile.get_absolute_url(),
        intro="Отметка — интегральный показатель целевой модели: наставляемый прошёл программу от начала "
        "до завершения. Статус сменится на «прошёл полный цикл».",
        submit_label="Поставить отметку",
    )


@role_required(*BANK_EDITORS)
def mentee_status(request, pk):
    profile = selectors.mentee_profile_get_visible(request.user, pk)
    form = MenteeStatusForm(_posted(request), profile=profile)
    if request.method == "POST" and form.is_valid():
        saved = _service_call(form, services.mentee_status_set, profile=profile, status=form.cleaned_data["status"])
        if saved:
            messages.success(
                request, f"{profile.person.full_name}: статус изменён на «{profile.get_status_display()}»."
            )
            return redirect(profile)
    return _form_page(
        request,
        form=form,
        title=f"Статус наставляемого {_genitive(profile.person)}",
        breadcrumbs=_mentee_crumbs(profile, ("Статус", None)),
        cancel_url=profile.get_absolute_url(),
        intro=f"Сейчас: «{profile.get_status_display()}».",
        submit_label="Изменить статус",
    )


# --- Accounts --------------------------------------------------------------------------------------


@role_required(Role.ADMINISTRATOR)
@require_GET
def user_list(request):
    table = _table(request, UserTable(selectors.users_visible_to(request.user)))
    return render(request, "people/user_list.html", {"table": table})
