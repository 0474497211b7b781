from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待部门负责人审核"
    REVIEWED = "reviewed", "待分管领导签发"
    APPROVED = "approved", "待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
    MERGED = "merged", "已并入更正"


class DisclosureMode(models.TextChoices):
    ACTIVE = "active", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_DISCLOSED = "not_disclosed", "不予公开"



# States in which the record is still the responsible department's to publish.
UNPUBLISHED_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.APPROVED)
