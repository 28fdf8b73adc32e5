"""The portal's URL map: accounts, role home pages and the apps."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from mentorship import views

admin.site.site_header = "Наставничество — администрирование"
admin.site.site_title = "Наставничество"
admin.site.index_title = "Справочники и учётные записи"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("people/", include("people.urls")),
    path("programs/", include("programs.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files (consent scans, evidence) are never served as public media, not even with
# DEBUG on: each is sent by a view that checks who asks.
