from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "workdays"
    verbose_name = "工作日历"

    def ready(self):
        # Here, not at the top: the clock imports models, which are not ready when this module is imported.
        from .clock import recompute_on_calendar_change
        from .signals import calendar_changed

        calendar_changed.connect(recompute_on_calendar_change, dispatch_uid="workdays.clock.recompute")
