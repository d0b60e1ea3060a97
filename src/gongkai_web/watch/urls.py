from __future__ import annotations

from django.urls import path

from gongkai_web.watch import views

app_name = "watch"
urlpatterns = [
    path("", views.index, name="index"),
    path("crawl/", views.crawl, name="crawl"),
    path("run/", views.run_now, name="run"),
]
