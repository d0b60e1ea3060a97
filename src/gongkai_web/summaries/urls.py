from __future__ import annotations

from django.urls import path

from gongkai_web.summaries import views

app_name = "summaries"
urlpatterns = [
    path("", views.index, name="index"),
    path("cell/", views.cell, name="cell"),
    path("download.<str:fmt>", views.download, name="download"),
    path("dataset.<str:fmt>", views.dataset, name="dataset"),
]
