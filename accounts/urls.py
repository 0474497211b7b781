from django.urls import path

from . import views

app_name = "accounts"

# Mounted at /admin/two-factor/ (before the admin's own URLs).
urlpatterns = [
    path("", views.two_factor, name="two-factor"),
    path("verify/", views.otp_verify, name="otp-verify"),
]
