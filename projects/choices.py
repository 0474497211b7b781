from django.db import models


class ProjectCategory(models.TextChoices):
    """The categories of major-project information: the eight of seed 002 §四(一), 项目监管 (seed 000 §二(二))
    and PPP项目信息 (seed 001 二.6, only about a project marked PPP)."""

    APPROVAL_SERVICE = "approval_service", "批准服务信息"
    APPROVAL_RESULT = "approval_result", "批准结果信息"
    BIDDING = "bidding", "招标投标信息"
    LAND_EXPROPRIATION = "land_expropriation", "征收土地信息"
    DESIGN_CHANGE = "design_change", "重大设计变更信息"
    CONSTRUCTION = "construction", "施工有关信息"
    QUALITY_SAFETY = "quality_safety", "质量安全监督信息"
    COMPLETION = "completion", "竣工有关信息"
    SUPERVISION = "supervision", "项目监管信息"
    PPP = "ppp", "PPP项目信息"


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", "农业"
    WATER = "water", "水利"
    ENERGY = "energy", "能源"
    TRANSPORT = "transport", "交通运输"
    POVERTY_RELOCATION = "poverty_relocation", "脱贫攻坚/易地扶贫搬迁"
    SHANTYTOWN = "shantytown", "住房保障/棚户区改造"
    ECOLOGY = "ecology", "生态环境"
    URBAN = "urban", "住房和城乡建设"
    SOCIAL = "social", "社会事业"
    INFORMATION = "information", "信息产业"
    MATERIALS = "materials", "原材料"
    MACHINERY = "machinery", "机械制造"
    LIGHT_INDUSTRY = "light_industry", "轻工"
    HIGH_TECH = "high_tech", "高新技术"
    OTHER = "other", "其他"


class ApprovalMode(models.TextChoices):
    APPROVAL = "approval", "审批"
    VERIFICATION = "verification", "核准"
    FILING = "filing", "备案"


class InvestorType(models.TextChoices):
    GOVERNMENT = "government", "政府投资"
    ENTERPRISE = "enterprise", "企业投资"


class Phase(models.TextChoices):
    PREPARATION = "preparation", "前期/审批"
    CONSTRUCTION = "construction", "在建"
    COMPLETED = "completed", "竣工"
    OPERATION = "operation", "运营"
    TERMINATED = "terminated", "终止"


class PPPMode(models.TextChoices):
    """合作模式 (seed 001 §二.6)."""

    BOT = "bot", "建设-运营-移交（BOT）"
    BOO = "boo", "建设-拥有-运营（BOO）"
    TOT = "tot", "转让-运营-移交（TOT）"
    ROT = "rot", "改建-运营-移交（ROT）"
    OM = "om", "委托运营（O&M）"
    MC = "mc", "管理合同（MC）"
    OTHER = "other", "其他"


class PPPReturn(models.TextChoices):
    """回报机制."""

    USER_PAY = "user_pay", "使用者付费"
    GOVERNMENT_PAY = "government_pay", "政府付费"
    VIABILITY_GAP = "viability_gap", "可行性缺口补助"


class PPPCapital(models.TextChoices):
    """资本参与方式."""

    EQUITY = "equity", "股权投资"
    JOINT_VENTURE = "joint_venture", "合资组建项目公司"
    FULL_PRIVATE = "full_private", "社会资本全资"
    OTHER = "other", "其他"


# Categories a project must have published by its phase (the completeness matrix).
EXPECTED_CATEGORIES: dict[str, list[str]] = {
    Phase.PREPARATION: [ProjectCategory.APPROVAL_RESULT],
    Phase.CONSTRUCTION: [
        ProjectCategory.APPROVAL_RESULT,
        ProjectCategory.BIDDING,
        ProjectCategory.CONSTRUCTION,
        ProjectCategory.QUALITY_SAFETY,
    ],
    Phase.COMPLETED: [
        ProjectCategory.APPROVAL_RESULT,
        ProjectCategory.BIDDING,
        ProjectCategory.CONSTRUCTION,
        ProjectCategory.QUALITY_SAFETY,
        ProjectCategory.COMPLETION,
    ],
    Phase.OPERATION: [
        ProjectCategory.APPROVAL_RESULT,
        ProjectCategory.BIDDING,
        ProjectCategory.CONSTRUCTION,
        ProjectCategory.QUALITY_SAFETY,
        ProjectCategory.COMPLETION,
    ],
    Phase.TERMINATED: [ProjectCategory.APPROVAL_RESULT],
}


# PPP项目信息 is expected of a PPP project in every phase but 终止 (seed 001 二.6: 做好项目准备、实施等阶段信息公开).
PPP_PHASES = frozenset({Phase.PREPARATION, Phase.CONSTRUCTION, Phase.COMPLETED, Phase.OPERATION})

# The steps of a category: its own item types a project must have published by its phase (the matrix shows
# which are out and which are missing). 招标投标: 招标公告 → 中标候选人公示 → 中标结果 → 合同订立
# (《招标投标法》第十六条、第四十五条、第四十六条，《招标投标法实施条例》第五十四条); PPP: the arrangement the seed
# names (资本参与方式、合作模式、回报机制) and the 项目进展.
_BUILT = (Phase.CONSTRUCTION, Phase.COMPLETED, Phase.OPERATION)
EXPECTED_STEPS: dict[str, dict[str, tuple[str, ...]]] = {
    ProjectCategory.BIDDING: {phase: ("tender_notice", "candidates", "award", "contract") for phase in _BUILT},
    ProjectCategory.QUALITY_SAFETY: {phase: ("agency",) for phase in _BUILT},
    ProjectCategory.PPP: {phase: ("capital", "cooperation_mode", "return_mechanism", "progress") for phase in PPP_PHASES},
}
