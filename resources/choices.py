from django.db import models


class ResourceArea(models.TextChoices):
    """The six areas of public resource allocation (seed 002 §四(二))."""

    HOUSING = "housing", "住房保障"
    LAND_USE_RIGHT = "land_use_right", "国有土地使用权出让"
    MINING_RIGHT = "mining_right", "矿业权出让"
    PROCUREMENT = "procurement", "政府采购"
    STATE_PROPERTY = "state_property", "国有产权交易"
    CONSTRUCTION_BIDDING = "construction_bidding", "工程建设项目招标投标"
