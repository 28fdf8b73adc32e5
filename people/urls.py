from django.urls import path

from people import import_urls, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("partners/", views.partner_list, name="partner-list"),
    path("users/", views.user_list, name="user-list"),
    *import_urls.urlpatterns,
]
