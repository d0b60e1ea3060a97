from __future__ import annotations

from django.urls import path

from gongkai_web.applications import views

app_name = "applications"
urlpatterns = [
    path("apply/", views.public_apply, name="apply"),
    path("apply/done/<str:code>/", views.public_done, name="done"),
    path("track/", views.track, name="track"),
    path("applications/", views.application_list, name="list"),
    path("applications/queue/", views.work_queue, name="queue"),
    path("applications/export/", views.export_list, name="export"),
    path("applications/assign/", views.batch_assign, name="batch_assign"),
    path("applications/new/", views.intake, name="intake"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/do/<str:action>/", views.act, name="act"),
    path("applications/<int:pk>/correct/", views.correct, name="correct"),
    path("applications/<int:pk>/documents/", views.upload, name="upload"),
    path("documents/<int:pk>/", views.download, name="download"),
]
