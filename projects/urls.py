from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("export.<str:fmt>", views.project_export, name="export"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.project_detail, name="detail"),
]
