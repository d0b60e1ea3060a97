from __future__ import annotations

from django.urls import path

from gongkai_web.disclosures import views

app_name = "disclosures"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("item/<int:pk>/", views.detail, name="detail"),
    path("new/", views.create, name="create"),
    path("item/<int:pk>/edit/", views.edit, name="edit"),
    path("table-two/", views.table_two, name="table_two"),
]
