from __future__ import annotations

from django.urls import path

from gongkai_web.analysis import views

app_name = "analysis"

urlpatterns = [
    path("", views.region, name="region"),
    path("multiples/", views.multiples, name="multiples"),
    path("agency/<int:pk>/", views.agency, name="agency"),
]
