"""A supervisor's pages for their region: the register of agencies, deadline rules, the roster."""

from __future__ import annotations

from django.urls import path

from gongkai_web.agencies import region_views as views

app_name = "agencies"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/export.<str:fmt>", views.register_export, name="register_export"),
    path("register/import/", views.register_import, name="register_import"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("deadlines/<int:pk>/delete/", views.deadline_delete, name="deadline_delete"),
    path("roster/", views.roster, name="roster"),
    path("roster/export.xlsx", views.roster_export, name="roster_export"),
]
