"""URLs of the roster import (merged into the people namespace by people/urls.py)."""

from django.urls import path

from people import import_views

urlpatterns = [
    path("imports/", import_views.import_list, name="import-list"),
    path("imports/new/", import_views.import_new, name="import-new"),
    path("imports/template/<str:kind>/", import_views.import_template, name="import-template"),
    path("imports/<int:pk>/", import_views.import_detail, name="import-detail"),
    path("imports/<int:pk>/status/", import_views.import_status, name="import-status"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/cancel/", import_views.import_cancel, name="import-cancel"),
    path("imports/<int:pk>/retry/", import_views.import_retry, name="import-retry"),
    path("imports/<int:pk>/file/", import_views.import_file, name="import-file"),
]
