"""URLs of the mentor's workspace (merged into the programs namespace by programs/urls.py)."""

from django.urls import path

from programs import mentor_views

urlpatterns = [
    path("my/pairs/", mentor_views.my_pairs, name="my-pairs"),
    path("my/pairs/<int:pair_id>/", mentor_views.my_pair, name="my-pair"),
    path("my/pairs/<int:pair_id>/meetings/new/", mentor_views.meeting_new, name="meeting-new"),
    path("my/pairs/<int:pair_id>/goals/new/", mentor_views.plan_goal_new, name="plan-goal-new"),
    path("my/pairs/<int:pair_id>/goals/<int:goal_id>/tasks/new/", mentor_views.plan_task_new, name="plan-task-new"),
    path("my/pairs/<int:pair_id>/tasks/<int:task_id>/status/", mentor_views.plan_task_status, name="plan-task-status"),
]
