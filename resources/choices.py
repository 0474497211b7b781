from django.db import models


class ResourceArea(models.TextChoices):
    """The six areas of public resource allocation (seed 002 §四(二))."""

    HOUSING = "housing", "住房保障"
    LAND_USE_RIGHT = "land_use_right", "国有土地使用权出让"
    MINING_RIGHT = "mining_right", "矿业权出让"
    PROCUREMENT = "procurement", "政府采购"
    STATE_PROPERTY = "state_property", "国有产权交易"
    CONSTRUCTION_BIDDING = "construction_bidding", "工程建设项目招标投标"


class CreditList(models.TextChoices):
    """The two public credit lists (国办发〔2020〕49号 for the 严重失信主体名单, which replaces the 2018 “黑名单”
    of seed 002 §四(二); seed 000 §三(三) “红黑名单” for the 守信激励 red list)."""

    SERIOUS = "serious", "严重失信主体名单"
    RED = "red", "守信激励对象名单（红名单）"


class CreditSubjectKind(models.TextChoices):
    """Who is listed: a legal person or other organisation (统一社会信用代码), or a natural person (e.g. one who
    骗取保障性住房), whose name and ID number are only ever shown masked (seed 001 §五 去标识化)."""

    ORGANIZATION = "organization", "法人和非法人组织"
    PERSON = "person", "自然人"


class CreditArea(models.TextChoices):
    """Areas a credit-list entry may belong to: the six public-resource areas (seed 002 §四(二)), the major-project
    area (seed 000 §三(三) “红黑名单”) and the welfare areas where seed 002 §四(三)3 asks for a 企业“黑名单”
    (食品安全) or a list is kept (环境保护). The first six codes are ResourceArea's, so existing entries keep theirs."""

    HOUSING = "housing", "住房保障"
    LAND_USE_RIGHT = "land_use_right", "国有土地使用权出让"
    MINING_RIGHT = "mining_right", "矿业权出让"
    PROCUREMENT = "procurement", "政府采购"
    STATE_PROPERTY = "state_property", "国有产权交易"
    CONSTRUCTION_BIDDING = "construction_bidding", "工程建设项目招标投标"
    MAJOR_PROJECTS = "major_projects", "重大建设项目批准和实施"
    FOOD_SAFETY = "food_safety", "食品安全（基本医疗卫生）"
    ENVIRONMENT = "environment", "环境保护"


class CreditBasis(models.TextChoices):
    """The legal basis of an entry. 国办发〔2020〕49号 四(六)(七): a list may be kept only where a law, a regulation
    or a 党中央、国务院 policy document provides for it, and its standard states how an entry leaves the list; the
    period of each basis is in CREDIT_BASIS_MAX_MONTHS."""

    PROCUREMENT_LAW_77 = "procurement_law_77", "《中华人民共和国政府采购法》第七十七条（一至三年内禁止参加政府采购活动）"
    BIDDING_LAW_54 = "bidding_law_54", "《中华人民共和国招标投标法》第五十四条（一至三年内取消投标资格）"
    PUBLIC_RENTAL_HOUSING = (
        "public_rental_housing",
        "《公共租赁住房管理办法》（住房和城乡建设部令第11号）第三十六条（以欺骗等不正当手段承租，五年内不得再次申请）",
    )
    MARKET_REGULATION = (
        "market_regulation",
        "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）（食品安全等严重违法失信，列入三年）",
    )
    OTHER_LAW = "other_law", "其他法律、法规或党中央、国务院政策文件（须填写依据条款）"
    RED_INCENTIVE = (
        "red_incentive",
        "《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）守信联合激励",
    )


# How the back office's list names each basis in one short line (the full text is the choice's label).
CREDIT_BASIS_SHORT: dict[str, str] = {
    CreditBasis.PROCUREMENT_LAW_77: "政府采购法第七十七条",
    CreditBasis.BIDDING_LAW_54: "招标投标法第五十四条",
    CreditBasis.PUBLIC_RENTAL_HOUSING: "公共租赁住房管理办法第三十六条",
    CreditBasis.MARKET_REGULATION: "市场监管总局令第44号",
    CreditBasis.OTHER_LAW: "其他依据",
    CreditBasis.RED_INCENTIVE: "国发〔2016〕33号",
}

# The longest listing period each basis allows, in months (a listing beyond it is refused).
CREDIT_BASIS_MAX_MONTHS: dict[str, int] = {
    CreditBasis.PROCUREMENT_LAW_77: 36,
    CreditBasis.BIDDING_LAW_54: 36,
    CreditBasis.PUBLIC_RENTAL_HOUSING: 60,
    CreditBasis.MARKET_REGULATION: 36,
    CreditBasis.OTHER_LAW: 60,  # 信用记录一般不超过五年 (国家发展改革委, 2019); the cited provision may set less
    CreditBasis.RED_INCENTIVE: 36,
}
# Which list each basis may be used for.
CREDIT_BASIS_LIST: dict[str, str] = {basis: CreditList.SERIOUS for basis in CreditBasis.values} | {
    CreditBasis.RED_INCENTIVE: CreditList.RED
}


class CreditStatement(models.TextChoices):
    """The subject's 陈述申辩 after the prior notice (告知) of the listing (国办发〔2020〕49号 四(八))."""

    NONE = "none", "告知后未提出陈述申辩"
    PARTLY = "partly", "已陈述申辩，部分采纳"
    REJECTED = "rejected", "已陈述申辩，意见未予采纳"
