from django.db import models


class WelfareArea(models.TextChoices):
    """The seven areas of social welfare undertakings (seed 002 §四(三))."""

    POVERTY_ALLEVIATION = "poverty_alleviation", "脱贫攻坚"
    EDUCATION = "education", "教育"
    HEALTH = "health", "基本医疗卫生"
    CULTURE_SPORTS = "culture_sports", "公共文化体育"
    SOCIAL_ASSISTANCE = "social_assistance", "社会救助和社会福利"
    ENVIRONMENT = "environment", "环境保护"
    DISASTER_RELIEF = "disaster_relief", "灾害事故救援"
