from __future__ import annotations

from django.urls import path

from gongkai_web.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("work/", views.work, name="work"),
    path("new/", views.create, name="create"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("<int:pk>/do/<str:name>/", views.step, name="step"),
    path("comments/<int:pk>/<str:kind>/", views.review_comment, name="review_comment"),
]
