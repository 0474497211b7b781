from django.db import models


class AttachmentScanStatus(models.TextChoices):
    """What the personal-data check found when it read an attachment (core.attachment_scan); "" = not read yet."""

    CLEAN = "clean", "未发现个人信息"
    FOUND = "found", "发现疑似个人信息"
    UNREADABLE = "unreadable", "未能完整读取"
