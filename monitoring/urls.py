from django.urls import path

from monitoring import dashboard_urls, views

app_name = "monitoring"

urlpatterns = [
    # Campaigns (curator runs them, principal reads)
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/launch/", views.campaign_launch, name="campaign-launch"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign-close"),
    path("campaigns/<int:pk>/links/", views.campaign_links, name="campaign-links"),
    path("campaigns/<int:pk>/links.pdf", views.campaign_links_pdf, name="campaign-links-pdf"),
    path("campaigns/<int:pk>/send-links/", views.campaign_send_links, name="campaign-send-links"),
    # Results
    path("campaigns/<int:pk>/results/", views.campaign_results, name="campaign-results"),
    path("campaigns/<int:pk>/results.xlsx", views.campaign_results_xlsx, name="campaign-results-xlsx"),
    path("impact/", views.impact, name="impact"),
    # Questionnaires
    path("questionnaires/", views.questionnaire_list, name="questionnaire-list"),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire-detail"),
    # Respondents: a mentor's own invitation, and the personal link (no login)
    path("my/<int:pk>/", views.my_questionnaire, name="my-questionnaire"),
    path("q/<str:token>/", views.respond, name="respond"),
    *dashboard_urls.urlpatterns,
]
