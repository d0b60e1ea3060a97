from __future__ import annotations

from django.urls import path

from gongkai_web.letters import views

app_name = "letters"
urlpatterns = [
    path("applications/<int:pk>/letters/<str:kind>/", views.issue, name="issue"),
    path("letters/<int:pk>.<str:fmt>", views.download, name="download"),
    path("letters/templates/", views.templates, name="templates"),
    path("letters/templates/<str:kind>/", views.edit_template, name="edit"),
]
