from django.urls import path

from . import views

app_name = "welfare"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("export.<str:fmt>", views.programme_export, name="export"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("public-bodies/", views.public_bodies, name="public-bodies"),
]
