from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假（休息日）"
    WORKDAY = "workday", "上班（含调休补班）"
