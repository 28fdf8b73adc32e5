from django.urls import path

from programs import mentor_urls, order_urls, rollover_views
from programs.views import completion, matching, pairs, program, roadmap

app_name = "programs"

urlpatterns = [
    # Programs (curator edits, principal reads)
    path("", program.program_list, name="program-list"),
    path("new/", program.program_create, name="program-create"),
    path("<int:pk>/", program.program_detail, name="program-detail"),
    path("<int:pk>/edit/", program.program_edit, name="program-edit"),
    path("<int:pk>/status/", program.program_status, name="program-status"),
    # Roadmap
    path("<int:pk>/roadmap/", roadmap.roadmap, name="program-roadmap"),
    path("<int:pk>/roadmap/new/", roadmap.activity_create, name="activity-create"),
    path("activities/<int:pk>/edit/", roadmap.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/mark/", roadmap.activity_mark, name="activity-mark"),
    path("activities/<int:pk>/delete/", roadmap.activity_delete, name="activity-delete"),
    path("activities/<int:pk>/evidence/", roadmap.activity_evidence, name="activity-evidence"),
    # Pairs and groups
    path("pairs/", pairs.pair_list, name="pair-list"),
    path("<int:pk>/pairs/", pairs.program_pairs, name="program-pairs"),
    path("<int:pk>/pairs/new/", pairs.pair_create, name="pair-create"),
    path("pairs/<int:pk>/", pairs.pair_detail, name="pair-detail"),
    path("pairs/<int:pk>/activate/", pairs.pair_activate, name="pair-activate"),
    path("pairs/<int:pk>/complete/", pairs.pair_complete, name="pair-complete"),
    path("pairs/<int:pk>/terminate/", pairs.pair_terminate, name="pair-terminate"),
    # Matching and preferences after the group meeting
    path("<int:pk>/matching/", matching.matching, name="program-matching"),
    path("<int:pk>/matching/accept/", matching.matching_accept, name="matching-accept"),
    path("<int:pk>/matching/accept-all/", matching.matching_accept_all, name="matching-accept-all"),
    path("<int:pk>/matching/reject/", matching.matching_reject, name="matching-reject"),
    path("<int:pk>/matching/restore/", matching.matching_restore, name="matching-restore"),
    path("<int:pk>/matching/mentees/<int:mentee_id>/", matching.matching_change, name="matching-change"),
    path("<int:pk>/preferences/", matching.preferences, name="program-preferences"),
    path(
        "<int:pk>/preferences/<str:side>/<int:person_id>/",
        matching.preference_edit,
        name="preference-edit",
    ),
    # Completion: summary, nominations, best-practice cases
    path("<int:pk>/summary/", completion.program_summary, name="program-summary"),
    path("<int:pk>/nominations/new/", completion.nomination_create, name="nomination-create"),
    path("nominations/<int:pk>/delete/", completion.nomination_delete, name="nomination-delete"),
    path("<int:pk>/cases/new/", completion.case_create, name="case-create"),
    path("cases/<int:pk>/delete/", completion.case_delete, name="case-delete"),
    # The administrator's school-year rollover
    path("rollover/", rollover_views.rollover, name="rollover"),
    path("rollover/history/", rollover_views.rollover_history, name="rollover-history"),
    *mentor_urls.urlpatterns,
    *order_urls.urlpatterns,
]
