from django.urls import path

from . import views

app_name = "disclosures"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("column/<slug:domain>/", views.column, name="column"),
    path("column/<slug:domain>/<slug:category>/", views.column, name="category"),
    path("disclosures/<int:pk>/", views.detail, name="detail"),
    path("attachments/<str:token>/", views.attachment, name="attachment"),
]
