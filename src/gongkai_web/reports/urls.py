from __future__ import annotations

from django.urls import path

from gongkai_web.reports import version_views, views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:agency_pk>/<int:year>/", views.workspace, name="workspace"),
    path("<int:agency_pk>/<int:year>/lock/", views.lock, name="lock"),
    path("<int:agency_pk>/<int:year>/import/", version_views.import_view, name="import"),
    path("<int:agency_pk>/<int:year>/cell/<str:path>/", views.cell, name="cell"),
    path("<int:agency_pk>/<int:year>/fact/<str:key>/", views.fact, name="fact"),
    path("<int:agency_pk>/<int:year>/v<int:number>/", version_views.version, name="version"),
    path("<int:agency_pk>/<int:year>/v<int:number>/lock/", version_views.lock_version, name="lock_version"),
    path("<int:agency_pk>/<int:year>/v<int:number>/publish/", version_views.publish, name="publish"),
    path(
        "<int:agency_pk>/<int:year>/v<int:number>/<str:fmt>/", version_views.version_file, name="version_file"
    ),
    path("public/", views.public_index, name="public_index"),
    path("public/<str:code>/<int:year>/", views.public_report, name="public_report"),
    path("public/<str:code>/<int:year>.json", views.public_json, name="public_json"),
    path("public/<str:code>/<int:year>/download.<str:fmt>", views.public_file, name="public_file"),
]
