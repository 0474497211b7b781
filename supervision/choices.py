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
    COMPLAINT = "complaint", "公众投诉举报"
    OTHER = "other", "其他事项"


class ItemOutcome(models.TextChoices):
    FIXED = "fixed", "已整改"
    NOT_NEEDED = "not_needed", "无需整改"
    NOT_YET = "not_yet", "暂无法整改"


class CircularKind(models.TextChoices):
    """条例第四十七条: the 主管部门 通报批评 a body that does not disclose as it must; seeds 001 §五 (通报批评/表扬),
    002 §六(三) (通报检查结果)."""

    SITUATION = "situation", "情况通报"
    CRITICISM = "criticism", "通报批评"
    PRAISE = "praise", "通报表扬"


class CircularStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    INTERNAL = "internal", "已印发（内部）"
    PUBLISHED = "published", "已公开"


class Verdict(models.TextChoices):
    PRAISE = "praise", "表扬"
    CRITICISE = "criticise", "批评"
    NONE = "", "—"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "待处理"
    ANSWERED = "answered", "已答复"


class ComplaintChannel(models.TextChoices):
    ONLINE = "online", "网上"
    LETTER = "letter", "来信"
    PHONE = "phone", "来电"
    VISIT = "visit", "来访"
