from django.urls import path

from . import views

app_name = "inforequests"

urlpatterns = [
    path("", views.guide, name="guide"),
    path("apply/", views.apply, name="apply"),
    path("status/", views.status, name="status"),
]
