from django.urls import path

from people import import_urls, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("export/", views.person_export, name="person-export"),
    path("add/", views.person_create, name="person-create"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("<int:pk>/archive/", views.person_archive, name="person-archive"),
    path("<int:pk>/restore/", views.person_restore, name="person-restore"),
    path("<int:pk>/representatives/add/", views.representative_link, name="representative-link"),
    path("representatives/<int:pk>/unlink/", views.representative_unlink, name="representative-unlink"),
    path("<int:pk>/consents/add/", views.consent_create, name="consent-create"),
    path("consents/missing/", views.consent_missing, name="consent-missing"),
    path("consents/<int:pk>/revoke/", views.consent_revoke, name="consent-revoke"),
    path("consents/<int:pk>/scan/", views.consent_scan, name="consent-scan"),
    path("partners/", views.partner_list, name="partner-list"),
    path("partners/add/", views.partner_create, name="partner-create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner-detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner-edit"),
    path("mentors/", views.mentor_list, name="mentor-list"),
    path("mentors/export/", views.mentor_export, name="mentor-export"),
    path("mentors/add/", views.mentor_create, name="mentor-create"),
    path("mentors/<int:pk>/", views.mentor_detail, name="mentor-detail"),
    path("mentors/<int:pk>/edit/", views.mentor_edit, name="mentor-edit"),
    path("mentors/<int:pk>/status/", views.mentor_status, name="mentor-status"),
    path("mentors/<int:pk>/trainings/add/", views.mentor_training_add, name="mentor-training-add"),
    path("mentors/<int:pk>/criteria/", views.mentor_criteria, name="mentor-criteria"),
    path("mentees/", views.mentee_list, name="mentee-list"),
    path("mentees/export/", views.mentee_export, name="mentee-export"),
    path("mentees/add/", views.mentee_create, name="mentee-create"),
    path("mentees/<int:pk>/", views.mentee_detail, name="mentee-detail"),
    path("mentees/<int:pk>/requests/add/", views.mentee_request_add, name="mentee-request-add"),
    path("mentees/<int:pk>/full-cycle/", views.mentee_full_cycle, name="mentee-full-cycle"),
    path("mentees/<int:pk>/status/", views.mentee_status, name="mentee-status"),
    path("users/", views.user_list, name="user-list"),
    *import_urls.urlpatterns,
]
