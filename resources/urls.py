from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("", views.matter_list, name="list"),
    path("export.<str:fmt>", views.matter_export, name="export"),
    path("blacklist/", views.blacklist, name="blacklist"),
    path("blacklist/export.<str:fmt>", views.blacklist_export, name="blacklist-export"),
    path("redlist/", views.redlist, name="redlist"),
    path("redlist/export.<str:fmt>", views.redlist_export, name="redlist-export"),
    path("<int:pk>/", views.matter_detail, name="detail"),
]
