from __future__ import annotations

from django.urls import path

from gongkai_web.channels import views

app_name = "channels"
urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.add, name="add"),
    path("<int:pk>/", views.channel, name="channel"),
    path("<int:pk>/posts/", views.import_posts, name="import_posts"),
    path("messages/", views.import_messages, name="import_messages"),
    path("place/<int:disclosure>/", views.place, name="place"),
]
