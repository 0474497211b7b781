from django.db import models


class LimitKind(models.TextChoices):
    """How an entry's publication limit is set (disclosures/deadlines.py applies it).

    GENERAL: no limit of its own, the jurisdiction's general limit applies (《政府信息公开条例》第二十六条:
    20 个工作日, or a shorter local rule). WORKING_DAYS / CALENDAR_DAYS: a law's own limit for this class of
    information, which replaces the general limit (e.g. 《政府采购法实施条例》第四十三条: 2 个工作日;
    《招标投标法实施条例》第五十四条: 3 日). REALTIME: 实时, a clock in hours on calendar time (the entry's
    hours, else the office's default). ONGOING: 常年公开 documents kept up to date (办事指南); a change is
    published within the general limit."""

    GENERAL = "general", "一般时限"
    WORKING_DAYS = "working_days", "工作日"
    CALENDAR_DAYS = "calendar_days", "日"
    REALTIME = "realtime", "实时（小时）"
    ONGOING = "ongoing", "常年"


# Kinds whose `limit_days` is the entry's own number of days.
DAY_LIMIT_KINDS = (LimitKind.WORKING_DAYS, LimitKind.CALENDAR_DAYS)


class Audience(models.TextChoices):
    PUBLIC = "public", "全社会"
    SPECIFIC = "specific", "特定群体"


class EntryMode(models.TextChoices):
    """条例第十三条: the two ways government information is made public."""

    ACTIVE = "active", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"


class DecisionType(models.TextChoices):
    NONE = "", "—"
    LICENSE = "license", "行政许可决定"
    PENALTY = "penalty", "行政处罚决定"


class Retention(models.TextChoices):
    """保管期限 of a record once archived: 《机关文件材料归档范围和文书档案保管期限规定》(国家档案局令第8号, 2006)
    divides 文书档案 into 永久 and 定期, 定期 being 30 years or 10 years (article number not confirmed); it replaced the 1987 规定's
    永久/长期/短期 (长期 16–50 years, 短期 up to 15), so 长期 is no longer a period of its own. The period runs
    from the record's publication (or withdrawal) date here; the rule's own starting point (the year after the
    document was formed, in archival practice) could not be confirmed and is noted in docs/operations.md."""

    PERMANENT = "permanent", "永久"
    YEARS_30 = "years_30", "定期30年"
    YEARS_10 = "years_10", "定期10年"


RETENTION_YEARS = {Retention.YEARS_30: 30, Retention.YEARS_10: 10}
