from __future__ import annotations

from django.urls import path

from gongkai_web.disclosures import views, workflow

app_name = "disclosures"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("item/<int:pk>/", views.detail, name="detail"),
    path("new/", views.create, name="create"),
    path("item/<int:pk>/edit/", views.edit, name="edit"),
    path("item/<int:pk>/do/<str:step>/", workflow.act, name="act"),
    path("work/", workflow.work, name="work"),
    path("table-two/", views.table_two, name="table_two"),
]
