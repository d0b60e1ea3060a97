from __future__ import annotations

from django.urls import path

from gongkai_web.supervision import dashboard_views, views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/progress.json", views.batch_progress_json, name="progress"),
    path("batches/<int:pk>/export.<str:fmt>", views.batch_export, name="export"),
    path("assign/", views.assignment_queue, name="assign_queue"),
    path("items/<int:pk>/assign/", views.assign, name="assign"),
    path("reports/<int:pk>/", views.collected_report, name="report"),
    path("reports/<int:pk>/published/", dashboard_views.correct_publication, name="publication"),
    path("reports/<int:pk>/v<int:number>/findings/<int:index>/", dashboard_views.finding, name="finding"),
    path("reports/<int:pk>/v<int:number>/original", dashboard_views.original, name="original"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", dashboard_views.dashboard_export, name="dashboard_export"),
]
