from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("", views.matter_list, name="list"),
    path("blacklist/", views.blacklist, name="blacklist"),
    path("<int:pk>/", views.matter_detail, name="detail"),
]
