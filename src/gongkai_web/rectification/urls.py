from __future__ import annotations

from django.urls import path

from gongkai_web.rectification import views

app_name = "rectification"
urlpatterns = [
    path("", views.problem_list, name="problems"),
    path("export.xlsx", views.problem_export, name="export"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/open/", views.report_open, name="open"),
    path("reports/<int:pk>/upload/", views.report_upload, name="upload"),
    path("problems/<int:pk>/", views.problem_detail, name="problem"),
    path("problems/<int:pk>/do/<str:name>/", views.problem_do, name="do"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/new/", views.notice_compose, name="compose"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/issue/", views.notice_issue, name="issue"),
    path("notices/<int:pk>/notice.<str:fmt>", views.notice_file, name="file"),
    path("templates/", views.templates, name="templates"),
]
