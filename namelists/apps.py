from django.apps import AppConfig


class NamelistsConfig(AppConfig):
    name = "namelists"
    verbose_name = "公示名单"
