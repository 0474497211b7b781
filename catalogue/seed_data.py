"""
The seeded 标准目录: what each area must publish, on what basis, by whom, how fast.

Derived from the 2018 implementation plans in /work/shared/seeds (克州 seed 002 §四 for the
content lists and §五 for time limits; 芒市 seed 000 for the 9th project category 项目监管信息;
王益区 seed 003 and 乳山 seed 004 for the general 20-working-day rule and the channels).

Pure data: a list of dicts, one per entry, in display order within each domain. Keys left out take
the values in DEFAULTS. Loaded by migration 0002_seed_catalogue; the office edits the rows in the
admin afterwards, so changing this list does not change an existing database.
"""

# ---------------------------------------------------------------------------------------------
# Defaults and shorthands
# ---------------------------------------------------------------------------------------------
DEFAULTS = {
    "limit_kind": "working_days",
    "limit_days": 20,
    "decision_type": "",
    "channels": "政府网站",
    "audience": "public",
    "mode": "active",
}

REALTIME = {"limit_kind": "realtime", "limit_days": None}
ONGOING = {"limit_kind": "ongoing", "limit_days": None}
# 行政许可、行政处罚事项自作出行政决定之日起 7 个工作日内上网公开（seed 002 §五(二), seed 003 三(三)）.
LICENSE = {"decision_type": "license", "limit_days": 7}
PENALTY = {"decision_type": "penalty", "limit_days": 7}

REGULATION = "《中华人民共和国政府信息公开条例》"
OPINION_PROJECTS = "《国务院办公厅关于推进重大建设项目批准和实施领域政府信息公开的意见》（国办发〔2017〕94号）"
OPINION_RESOURCES = "《关于推进公共资源配置领域政府信息公开的意见》（国办发〔2017〕97号）"
OPINION_WELFARE = "《关于推进社会公益事业建设领域政府信息公开的意见》（国办发〔2018〕10号）"
CREDIT = "《关于认真做好行政许可和行政处罚等信用信息公示工作的通知》（发改电〔2015〕557号）"


def _basis(opinion: str, *rules: str) -> str:
    return "、".join((REGULATION, opinion, *rules))


def _projects(*rules: str) -> str:
    return _basis(OPINION_PROJECTS, *rules)


def _resources(*rules: str) -> str:
    return _basis(OPINION_RESOURCES, *rules)


def _welfare(*rules: str) -> str:
    return _basis(OPINION_WELFARE, *rules)


CH_PROJECTS = "政府网站、投资项目在线审批监管平台"
CH_PROJECT_SITE = "政府网站、投资项目在线审批监管平台、项目现场公示牌"
CH_CREDIT = "政府网站、投资项目在线审批监管平台、“信用中国”网站"
CH_TRADING = "政府网站、公共资源交易平台"
CH_TRADING_CREDIT = "政府网站、公共资源交易平台、“信用中国”网站"
CH_PROCUREMENT = "政府网站、中国政府采购网地方分网、公共资源交易平台"
CH_VILLAGE = "村（社区）公示栏、乡镇政务公开栏"
CH_WEB_VILLAGE = "政府网站、村（社区）公示栏"
CH_MEDIA = "政府网站、政务新媒体、广播电视、手机短信"

FGW = "县发展改革委"
ZRZY = "县自然资源局"
ZJJ = "县住房城乡建设局"
STHJ = "县生态环境局"
SLJ = "县水利局"
LCJ = "县林业和草原局"
CZJ = "县财政局"
JYZX = "县公共资源交易中心"
XCZX = "县乡村振兴局（扶贫办）"
JYJ = "县教育局"
WJW = "县卫生健康委"
SJJ = "县市场监管局"
WTGL = "县文化体育广电和旅游局"
MZJ = "县民政局"
YJJ = "县应急管理局"
PROJECT_OWNER = "项目法人单位（行业主管部门监督）"


# ---------------------------------------------------------------------------------------------
# 重大建设项目批准和实施 (seed 002 §四(一); 项目监管信息 from seed 000 §二(二))
# ---------------------------------------------------------------------------------------------
_APPROVAL_RESULT = "批准结果信息"

PROJECTS = [
    # 1. 批准服务信息
    {
        "code": "projects-approval-service-guide",
        "category": "approval_service",
        "level1": "批准服务信息",
        "level2": "审批事项办事指南",
        "content": "申报要求、申报材料清单、批准流程、办理时限等。",
        "basis": _projects("《中华人民共和国行政许可法》", "《企业投资项目核准和备案管理条例》（国务院令第673号）"),
        "subject": "县发展改革委及各审批部门",
        "channels": "政府网站、投资项目在线审批监管平台、政务服务大厅",
        **ONGOING,
    },
    {
        "code": "projects-approval-service-contact",
        "category": "approval_service",
        "level1": "批准服务信息",
        "level2": "受理机构联系方式和监督举报方式",
        "content": "受理机构联系方式、监督举报方式等。",
        "basis": _projects("《中华人民共和国行政许可法》"),
        "subject": "县发展改革委及各审批部门",
        "channels": "政府网站、投资项目在线审批监管平台、政务服务大厅",
        **ONGOING,
    },
    # 2. 批准结果信息
    {
        "code": "projects-approval-result-proposal",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "项目建议书审批",
        "content": "政府投资项目建议书审批结果（批复文号、项目名称、建设单位、建设地点、主要建设内容和规模、总投资）。",
        "basis": _projects("《政府投资条例》（国务院令第712号）"),
        "subject": FGW,
        "channels": CH_PROJECTS,
    },
    {
        "code": "projects-approval-result-feasibility",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "可行性研究报告审批",
        "content": "可行性研究报告审批结果（批复文号、建设规模和内容、总投资及资金来源、建设工期）。",
        "basis": _projects("《政府投资条例》（国务院令第712号）"),
        "subject": FGW,
        "channels": CH_PROJECTS,
    },
    {
        "code": "projects-approval-result-preliminary-design",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "初步设计审批",
        "content": "初步设计文件审批结果（批复文号、设计单位、建设规模、投资概算）。",
        "basis": _projects("《政府投资条例》（国务院令第712号）"),
        "subject": "县发展改革委、行业主管部门",
        "channels": CH_PROJECTS,
    },
    {
        "code": "projects-approval-result-verification",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "项目核准",
        "content": "企业投资项目核准结果（核准文号、项目名称、项目单位、建设地点、建设规模和内容）。",
        "basis": _projects("《企业投资项目核准和备案管理条例》（国务院令第673号）", CREDIT),
        "subject": FGW,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    {
        "code": "projects-approval-result-energy",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "节能审查",
        "content": "固定资产投资项目节能审查意见。",
        "basis": _projects("《中华人民共和国节约能源法》", "《固定资产投资项目节能审查办法》", CREDIT),
        "subject": FGW,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    {
        "code": "projects-approval-result-site-selection",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "选址意见",
        "content": "建设项目选址意见审批结果（选址意见书编号、项目名称、建设单位、拟选位置、拟用地面积）。",
        "basis": _projects("《中华人民共和国城乡规划法》", CREDIT),
        "subject": ZRZY,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    {
        "code": "projects-approval-result-land-pretrial",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "用地预审",
        "content": "建设项目用地预审结果。",
        "basis": _projects("《中华人民共和国土地管理法》", "《建设项目用地预审管理办法》", CREDIT),
        "subject": ZRZY,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    {
        "code": "projects-approval-result-forest-land",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "使用林地审核",
        "content": "建设项目使用林地审核（批）结果。",
        "basis": _projects("《中华人民共和国森林法》", "《建设项目使用林地审核审批管理办法》", CREDIT),
        "subject": LCJ,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    {
        "code": "projects-approval-result-eia",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "环境影响评价审批",
        "content": "建设项目环境影响评价审批文件（环境影响报告书、报告表批复）。",
        "basis": _projects("《中华人民共和国环境影响评价法》", "《环境影响评价公众参与办法》（生态环境部令第4号）", CREDIT),
        "subject": STHJ,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    {
        "code": "projects-approval-result-land-planning-permit",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "建设用地规划许可",
        "content": "建设用地规划许可审批结果（许可证编号、用地单位、用地位置、用地面积、用地性质）。",
        "basis": _projects("《中华人民共和国城乡规划法》", CREDIT),
        "subject": ZRZY,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    {
        "code": "projects-approval-result-works-planning-permit",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "建设工程规划许可",
        "content": "建设工程规划类许可审批结果（许可证编号、建设单位、建设位置、建设规模）。",
        "basis": _projects("《中华人民共和国城乡规划法》", CREDIT),
        "subject": ZRZY,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    {
        "code": "projects-approval-result-construction-permit",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "施工许可",
        "content": "施工许可（开工报告）审批结果（施工许可证编号、建设单位、施工单位、监理单位、合同工期）。",
        "basis": _projects("《中华人民共和国建筑法》", "《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）", CREDIT),
        "subject": ZJJ,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    {
        "code": "projects-approval-result-tender-plan",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "招标事项核准",
        "content": "招标事项审批核准结果（招标范围、招标方式、招标组织形式）。",
        "basis": _projects("《中华人民共和国招标投标法实施条例》", CREDIT),
        "subject": FGW,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    {
        "code": "projects-approval-result-water",
        "category": "approval_result",
        "level1": _APPROVAL_RESULT,
        "level2": "取水许可、水土保持方案、洪水影响评价审批",
        "content": "取水许可、水土保持方案、洪水影响评价等涉水事项审批结果。",
        "basis": _projects(
            "《中华人民共和国水法》", "《中华人民共和国水土保持法》", "《中华人民共和国防洪法》", "《取水许可和水资源费征收管理条例》", CREDIT
        ),
        "subject": SLJ,
        "channels": CH_CREDIT,
        **LICENSE,
    },
    # 3. 招标投标信息
    {
        "code": "projects-bidding-approval-credit",
        "category": "bidding",
        "level1": "招标投标信息",
        "level2": "依法必须招标项目审批核准备案信息及市场主体信用信息",
        "content": "依法必须招标项目的审批核准备案信息、市场主体信用等信息。",
        "basis": _projects("《中华人民共和国招标投标法》", "《中华人民共和国招标投标法实施条例》"),
        "subject": "县发展改革委、行业主管部门",
        "channels": CH_CREDIT,
    },
    {
        "code": "projects-bidding-notice",
        "category": "bidding",
        "level1": "招标投标信息",
        "level2": "资格预审公告、招标公告",
        "content": "资格预审公告、招标公告（包括招标条件、项目概况与招标范围、投标人资格要求、招标文件获取、投标文件递交等）。",
        "basis": _projects("《中华人民共和国招标投标法》", "《招标公告和公示信息发布管理办法》（国家发展改革委令第10号）"),
        "subject": "招标人、县公共资源交易中心",
        "channels": CH_TRADING,
    },
    {
        "code": "projects-bidding-candidates",
        "category": "bidding",
        "level1": "招标投标信息",
        "level2": "中标候选人公示",
        "content": (
            "中标候选人（包括中标候选人排序、名称、投标报价、工期、评标情况、项目负责人、个人业绩、有关证书及编号、"
            "中标候选人在投标文件中填报的资格能力条件、提出异议的渠道和方式等）。自收到评标报告之日起3日内公示。"
        ),
        "basis": _projects("《中华人民共和国招标投标法实施条例》", "《招标公告和公示信息发布管理办法》（国家发展改革委令第10号）"),
        "subject": "招标人、县公共资源交易中心",
        "channels": CH_TRADING,
        "limit_days": 3,
    },
    {
        "code": "projects-bidding-result",
        "category": "bidding",
        "level1": "招标投标信息",
        "level2": "中标结果",
        "content": "中标结果（中标人名称、中标价格等）。",
        "basis": _projects("《中华人民共和国招标投标法》", "《招标公告和公示信息发布管理办法》（国家发展改革委令第10号）"),
        "subject": "招标人、县公共资源交易中心",
        "channels": CH_TRADING,
    },
    {
        "code": "projects-bidding-contract",
        "category": "bidding",
        "level1": "招标投标信息",
        "level2": "合同订立及履行",
        "content": "合同订立及履行等信息。",
        "basis": _projects("《中华人民共和国招标投标法实施条例》"),
        "subject": "招标人（行业主管部门监督）",
        "channels": CH_TRADING,
    },
    {
        "code": "projects-bidding-penalty",
        "category": "bidding",
        "level1": "招标投标信息",
        "level2": "招标投标违法处罚",
        "content": "招标投标违法行为行政处罚决定（被处罚人、违法事实、处罚依据、处罚结果、作出处罚的机关和日期）。",
        "basis": _projects("《中华人民共和国招标投标法》", "《中华人民共和国行政处罚法》", CREDIT),
        "subject": "县发展改革委、行业主管部门",
        "channels": CH_CREDIT,
        **PENALTY,
    },
    # 4. 征收土地信息
    {
        "code": "projects-land-expropriation-notice",
        "category": "land_expropriation",
        "level1": "征收土地信息",
        "level2": "征地告知书及报批前程序材料",
        "content": "征地告知书以及履行征地报批前程序的相关证明材料。",
        "basis": _projects("《中华人民共和国土地管理法》", "《中华人民共和国土地管理法实施条例》"),
        "subject": "县人民政府、县自然资源局",
        "channels": "政府网站、被征收土地所在村（组）公示栏",
    },
    {
        "code": "projects-land-expropriation-plans",
        "category": "land_expropriation",
        "level1": "征收土地信息",
        "level2": "“一书四方案”",
        "content": "“一书四方案”（建设项目用地呈报说明书、农用地转用方案、补充耕地方案、征收土地方案、供地方案）。",
        "basis": _projects("《中华人民共和国土地管理法》", "《中华人民共和国土地管理法实施条例》"),
        "subject": ZRZY,
        "channels": "政府网站",
    },
    {
        "code": "projects-land-expropriation-announcement",
        "category": "land_expropriation",
        "level1": "征收土地信息",
        "level2": "征地公告",
        "content": "征地批后实施中的征地公告（批准机关、批准文号、征收土地的用途、范围、面积）。",
        "basis": _projects("《中华人民共和国土地管理法》", "《中华人民共和国土地管理法实施条例》"),
        "subject": "县人民政府、县自然资源局",
        "channels": "政府网站、被征收土地所在乡镇和村（组）公示栏",
    },
    {
        "code": "projects-land-expropriation-compensation",
        "category": "land_expropriation",
        "level1": "征收土地信息",
        "level2": "征地补偿安置方案公告",
        "content": "征地补偿安置方案公告（补偿标准、安置途径、社会保障等）。",
        "basis": _projects("《中华人民共和国土地管理法》", "《中华人民共和国土地管理法实施条例》"),
        "subject": "县人民政府、县自然资源局",
        "channels": "政府网站、被征收土地所在乡镇和村（组）公示栏",
    },
    # 5. 重大设计变更信息
    {
        "code": "projects-design-change",
        "category": "design_change",
        "level1": "重大设计变更信息",
        "level2": "重大设计变更审批",
        "content": "项目设计变更原因、主要变更内容、变更依据、批准单位、变更结果等。",
        "basis": _projects("《政府投资条例》（国务院令第712号）", "《建设工程勘察设计管理条例》"),
        "subject": "县发展改革委、行业主管部门",
        "channels": CH_PROJECTS,
    },
    # 6. 施工有关信息
    {
        "code": "projects-construction-parties",
        "category": "construction",
        "level1": "施工有关信息",
        "level2": "项目法人及参建单位",
        "content": (
            "项目法人单位及其主要负责人信息，设计、施工、监理单位及其主要负责人、项目负责人信息、资质情况。"
        ),
        "basis": _projects("《建设工程质量管理条例》"),
        "subject": PROJECT_OWNER,
        "channels": CH_PROJECT_SITE,
    },
    {
        "code": "projects-construction-management",
        "category": "construction",
        "level1": "施工有关信息",
        "level2": "施工单位项目管理机构",
        "content": "施工单位项目管理机构设置、工作职责、主要管理制度等。",
        "basis": _projects("《建设工程质量管理条例》", "《建设工程安全生产管理条例》"),
        "subject": PROJECT_OWNER,
        "channels": CH_PROJECT_SITE,
    },
    {
        "code": "projects-construction-environment",
        "category": "construction",
        "level1": "施工有关信息",
        "level2": "施工期环境保护措施落实情况",
        "content": "施工期环境保护措施落实情况等。",
        "basis": _projects("《中华人民共和国环境保护法》", "《中华人民共和国环境影响评价法》"),
        "subject": "项目法人单位（县生态环境局监督）",
        "channels": CH_PROJECT_SITE,
    },
    # 7. 质量安全监督信息
    {
        "code": "projects-quality-safety-agency",
        "category": "quality_safety",
        "level1": "质量安全监督信息",
        "level2": "质量安全监督机构及联系方式",
        "content": "质量安全监督机构及其联系方式等。",
        "basis": _projects("《建设工程质量管理条例》", "《建设工程安全生产管理条例》"),
        "subject": "县住房城乡建设局、行业主管部门",
        **ONGOING,
    },
    {
        "code": "projects-quality-safety-penalty",
        "category": "quality_safety",
        "level1": "质量安全监督信息",
        "level2": "质量安全行政处罚",
        "content": "质量安全行政处罚情况（被处罚单位、违法事实、处罚依据、处罚结果、作出处罚的机关和日期）。",
        "basis": _projects("《中华人民共和国行政处罚法》", "《建设工程质量管理条例》", CREDIT),
        "subject": "县住房城乡建设局、行业主管部门",
        "channels": CH_CREDIT,
        **PENALTY,
    },
    # 8. 竣工有关信息
    {
        "code": "projects-completion-acceptance",
        "category": "completion",
        "level1": "竣工有关信息",
        "level2": "竣工验收",
        "content": "竣工验收时间、工程质量验收结果等。",
        "basis": _projects("《建设工程质量管理条例》"),
        "subject": "项目法人单位、行业主管部门",
        "channels": CH_PROJECTS,
    },
    {
        "code": "projects-completion-filing",
        "category": "completion",
        "level1": "竣工有关信息",
        "level2": "竣工验收备案及交付使用",
        "content": "竣工验收备案时间、备案编号、备案部门、交付使用时间等。",
        "basis": _projects("《建设工程质量管理条例》", "《房屋建筑和市政基础设施工程竣工验收备案管理办法》"),
        "subject": "县住房城乡建设局、行业主管部门",
        "channels": CH_PROJECTS,
    },
    {
        "code": "projects-completion-final-accounts",
        "category": "completion",
        "level1": "竣工有关信息",
        "level2": "竣工决算",
        "content": "竣工决算审计单位、财务决算等。",
        "basis": _projects("《政府投资条例》（国务院令第712号）"),
        "subject": "县财政局、县审计局、项目法人单位",
        "channels": CH_PROJECTS,
    },
    # 9. 项目监管信息 (seed 000)
    {
        "code": "projects-supervision-inspection",
        "category": "supervision",
        "level1": "项目监管信息",
        "level2": "监管检查及整改",
        "content": "政府和社会中介对项目评估、后续监管过程中产生的信息：监督检查、稽察结果及整改落实情况。",
        "basis": _projects("《政府投资条例》（国务院令第712号）", "《企业投资项目事中事后监管办法》"),
        "subject": "县发展改革委、行业主管部门",
        "channels": CH_PROJECTS,
    },
    {
        "code": "projects-supervision-penalty",
        "category": "supervision",
        "level1": "项目监管信息",
        "level2": "项目监管行政处罚",
        "content": "项目审批、核准、备案及建设实施中违法违规行为的行政处罚决定。",
        "basis": _projects("《中华人民共和国行政处罚法》", "《企业投资项目核准和备案管理条例》（国务院令第673号）", CREDIT),
        "subject": "县发展改革委、行业主管部门",
        "channels": CH_CREDIT,
        **PENALTY,
    },
]


# ---------------------------------------------------------------------------------------------
# 公共资源配置 (seed 002 §四(二); 工程建设项目招标投标 from §四(一)3 and the §四(二) preamble)
# ---------------------------------------------------------------------------------------------
_HOUSING_BUILD = "保障性安居工程建设"
_HOUSING_ALLOT = "保障性住房分配"
_BLACKLIST = "骗取公共资源等不良行为“黑名单”"

RESOURCES = [
    # 1. 住房保障 — 项目建设
    {
        "code": "resources-housing-plan",
        "category": "housing",
        "level1": _HOUSING_BUILD,
        "level2": "规划建设方案",
        "content": "城镇保障性安居工程规划建设方案。",
        "basis": _resources(),
        "subject": ZJJ,
    },
    {
        "code": "resources-housing-annual-plan",
        "category": "housing",
        "level1": _HOUSING_BUILD,
        "level2": "年度建设计划",
        "content": "年度建设计划信息（包括建设计划任务量、计划项目信息、计划户型）。",
        "basis": _resources(),
        "subject": ZJJ,
    },
    {
        "code": "resources-housing-progress",
        "category": "housing",
        "level1": _HOUSING_BUILD,
        "level2": "建设计划完成情况",
        "content": "建设计划完成情况信息（包括计划任务完成进度、已开工项目基本信息、已竣工项目基本信息、配套设施建设情况）。",
        "basis": _resources(),
        "subject": ZJJ,
    },
    {
        "code": "resources-housing-rural-renovation",
        "category": "housing",
        "level1": _HOUSING_BUILD,
        "level2": "农村危房改造",
        "content": "农村危房改造相关政策措施执行情况信息（包括农村危房改造政策、对象认定过程、补助资金分配、补助标准、建设结果）。",
        "basis": _resources(),
        "subject": "县住房城乡建设局、乡镇人民政府",
        "channels": CH_WEB_VILLAGE,
    },
    # 1. 住房保障 — 住房分配
    {
        "code": "resources-housing-allocation-policy",
        "category": "housing",
        "level1": _HOUSING_ALLOT,
        "level2": "分配政策和分配程序",
        "content": "保障性住房分配政策、分配程序。",
        "basis": _resources("《公共租赁住房管理办法》（住房和城乡建设部令第11号）"),
        "subject": ZJJ,
    },
    {
        "code": "resources-housing-allocation-stock",
        "category": "housing",
        "level1": _HOUSING_ALLOT,
        "level2": "分配房源",
        "content": "保障性住房分配房源（项目名称、位置、套数、户型、面积、租金或价格标准）。",
        "basis": _resources("《公共租赁住房管理办法》（住房和城乡建设部令第11号）"),
        "subject": ZJJ,
    },
    {
        "code": "resources-housing-allocation-applicants",
        "category": "housing",
        "level1": _HOUSING_ALLOT,
        "level2": "分配对象和分配过程",
        "content": "保障性住房分配对象（审核结果公示，去标识化处理）、分配过程（轮候、摇号、选房）。",
        "basis": _resources("《公共租赁住房管理办法》（住房和城乡建设部令第11号）"),
        "subject": ZJJ,
        "channels": "政府网站、申请人所在社区公示栏",
    },
    {
        "code": "resources-housing-allocation-result",
        "category": "housing",
        "level1": _HOUSING_ALLOT,
        "level2": "分配结果",
        "content": "保障性住房分配结果。",
        "basis": _resources("《公共租赁住房管理办法》（住房和城乡建设部令第11号）"),
        "subject": ZJJ,
    },
    {
        "code": "resources-housing-blacklist",
        "category": "housing",
        "level1": _HOUSING_ALLOT,
        "level2": _BLACKLIST,
        "content": "骗取保障性住房等不良行为的“黑名单”信息。",
        "basis": _resources(),
        "subject": ZJJ,
        "channels": "政府网站、“信用中国”网站",
    },
    # 2. 国有土地使用权出让
    {
        "code": "resources-land-use-right-policy",
        "category": "land_use_right",
        "level1": "国有土地使用权出让",
        "level2": "用地政策",
        "content": "用地政策。",
        "basis": _resources("《中华人民共和国土地管理法》"),
        "subject": ZRZY,
    },
    {
        "code": "resources-land-use-right-approval",
        "category": "land_use_right",
        "level1": "国有土地使用权出让",
        "level2": "用地批准文件",
        "content": "用地批准文件（涉密项目除外）。",
        "basis": _resources("《中华人民共和国土地管理法》"),
        "subject": ZRZY,
    },
    {
        "code": "resources-land-use-right-supply-plan",
        "category": "land_use_right",
        "level1": "国有土地使用权出让",
        "level2": "土地供应计划",
        "content": "年度国有建设用地供应计划。",
        "basis": _resources("《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）"),
        "subject": ZRZY,
    },
    {
        "code": "resources-land-use-right-notice",
        "category": "land_use_right",
        "level1": "国有土地使用权出让",
        "level2": "出让公示公告",
        "content": "国有建设用地使用权招标、拍卖、挂牌出让公告及项目信息（宗地位置、面积、用途、使用年限、规划指标、起始价）。",
        "basis": _resources("《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）"),
        "subject": "县自然资源局、县公共资源交易中心",
        "channels": CH_TRADING,
    },
    {
        "code": "resources-land-use-right-result",
        "category": "land_use_right",
        "level1": "国有土地使用权出让",
        "level2": "出让结果",
        "content": "出让结果信息（竞得人、成交价格、宗地信息）。招标拍卖挂牌活动结束后10个工作日内公布。",
        "basis": _resources("《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）"),
        "subject": "县自然资源局、县公共资源交易中心",
        "channels": CH_TRADING,
        "limit_days": 10,
    },
    {
        "code": "resources-land-use-right-blacklist",
        "category": "land_use_right",
        "level1": "国有土地使用权出让",
        "level2": _BLACKLIST,
        "content": "骗取公共资源等不良行为的“黑名单”信息。",
        "basis": _resources(),
        "subject": ZRZY,
        "channels": CH_TRADING_CREDIT,
    },
    # 3. 矿业权出让
    {
        "code": "resources-mining-right-approval",
        "category": "mining_right",
        "level1": "矿业权出让",
        "level2": "审批结果",
        "content": "探矿权、采矿权审批结果信息。",
        "basis": _resources("《中华人民共和国矿产资源法》", CREDIT),
        "subject": ZRZY,
        "channels": CH_TRADING_CREDIT,
        **LICENSE,
    },
    {
        "code": "resources-mining-right-notice",
        "category": "mining_right",
        "level1": "矿业权出让",
        "level2": "出让公示公告",
        "content": "矿业权出让公示公告及项目信息（矿区范围、矿种、出让方式、出让收益起始价）。",
        "basis": _resources("《中华人民共和国矿产资源法》"),
        "subject": "县自然资源局、县公共资源交易中心",
        "channels": CH_TRADING,
    },
    {
        "code": "resources-mining-right-result",
        "category": "mining_right",
        "level1": "矿业权出让",
        "level2": "出让结果",
        "content": "矿业权出让结果信息（受让人、成交价格）。",
        "basis": _resources("《中华人民共和国矿产资源法》"),
        "subject": "县自然资源局、县公共资源交易中心",
        "channels": CH_TRADING,
    },
    {
        "code": "resources-mining-right-blacklist",
        "category": "mining_right",
        "level1": "矿业权出让",
        "level2": _BLACKLIST,
        "content": "骗取公共资源等不良行为的“黑名单”信息。",
        "basis": _resources(),
        "subject": ZRZY,
        "channels": CH_TRADING_CREDIT,
    },
    # 4. 政府采购
    {
        "code": "resources-procurement-catalogue",
        "category": "procurement",
        "level1": "政府采购",
        "level2": "政府集中采购目录",
        "content": "政府集中采购目录。",
        "basis": _resources("《中华人民共和国政府采购法》", "《政府采购信息发布管理办法》（财政部令第101号）"),
        "subject": CZJ,
        "channels": CH_PROCUREMENT,
    },
    {
        "code": "resources-procurement-limit",
        "category": "procurement",
        "level1": "政府采购",
        "level2": "采购限额标准",
        "content": "政府采购限额标准和公开招标数额标准。",
        "basis": _resources("《中华人民共和国政府采购法》", "《政府采购信息发布管理办法》（财政部令第101号）"),
        "subject": CZJ,
        "channels": CH_PROCUREMENT,
    },
    {
        "code": "resources-procurement-agencies",
        "category": "procurement",
        "level1": "政府采购",
        "level2": "政府采购代理机构名录",
        "content": "政府采购代理机构名录。",
        "basis": _resources("《中华人民共和国政府采购法实施条例》"),
        "subject": CZJ,
        "channels": CH_PROCUREMENT,
        **ONGOING,
    },
    {
        "code": "resources-procurement-notice",
        "category": "procurement",
        "level1": "政府采购",
        "level2": "采购项目公告",
        "content": "采购项目公告（含采购意向、采购项目预算金额）。",
        "basis": _resources("《中华人民共和国政府采购法实施条例》", "《政府采购信息发布管理办法》（财政部令第101号）"),
        "subject": "采购人、县公共资源交易中心（集中采购机构）",
        "channels": CH_PROCUREMENT,
    },
    {
        "code": "resources-procurement-documents",
        "category": "procurement",
        "level1": "政府采购",
        "level2": "采购文件",
        "content": "招标文件、竞争性谈判文件、询价通知书等采购文件。",
        "basis": _resources("《中华人民共和国政府采购法实施条例》", "《政府采购信息发布管理办法》（财政部令第101号）"),
        "subject": "采购人、县公共资源交易中心（集中采购机构）",
        "channels": CH_PROCUREMENT,
    },
    {
        "code": "resources-procurement-result",
        "category": "procurement",
        "level1": "政府采购",
        "level2": "采购结果",
        "content": "中标、成交结果（供应商名称、地址、中标或成交金额、主要标的）。自中标、成交供应商确定之日起2个工作日内公告。",
        "basis": _resources("《中华人民共和国政府采购法实施条例》", "《政府采购信息发布管理办法》（财政部令第101号）"),
        "subject": "采购人、县公共资源交易中心（集中采购机构）",
        "channels": CH_PROCUREMENT,
        "limit_days": 2,
    },
    {
        "code": "resources-procurement-contract",
        "category": "procurement",
        "level1": "政府采购",
        "level2": "采购合同",
        "content": "政府采购合同（涉及国家秘密、商业秘密的内容除外）。自合同签订之日起2个工作日内公告。",
        "basis": _resources("《中华人民共和国政府采购法实施条例》"),
        "subject": "采购人",
        "channels": CH_PROCUREMENT,
        "limit_days": 2,
    },
    {
        "code": "resources-procurement-complaint",
        "category": "procurement",
        "level1": "政府采购",
        "level2": "投诉处理决定",
        "content": "财政部门作出的投诉处理决定。",
        "basis": _resources("《政府采购质疑和投诉办法》（财政部令第94号）"),
        "subject": CZJ,
        "channels": CH_PROCUREMENT,
    },
    {
        "code": "resources-procurement-penalty",
        "category": "procurement",
        "level1": "政府采购",
        "level2": "监督检查处理决定和违法失信行为记录",
        "content": "财政部门作出的监督检查等处理决定、行政处罚决定，违法失信行为记录等监督处罚信息。",
        "basis": _resources("《中华人民共和国政府采购法》", "《中华人民共和国行政处罚法》", CREDIT),
        "subject": CZJ,
        "channels": "政府网站、中国政府采购网地方分网、“信用中国”网站",
        **PENALTY,
    },
    {
        "code": "resources-procurement-assessment",
        "category": "procurement",
        "level1": "政府采购",
        "level2": "集中采购机构考核结果",
        "content": "对集中采购机构的考核结果。",
        "basis": _resources("《中华人民共和国政府采购法》"),
        "subject": CZJ,
        "channels": CH_PROCUREMENT,
    },
    {
        "code": "resources-procurement-blacklist",
        "category": "procurement",
        "level1": "政府采购",
        "level2": _BLACKLIST,
        "content": "骗取公共资源等不良行为的“黑名单”信息。",
        "basis": _resources(),
        "subject": CZJ,
        "channels": "政府网站、中国政府采购网地方分网、“信用中国”网站",
    },
    # 5. 国有产权交易
    {
        "code": "resources-state-property-decision",
        "category": "state_property",
        "level1": "国有产权交易",
        "level2": "交易决策及批准信息",
        "content": "产权交易决策及批准信息（涉及商业秘密的除外）。",
        "basis": _resources("《企业国有资产交易监督管理办法》（国务院国资委 财政部令第32号）"),
        "subject": "县财政局（国资监管机构）",
        "channels": CH_TRADING,
    },
    {
        "code": "resources-state-property-listing",
        "category": "state_property",
        "level1": "国有产权交易",
        "level2": "交易项目信息和转让底价",
        "content": "交易项目信息、转让底价。",
        "basis": _resources("《企业国有资产交易监督管理办法》（国务院国资委 财政部令第32号）"),
        "subject": "转让方、县公共资源交易中心",
        "channels": CH_TRADING,
    },
    {
        "code": "resources-state-property-result",
        "category": "state_property",
        "level1": "国有产权交易",
        "level2": "交易结果",
        "content": "交易价格、受让方等交易结果信息。",
        "basis": _resources("《企业国有资产交易监督管理办法》（国务院国资委 财政部令第32号）"),
        "subject": "转让方、县公共资源交易中心",
        "channels": CH_TRADING,
    },
    {
        "code": "resources-state-property-audit",
        "category": "state_property",
        "level1": "国有产权交易",
        "level2": "中介机构审计结果",
        "content": "相关中介机构审计结果等信息。",
        "basis": _resources("《企业国有资产交易监督管理办法》（国务院国资委 财政部令第32号）"),
        "subject": "县财政局（国资监管机构）",
        "channels": CH_TRADING,
    },
    {
        "code": "resources-state-property-blacklist",
        "category": "state_property",
        "level1": "国有产权交易",
        "level2": _BLACKLIST,
        "content": "骗取公共资源等不良行为的“黑名单”信息。",
        "basis": _resources(),
        "subject": "县财政局（国资监管机构）",
        "channels": CH_TRADING_CREDIT,
    },
    # 6. 工程建设项目招标投标
    {
        "code": "resources-construction-bidding-notice",
        "category": "construction_bidding",
        "level1": "工程建设项目招标投标",
        "level2": "资格预审公告、招标公告",
        "content": "资格预审公告、招标公告（招标条件、项目概况与招标范围、投标人资格要求、招标文件获取、投标文件递交等）。",
        "basis": _resources("《中华人民共和国招标投标法》", "《招标公告和公示信息发布管理办法》（国家发展改革委令第10号）"),
        "subject": "招标人、县公共资源交易中心",
        "channels": CH_TRADING,
    },
    {
        "code": "resources-construction-bidding-candidates",
        "category": "construction_bidding",
        "level1": "工程建设项目招标投标",
        "level2": "中标候选人公示",
        "content": "中标候选人排序、名称、投标报价、工期、评标情况、项目负责人及提出异议的渠道和方式等。自收到评标报告之日起3日内公示。",
        "basis": _resources("《中华人民共和国招标投标法实施条例》", "《招标公告和公示信息发布管理办法》（国家发展改革委令第10号）"),
        "subject": "招标人、县公共资源交易中心",
        "channels": CH_TRADING,
        "limit_days": 3,
    },
    {
        "code": "resources-construction-bidding-result",
        "category": "construction_bidding",
        "level1": "工程建设项目招标投标",
        "level2": "中标结果",
        "content": "中标结果信息。",
        "basis": _resources("《中华人民共和国招标投标法》"),
        "subject": "招标人、县公共资源交易中心",
        "channels": CH_TRADING,
    },
    {
        "code": "resources-construction-bidding-contract",
        "category": "construction_bidding",
        "level1": "工程建设项目招标投标",
        "level2": "合同订立及履约",
        "content": "合同订立及履行信息。",
        "basis": _resources("《中华人民共和国招标投标法实施条例》"),
        "subject": "招标人（行业主管部门监督）",
        "channels": CH_TRADING,
    },
    {
        "code": "resources-construction-bidding-penalty",
        "category": "construction_bidding",
        "level1": "工程建设项目招标投标",
        "level2": "违法处罚和不良行为记录",
        "content": "招标投标违法行为行政处罚决定、不良行为记录及骗取公共资源等不良行为的“黑名单”信息。",
        "basis": _resources("《中华人民共和国招标投标法》", "《中华人民共和国行政处罚法》", CREDIT),
        "subject": "县住房城乡建设局、行业主管部门",
        "channels": CH_TRADING_CREDIT,
        **PENALTY,
    },
]


# ---------------------------------------------------------------------------------------------
# 社会公益事业建设 (seed 002 §四(三))
# ---------------------------------------------------------------------------------------------
WELFARE = [
    # 1. 脱贫攻坚
    {
        "code": "welfare-poverty-policy",
        "category": "poverty_alleviation",
        "level1": "脱贫攻坚",
        "level2": "扶贫政策和扶贫规划",
        "content": "扶贫政策、扶贫规划。",
        "basis": _welfare(),
        "subject": XCZX,
    },
    {
        "code": "welfare-poverty-projects",
        "category": "poverty_alleviation",
        "level1": "脱贫攻坚",
        "level2": "扶贫项目",
        "content": "扶贫项目名称、资金来源、实施期限、预期目标、实施结果、实施单位及责任人、举报电话、检查验收结果等。",
        "basis": _welfare(),
        "subject": "县乡村振兴局（扶贫办）、项目实施单位",
        "channels": CH_WEB_VILLAGE,
    },
    {
        "code": "welfare-poverty-identification",
        "category": "poverty_alleviation",
        "level1": "脱贫攻坚",
        "level2": "贫困识别和贫困退出",
        "content": "向特定区域特定群体公开贫困识别、贫困退出信息。",
        "basis": _welfare(),
        "subject": "乡镇人民政府、村民委员会",
        "channels": CH_VILLAGE,
        "audience": "specific",
    },
    {
        "code": "welfare-poverty-funds",
        "category": "poverty_alleviation",
        "level1": "脱贫攻坚",
        "level2": "扶贫资金分配和使用",
        "content": "向特定区域特定群体公开扶贫资金分配和使用情况。",
        "basis": _welfare(),
        "subject": "县乡村振兴局（扶贫办）、县财政局、乡镇人民政府",
        "channels": CH_VILLAGE,
        "audience": "specific",
    },
    {
        "code": "welfare-poverty-helpers",
        "category": "poverty_alleviation",
        "level1": "脱贫攻坚",
        "level2": "帮扶责任人和扶贫成效",
        "content": "向特定区域特定群体公开帮扶责任人、扶贫成效等信息。",
        "basis": _welfare(),
        "subject": "乡镇人民政府、村民委员会",
        "channels": CH_VILLAGE,
        "audience": "specific",
    },
    # 2. 教育
    {
        "code": "welfare-education-policy",
        "category": "education",
        "level1": "教育",
        "level2": "教育政策和发展规划",
        "content": "义务教育、学前教育、特殊教育、职业教育等方面的相关政策、发展规划。",
        "basis": _welfare("《中华人民共和国教育法》", "《中华人民共和国义务教育法》"),
        "subject": JYJ,
    },
    {
        "code": "welfare-education-funds",
        "category": "education",
        "level1": "教育",
        "level2": "经费投入和使用",
        "content": "教育经费投入和使用情况。",
        "basis": _welfare("《中华人民共和国教育法》"),
        "subject": "县教育局、县财政局",
    },
    {
        "code": "welfare-education-student-aid",
        "category": "education",
        "level1": "教育",
        "level2": "困难学生资助",
        "content": "困难学生资助政策及实施情况（受助学生名单在校内公示，去标识化处理）。",
        "basis": _welfare("《中华人民共和国教育法》"),
        "subject": "县教育局、各学校",
        "channels": "政府网站、学校公示栏",
    },
    {
        "code": "welfare-education-compulsory",
        "category": "education",
        "level1": "教育",
        "level2": "控辍保学和县域义务教育均衡发展",
        "content": "义务教育控辍保学、县域义务教育均衡发展等工作进展情况。",
        "basis": _welfare("《中华人民共和国义务教育法》"),
        "subject": JYJ,
    },
    {
        "code": "welfare-education-private-schools",
        "category": "education",
        "level1": "教育",
        "level2": "民办学校信息",
        "content": "民办学校办学资质、办学质量、招生范围和收费等信息。",
        "basis": _welfare("《中华人民共和国民办教育促进法》"),
        "subject": "县教育局、民办学校",
    },
    # 3. 基本医疗卫生
    {
        "code": "welfare-health-disease-control",
        "category": "health",
        "level1": "基本医疗卫生",
        "level2": "重大疾病预防控制和国家免疫规划",
        "content": "重大疾病预防控制、国家免疫规划等信息。",
        "basis": _welfare("《中华人民共和国传染病防治法》", "《中华人民共和国疫苗管理法》"),
        "subject": WJW,
    },
    {
        "code": "welfare-health-emergency",
        "category": "health",
        "level1": "基本医疗卫生",
        "level2": "突发公共卫生事件",
        "content": "突发公共卫生事件信息及应急处置情况。",
        "basis": _welfare("《中华人民共和国突发事件应对法》", "《突发公共卫生事件应急条例》"),
        "subject": WJW,
        "channels": CH_MEDIA,
        **REALTIME,
    },
    {
        "code": "welfare-health-epidemic",
        "category": "health",
        "level1": "基本医疗卫生",
        "level2": "传染病疫情及防控",
        "content": "传染病疫情及防控信息。",
        "basis": _welfare("《中华人民共和国传染病防治法》"),
        "subject": WJW,
        "channels": CH_MEDIA,
        **REALTIME,
    },
    {
        "code": "welfare-health-emergency-aid",
        "category": "health",
        "level1": "基本医疗卫生",
        "level2": "疾病应急救助和健康扶贫",
        "content": "疾病应急救助、健康扶贫政策落实情况。",
        "basis": _welfare(),
        "subject": "县卫生健康委、县医疗保障局",
    },
    {
        "code": "welfare-health-food-inspection",
        "category": "health",
        "level1": "基本医疗卫生",
        "level2": "食品安全监督抽检",
        "content": "食品安全监督抽检计划及抽检结果信息。",
        "basis": _welfare("《中华人民共和国食品安全法》"),
        "subject": SJJ,
    },
    {
        "code": "welfare-health-food-penalty",
        "category": "health",
        "level1": "基本医疗卫生",
        "level2": "食品安全行政处罚",
        "content": "食品安全违法行为行政处罚决定（被处罚人、违法事实、处罚依据、处罚结果、作出处罚的机关和日期）。",
        "basis": _welfare("《中华人民共和国食品安全法》", "《中华人民共和国行政处罚法》", CREDIT),
        "subject": SJJ,
        "channels": "政府网站、“信用中国”网站、国家企业信用信息公示系统",
        **PENALTY,
    },
    {
        "code": "welfare-health-food-blacklist",
        "category": "health",
        "level1": "基本医疗卫生",
        "level2": "食品安全企业“黑名单”",
        "content": "食品安全严重违法生产经营者“黑名单”。",
        "basis": _welfare("《中华人民共和国食品安全法》"),
        "subject": SJJ,
        "channels": "政府网站、“信用中国”网站、国家企业信用信息公示系统",
    },
    # 4. 公共文化体育
    {
        "code": "welfare-culture-sports-policy",
        "category": "culture_sports",
        "level1": "公共文化体育",
        "level2": "服务保障政策和服务体系建设",
        "content": "公共文化体育服务保障政策、服务体系建设信息。",
        "basis": _welfare("《中华人民共和国公共文化服务保障法》", "《中华人民共和国体育法》"),
        "subject": WTGL,
    },
    {
        "code": "welfare-culture-sports-funds",
        "category": "culture_sports",
        "level1": "公共文化体育",
        "level2": "财政资金投入使用和政府购买服务",
        "content": "财政资金投入和使用，政府购买公共文化体育服务的目录、绩效评价结果等信息。",
        "basis": _welfare("《中华人民共和国公共文化服务保障法》", "《政府购买服务管理办法》（财政部令第102号）"),
        "subject": "县文化体育广电和旅游局、县财政局",
    },
    {
        "code": "welfare-culture-sports-facilities",
        "category": "culture_sports",
        "level1": "公共文化体育",
        "level2": "公共文化体育设施名录及开放信息",
        "content": "公共文化体育设施名录，设施建设和使用情况（开放时间、服务项目、免费或优惠开放信息）。",
        "basis": _welfare("《中华人民共和国公共文化服务保障法》", "《公共文化体育设施条例》"),
        "subject": WTGL,
        **ONGOING,
    },
    {
        "code": "welfare-culture-sports-heritage",
        "category": "culture_sports",
        "level1": "公共文化体育",
        "level2": "文化遗产保护",
        "content": "文物和非物质文化遗产保护情况。",
        "basis": _welfare("《中华人民共和国文物保护法》", "《中华人民共和国非物质文化遗产法》"),
        "subject": WTGL,
    },
    {
        "code": "welfare-culture-sports-activities",
        "category": "culture_sports",
        "level1": "公共文化体育",
        "level2": "公益性文化体育活动",
        "content": "公益性文化服务活动、公益性体育赛事和活动信息。",
        "basis": _welfare("《中华人民共和国公共文化服务保障法》"),
        "subject": WTGL,
        "channels": "政府网站、政务新媒体",
    },
    {
        "code": "welfare-culture-sports-donations",
        "category": "culture_sports",
        "level1": "公共文化体育",
        "level2": "受捐款物管理使用",
        "content": "公共文化体育领域受捐款物管理使用情况。",
        "basis": _welfare("《中华人民共和国公益事业捐赠法》"),
        "subject": "县文化体育广电和旅游局、县民政局",
    },
    # 5. 社会救助和社会福利
    {
        "code": "welfare-social-assistance-policy",
        "category": "social_assistance",
        "level1": "社会救助和社会福利",
        "level2": "救助对象认定程序和救助标准",
        "content": (
            "城乡低保、特困人员救助供养、受灾人员救助、医疗救助、教育救助、住房救助、就业救助、临时救助等"
            "救助对象认定程序、救助标准。"
        ),
        "basis": _welfare("《社会救助暂行办法》（国务院令第649号）"),
        "subject": "县民政局、县医疗保障局、县教育局、县住房城乡建设局、县人力资源社会保障局",
    },
    {
        "code": "welfare-social-assistance-guide",
        "category": "social_assistance",
        "level1": "社会救助和社会福利",
        "level2": "福利补贴申领及申请审批程序",
        "content": "老年人福利、残疾人福利、儿童福利、孤儿基本生活保障、计划生育特殊困难家庭扶助等福利补贴申领及申请审批程序。",
        "basis": _welfare(),
        "subject": "县民政局、县卫生健康委",
        "channels": "政府网站、政务服务大厅",
        **ONGOING,
    },
    {
        "code": "welfare-social-assistance-dibao",
        "category": "social_assistance",
        "level1": "社会救助和社会福利",
        "level2": "低保、特困供养对象公示",
        "content": "城乡低保对象、特困人员救助供养对象名单及保障金额（去标识化处理，在村（社区）长期公示）。",
        "basis": _welfare("《社会救助暂行办法》（国务院令第649号）"),
        "subject": "县民政局、乡镇人民政府",
        "channels": CH_VILLAGE,
        "audience": "specific",
    },
    {
        "code": "welfare-social-assistance-funds",
        "category": "social_assistance",
        "level1": "社会救助和社会福利",
        "level2": "救助款物管理使用",
        "content": "救助款物的管理使用情况。",
        "basis": _welfare("《社会救助暂行办法》（国务院令第649号）"),
        "subject": "县民政局、县财政局",
    },
    {
        "code": "welfare-social-assistance-subsidies",
        "category": "social_assistance",
        "level1": "社会救助和社会福利",
        "level2": "福利补贴发放",
        "content": "老年人、残疾人、儿童福利补贴及孤儿基本生活保障金发放情况（发放名单在村（社区）公示，去标识化处理）。",
        "basis": _welfare(),
        "subject": "县民政局、乡镇人民政府",
        "channels": CH_VILLAGE,
        "audience": "specific",
    },
    # 6. 环境保护
    {
        "code": "welfare-environment-policy",
        "category": "environment",
        "level1": "环境保护",
        "level2": "污染防治和生态保护政策措施及实施效果",
        "content": "环境污染防治和生态保护政策措施、实施效果；大气污染防治、水污染防治、土壤污染管控和修复等信息。",
        "basis": _welfare(
            "《中华人民共和国环境保护法》", "《中华人民共和国大气污染防治法》", "《中华人民共和国水污染防治法》", "《中华人民共和国土壤污染防治法》"
        ),
        "subject": STHJ,
    },
    {
        "code": "welfare-environment-monitoring",
        "category": "environment",
        "level1": "环境保护",
        "level2": "污染源监测及减排",
        "content": "重点排污单位名录、污染源监测及减排信息。",
        "basis": _welfare("《中华人民共和国环境保护法》"),
        "subject": STHJ,
    },
    {
        "code": "welfare-environment-eia",
        "category": "environment",
        "level1": "环境保护",
        "level2": "建设项目环境影响评价审批",
        "content": "建设项目环境影响评价文件受理、拟审批公示及审批决定。",
        "basis": _welfare("《中华人民共和国环境影响评价法》", "《环境影响评价公众参与办法》（生态环境部令第4号）", CREDIT),
        "subject": STHJ,
        "channels": "政府网站、“信用中国”网站",
        **LICENSE,
    },
    {
        "code": "welfare-environment-incidents",
        "category": "environment",
        "level1": "环境保护",
        "level2": "重大环境污染和生态破坏事件调查处理",
        "content": "重大环境污染和生态破坏事件调查处理信息。",
        "basis": _welfare("《中华人民共和国环境保护法》", "《中华人民共和国突发事件应对法》"),
        "subject": STHJ,
    },
    {
        "code": "welfare-environment-enforcement",
        "category": "environment",
        "level1": "环境保护",
        "level2": "环境保护行政处罚",
        "content": "环境保护执法监管中作出的行政处罚决定（被处罚单位、违法事实、处罚依据、处罚结果）。",
        "basis": _welfare("《中华人民共和国环境保护法》", "《中华人民共和国行政处罚法》", CREDIT),
        "subject": STHJ,
        "channels": "政府网站、“信用中国”网站",
        **PENALTY,
    },
    {
        "code": "welfare-environment-complaints",
        "category": "environment",
        "level1": "环境保护",
        "level2": "环境信访投诉处理",
        "content": "环境保护投诉举报受理及处理情况。",
        "basis": _welfare("《中华人民共和国环境保护法》"),
        "subject": STHJ,
    },
    {
        "code": "welfare-environment-heavy-pollution",
        "category": "environment",
        "level1": "环境保护",
        "level2": "重污染天气预警",
        "content": "大范围重污染天气预警提示信息及重污染天气期间信息发布。",
        "basis": _welfare("《中华人民共和国大气污染防治法》"),
        "subject": "县生态环境局、县气象局",
        "channels": CH_MEDIA,
        **REALTIME,
    },
    # 7. 灾害事故救援
    {
        "code": "welfare-disaster-response",
        "category": "disaster_relief",
        "level1": "灾害事故救援",
        "level2": "灾害事故应急处置动态",
        "content": "自然灾害、重大事故灾难、公共卫生事件等突发事件的应急处置与救援、医疗救护与卫生防疫工作情况及动态信息。",
        "basis": _welfare("《中华人民共和国突发事件应对法》", "《自然灾害救助条例》"),
        "subject": "县应急管理局、县卫生健康委及相关部门",
        "channels": CH_MEDIA,
        **REALTIME,
    },
    {
        "code": "welfare-disaster-warning",
        "category": "disaster_relief",
        "level1": "灾害事故救援",
        "level2": "次生灾害预警防范",
        "content": "次生灾害预警防范等工作情况及动态信息。",
        "basis": _welfare("《中华人民共和国突发事件应对法》"),
        "subject": "县应急管理局、县自然资源局、县水利局、县气象局",
        "channels": CH_MEDIA,
        **REALTIME,
    },
    {
        "code": "welfare-disaster-needs",
        "category": "disaster_relief",
        "level1": "灾害事故救援",
        "level2": "灾害救助需求",
        "content": "灾害救助需求信息。",
        "basis": _welfare("《自然灾害救助条例》"),
        "subject": "县应急管理局、县民政局",
        "channels": CH_MEDIA,
        **REALTIME,
    },
    {
        "code": "welfare-disaster-funds",
        "category": "disaster_relief",
        "level1": "灾害事故救援",
        "level2": "救助款物和捐赠款物使用",
        "content": "救助款物和捐赠款物的数量、使用情况。",
        "basis": _welfare("《自然灾害救助条例》", "《中华人民共和国慈善法》"),
        "subject": "县应急管理局、县民政局、县财政局",
    },
    {
        "code": "welfare-disaster-beneficiaries",
        "category": "disaster_relief",
        "level1": "灾害事故救援",
        "level2": "救助对象及接受救助款物数额",
        "content": "救助对象及其接受救助款物数额（在受灾村（社区）公示，去标识化处理）。",
        "basis": _welfare("《自然灾害救助条例》"),
        "subject": "县应急管理局、乡镇人民政府",
        "channels": CH_VILLAGE,
        "audience": "specific",
    },
    {
        "code": "welfare-disaster-reconstruction",
        "category": "disaster_relief",
        "level1": "灾害事故救援",
        "level2": "灾后恢复重建",
        "content": "灾后恢复重建工作进展等信息。",
        "basis": _welfare("《自然灾害救助条例》"),
        "subject": "县应急管理局、县住房城乡建设局及相关部门",
    },
]


ENTRIES = [
    *({"domain": "projects", **entry} for entry in PROJECTS),
    *({"domain": "resources", **entry} for entry in RESOURCES),
    *({"domain": "welfare", **entry} for entry in WELFARE),
]


def load_seed(model=None) -> int:
    """Insert the seeded entries whose codes are missing (the office's edits are kept). Returns how many."""
    if model is None:
        from catalogue.models import CatalogueEntry as model
    existing = set(model.objects.values_list("code", flat=True))
    position: dict[str, int] = {}
    rows = []
    for entry in ENTRIES:
        # Sequential within each domain, in steps of 10 so the office can insert between rows.
        position[entry["domain"]] = position.get(entry["domain"], 0) + 10
        if entry["code"] not in existing:
            rows.append(model(**{**DEFAULTS, **entry, "ordering": position[entry["domain"]]}))
    model.objects.bulk_create(rows)
    return len(rows)
