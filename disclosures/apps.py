from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = "信息公开"

    def ready(self):
        from workdays.signals import calendar_changed

        from .receivers import recompute_due_dates_on_calendar_change

        calendar_changed.connect(recompute_due_dates_on_calendar_change, dispatch_uid="disclosures.recompute_due_dates")
