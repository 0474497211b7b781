from django.db import models


class JurisdictionLevel(models.TextChoices):
    PREFECTURE = "prefecture", "州/市"
    COUNTY = "county", "县/区"
    TOWN = "town", "乡/镇"


class Role(models.TextChoices):
    CLERK = "clerk", "经办人"
    REVIEWER = "reviewer", "部门负责人"
    SIGNER = "signer", "分管领导"
    OFFICE = "office", "政务公开办"
