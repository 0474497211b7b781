from django.db import models


class Level(models.TextChoices):
    """How hard the office presses (seeds 001 §五, 003 §四(三), 004 §三; 条例第四十七条: 督促整改, 通报批评)."""

    REMIND = "remind", "提醒"
    SUPERVISE = "supervise", "督办"
    CIRCULATE = "circulate", "通报"


NEXT_LEVEL = {Level.REMIND: Level.SUPERVISE, Level.SUPERVISE: Level.CIRCULATE}


class Status(models.TextChoices):
    ISSUED = "issued", "待答复"
    ANSWERED = "answered", "已答复待审核"
    RETURNED = "returned", "退回重新整改"
    CLOSED = "closed", "已办结"
    ESCALATED = "escalated", "已升级"


OPEN_STATUSES = (Status.ISSUED, Status.RETURNED)  # the department's answer period runs


class ItemKind(models.TextChoices):
    RECORD = "record", "逾期未公开的信息"
    REQUEST = "request", "逾期未答复的依申请公开"
    STALE_COLUMN = "stale_column", "长期未更新栏目（僵尸栏目）"
    DEAD_LINK = "dead_link", "无法访问的链接（死链）"
    OTHER = "other", "其他事项"


class ItemOutcome(models.TextChoices):
    FIXED = "fixed", "已整改"
    NOT_NEEDED = "not_needed", "无需整改"
    NOT_YET = "not_yet", "暂无法整改"
