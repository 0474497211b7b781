from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.circular_list, name="circulars"),
    path("<int:pk>/", views.circular_detail, name="circular"),
    path("<int:pk>/circular.docx", views.circular_docx, name="circular_docx"),
]
