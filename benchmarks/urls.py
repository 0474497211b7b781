from django.urls import path

from . import views

app_name = "benchmarks"

urlpatterns = [path("ping/", views.ping, name="ping")]
