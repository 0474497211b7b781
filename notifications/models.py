from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One message in a user's in-app inbox. `dedupe_key` makes a retried job send nothing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类型", max_length=30, db_index=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    dedupe_key = models.CharField("去重键", max_length=200)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                name="%(app_label)s_%(class)s_unique_per_user",
                violation_error_message="该消息已发送给此用户。",
            )
        ]

    def __str__(self) -> str:
        return self.title
