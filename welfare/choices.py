from django.db import models


class WelfareArea(models.TextChoices):
    """The seven areas of social welfare undertakings (seed 002 §四(三))."""

    # 2018: 脱贫攻坚 (HISTORIC_AREA_TITLES); today 巩固拓展脱贫攻坚成果和乡村振兴.
    POVERTY_ALLEVIATION = "poverty_alleviation", "巩固拓展脱贫攻坚成果和乡村振兴"
    EDUCATION = "education", "教育"
    HEALTH = "health", "基本医疗卫生"
    CULTURE_SPORTS = "culture_sports", "公共文化体育"
    SOCIAL_ASSISTANCE = "social_assistance", "社会救助和社会福利"
    ENVIRONMENT = "environment", "环境保护"
    DISASTER_RELIEF = "disaster_relief", "灾害事故救援"


# The seed's 2018 names of areas renamed since, kept as the historic column titles (issue 27):
# 脱贫攻坚 is now 巩固拓展脱贫攻坚成果同乡村振兴有效衔接 (2021年中央一号文件《中共中央 国务院关于全面推进乡村振兴
# 加快农业农村现代化的意见》; the 五年过渡期 of 《关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见》).
HISTORIC_AREA_TITLES = {"poverty_alleviation": "脱贫攻坚"}


class PublicBodyKind(models.TextChoices):
    """Who the office promotes and evaluates (seed 002 §四(三) closing paragraph, §六(三))."""

    ENTERPRISE = "enterprise", "公共企业"
    INSTITUTION = "institution", "公共事业单位"
    CHARITY = "charity", "慈善组织"


class PublicBodySector(models.TextChoices):
    """The fields of 《公共企事业单位信息公开规定制定办法》（国办发〔2020〕50号）第二条, and 慈善 (《慈善法》)."""

    EDUCATION = "education", "教育"
    HEALTH = "health", "卫生健康"
    WATER = "water", "供水"
    POWER = "power", "供电"
    GAS = "gas", "供气"
    HEATING = "heating", "供热"
    ENVIRONMENT = "environment", "环境保护"
    TRANSPORT = "transport", "公共交通"
    CHARITY = "charity", "慈善"
    OTHER = "other", "其他社会公益事业"


class EvaluationGrade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"
