from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假（休息日）"
    WORKDAY = "workday", "上班（含调休补班）"


class ClockUnit(models.TextChoices):
    """The unit a statutory limit is written in (workdays.clock).

    工作日: 《政府信息公开条例》第二十六条、第三十三条; 日: e.g. 《招标投标法实施条例》第五十四条 "3日";
    小时: real-time and urgent information (issue 16 §7), counted on calendar time.
    """

    WORKING_DAYS = "working_days", "工作日"
    CALENDAR_DAYS = "calendar_days", "日"
    HOURS = "hours", "小时"
