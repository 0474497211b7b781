from django.db import models


class LimitKind(models.TextChoices):
    WORKING_DAYS = "working_days", "工作日"
    REALTIME = "realtime", "实时"
    ONGOING = "ongoing", "常年"


class Audience(models.TextChoices):
    PUBLIC = "public", "全社会"
    SPECIFIC = "specific", "特定群体"


class EntryMode(models.TextChoices):
    ACTIVE = "active", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"


class DecisionType(models.TextChoices):
    NONE = "", "—"
    LICENSE = "license", "行政许可决定"
    PENALTY = "penalty", "行政处罚决定"
