from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "站内消息"

    def ready(self):
        from core.signals import case_notice

        from .services import CASE_NOTICE_UID, deliver_case_notice

        case_notice.connect(deliver_case_notice, dispatch_uid=CASE_NOTICE_UID)
