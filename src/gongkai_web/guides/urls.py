from __future__ import annotations

from django.urls import path

from gongkai_web.guides import views

app_name = "guides"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.guide, name="guide"),
    path("<int:pk>/edit/", views.edit, name="edit"),
]
