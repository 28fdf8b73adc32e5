"""Addresses of the indicators dashboard and the reports; included into the «monitoring» namespace."""

from django.urls import path

from monitoring import dashboard_views as views

urlpatterns = [
    # Target indicators: the dashboard (?year=2025&compare=1), drill-down, plans, fixing the figures
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<int:year>/plans/", views.indicator_plans, name="indicator-plans"),
    path("indicators/<int:year>/fix/", views.indicator_fix, name="indicator-fix"),
    path("indicators/<int:year>/<slug:code>/<slug:part>/", views.indicator_people, name="indicator-people"),
    # Mentors' quarterly reports
    path("mentor-reports/", views.mentor_report_list, name="mentor-report-list"),
    path("mentor-reports/new/<int:pair_id>/", views.mentor_report_create, name="mentor-report-create"),
    path("mentor-reports/<int:pk>/", views.mentor_report_detail, name="mentor-report-detail"),
    path("mentor-reports/<int:pk>/edit/", views.mentor_report_edit, name="mentor-report-edit"),
    path("mentor-reports/<int:pk>/submit/", views.mentor_report_submit, name="mentor-report-submit"),
    path("mentor-reports/<int:pk>/review/", views.mentor_report_review, name="mentor-report-review"),
    # Year-end formal reports of the pairs
    path("year-reports/", views.year_report_programs, name="year-report-programs"),
    path("year-reports/program/<int:program_id>/", views.year_report_list, name="year-report-list"),
    path("year-reports/pair/<int:pair_id>/", views.year_report_pair, name="year-report-pair"),
    path("year-reports/pair/<int:pair_id>/<slug:role>/", views.year_report_edit, name="year-report-edit"),
    # The annual monitoring report (due 20 October) and the statistical form (due 20 January)
    path("annual-report/", views.annual_report, name="annual-report"),
    path("annual-report/<int:year>/edit/", views.annual_report_edit, name="annual-report-edit"),
    path("annual-report/<int:year>/pdf/", views.annual_report_pdf, name="annual-report-pdf"),
    path("annual-report/<int:year>/xlsx/", views.annual_report_xlsx, name="annual-report-xlsx"),
    path("statistical-form/", views.statistical_form, name="statistical-form"),
    path("statistical-form/<int:year>/xlsx/", views.statistical_form_xlsx, name="statistical-form-xlsx"),
]
