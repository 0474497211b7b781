from django.urls import path

from . import views

app_name = "annualreports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/report.xlsx", views.report_xlsx, name="xlsx"),
    path("<int:pk>/report.docx", views.report_docx, name="docx"),
]
