from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号安全"

    def ready(self) -> None:
        # Login audit: Django's and django-axes' signals, each receiver one call to a service.
        from . import receivers  # noqa: F401
