from django.urls import path

from . import views

app_name = "inforequests"

urlpatterns = [
    path("", views.guide, name="guide"),
    path("apply/", views.apply, name="apply"),
    path("status/", views.status, name="status"),
    path("status/correction/", views.correction, name="correction"),
    path("status/file/", views.answer_file, name="answer-file"),
]
