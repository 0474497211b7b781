from django.db import models


class ProjectCategory(models.TextChoices):
    """The nine categories of major-project information (seed 002 §四(一), seed 000 §二(二))."""

    APPROVAL_SERVICE = "approval_service", "批准服务信息"
    APPROVAL_RESULT = "approval_result", "批准结果信息"
    BIDDING = "bidding", "招标投标信息"
    LAND_EXPROPRIATION = "land_expropriation", "征收土地信息"
    DESIGN_CHANGE = "design_change", "重大设计变更信息"
    CONSTRUCTION = "construction", "施工有关信息"
    QUALITY_SAFETY = "quality_safety", "质量安全监督信息"
    COMPLETION = "completion", "竣工有关信息"
    SUPERVISION = "supervision", "项目监管信息"
