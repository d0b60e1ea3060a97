from __future__ import annotations

from django.urls import path

from gongkai_web.interpretations import views

app_name = "interpretations"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("new/<int:document>/", views.create, name="create"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
]
