"""
Demo data of the projects domain, built by `seed_demo` inside its transaction (`DEMO` below).

Twenty-one major projects of 青山县 in every sector and phase, each with the records its phase
expects and some others, with believable structured fields: 批复文号 of the approving department,
中标单位 and 中标金额 below the project's investment, 征地 areas, 参建单位 with their 资质, 竣工验收 and
备案 dates after the project's 开工 date. One project is a PPP, one has a 重大设计变更, and the
征收土地 records of the 交通运输局's road are the 自然资源局's (谁批准谁公开). Records sit in every
workflow state and some are overdue.

Everything goes through `projects.services` and the kernel's workflow services, as users would.
Dates are relative to the day the demo is built (so deadlines stay meaningful) and nothing is random
here: the county's seeded generator back-dates the publications (demo/county.py).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from catalogue.models import CatalogueEntry
from core import pii
from core.validators import uscc_check_character
from disclosures import services as disclosure_services
from disclosures.choices import Status
from disclosures.details import placeholder_details
from organizations.models import Jurisdiction
from projects import services
from projects.choices import (
    ApprovalMode,
    InvestorType,
    Phase,
    PPPCapital,
    PPPMode,
    PPPReturn,
    ProjectCategory,
    Sector,
)
from projects.models import Project

from .county import DomainDemo

REGION = "533123"  # 青山县's (demo) administrative division code, as in 投资项目代码 and 许可证号
GOVERNMENT, ENTERPRISE = InvestorType.GOVERNMENT, InvestorType.ENTERPRISE
APPROVAL, VERIFICATION, FILING = ApprovalMode.APPROVAL, ApprovalMode.VERIFICATION, ApprovalMode.FILING

# 国民经济行业 code used in the 投资项目代码's third segment.
INDUSTRY = {
    Sector.AGRICULTURE: "05", Sector.WATER: "76", Sector.ENERGY: "44", Sector.TRANSPORT: "48",
    Sector.POVERTY_RELOCATION: "47", Sector.SHANTYTOWN: "47", Sector.ECOLOGY: "77", Sector.URBAN: "78",
    Sector.SOCIAL: "89", Sector.INFORMATION: "63", Sector.MATERIALS: "30", Sector.MACHINERY: "35",
    Sector.LIGHT_INDUSTRY: "15", Sector.HIGH_TECH: "47", Sector.OTHER: "59",
}
MODE_CODE = {APPROVAL: "01", VERIFICATION: "02", FILING: "03"}


@dataclass(frozen=True)
class DemoProject:
    name: str
    sector: str
    approval_mode: str
    investor_type: str
    investment_wan: int  # 总投资, 万元
    legal_entity: str
    entity_code: str  # the 17 characters of the 统一社会信用代码 before its check character
    location: str
    lead: str  # lead department code
    phase: str
    start: int  # 开工: days from today (negative: that many days ago; positive: planned)
    build_days: int = 0  # 开工 → 竣工, for completed and operating projects
    jurisdiction: str = "QSX"
    works: str = "building"  # which family of 设计/施工/监理 units builds it
    approvals: tuple[str, ...] = ()
    land_hectares: str = ""  # 征收土地 area; the 自然资源局 publishes its records
    # records beyond the phase's: service, contract, penalty, design_change, supervision; `bidding_matter`: its
    # 施工 bidding is published once, by the 公共资源交易中心, as the linked 工程建设项目招标投标 matter of
    # demo/resources.py (whose OCDS process its OC4IDS data refers to), so the project has no bidding records
    extras: tuple[str, ...] = ()
    states: tuple[tuple[str, str], ...] = ()  # (record key, workflow state other than published)
    ppp: tuple[str, str, str] | None = None
    description: str = ""

    @property
    def state_of(self) -> dict[str, str]:
        return dict(self.states)


PROJECTS: list[DemoProject] = [
    DemoProject(
        "青山县城至白水镇公路改扩建工程", Sector.TRANSPORT, APPROVAL, GOVERNMENT, 68_600,
        "青山县交通建设投资有限公司", "91533123MA6K2R7T0", "青山县城至白水镇", "QSJTJ", Phase.CONSTRUCTION, -430,
        works="road", approvals=("proposal", "feasibility", "land_site_review", "environment", "preliminary_design", "construction_permit"),
        land_hectares="38.6520", extras=("contract", "design_change", "supervision", "land_full", "bidding_full", "penalty"),
        states=(("supervision", Status.SUBMITTED),),
        description="全长 23.6 公里，按二级公路标准改扩建，设计速度 60 公里/小时，路基宽 10 米，新建中桥 3 座。",
    ),
    DemoProject(
        "青山县第二中学教学综合楼新建项目", Sector.SOCIAL, APPROVAL, GOVERNMENT, 4_860,
        "青山县第二中学", "12533123MB1A2C3D4", "青山县城东片区学府路", "QSJYJ", Phase.PREPARATION, 45,
        approvals=("proposal", "feasibility", "preliminary_design", "engineering_planning"),
        states=(("approval:engineering_planning", Status.SUBMITTED),),
        description="新建教学综合楼 1 栋，地上 5 层，建筑面积 12,600 平方米，新增学位 1,200 个。",
    ),
    DemoProject(
        "青山县农村供水保障提升工程", Sector.WATER, APPROVAL, GOVERNMENT, 9_380,
        "青山县水务产业投资有限公司", "91533123MA6K3B8W1", "青山县 9 个乡镇", "QSSLJ", Phase.OPERATION, -1150, 630,
        works="water", approvals=("feasibility", "soil_conservation", "water_intake", "flood_impact", "preliminary_design", "construction_permit"),
        extras=("supervision",),
        description="新建水厂 2 座、改造供水管网 186 公里，受益人口 8.6 万人。",
    ),
    DemoProject(
        "青山县城北片区棚户区改造项目", Sector.SHANTYTOWN, APPROVAL, GOVERNMENT, 56_200,
        "青山县城市建设投资开发有限公司", "91533123MA6K1N4X2", "青山县城北片区", "QSZJJ", Phase.CONSTRUCTION, -330,
        approvals=("feasibility", "land_site_review", "preliminary_design", "land_planning_permit", "construction_permit"),
        land_hectares="12.4060",
        description="改造棚户区住房 1,286 套，建设安置房 24 栋及配套道路、管网。",
    ),
    DemoProject(
        "青山县人民医院住院综合楼建设项目", Sector.SOCIAL, APPROVAL, GOVERNMENT, 32_500,
        "青山县人民医院", "12533123MB0T6E2F1", "青山县人民医院院内", "QSWJW", Phase.CONSTRUCTION, -105,
        approvals=("proposal", "feasibility", "energy", "preliminary_design"), extras=("bidding_matter",),
        description="新建住院综合楼 1 栋，地上 16 层、地下 2 层，床位 500 张。",
    ),
    DemoProject(
        "青山县工业园区污水处理厂及配套管网工程", Sector.ECOLOGY, APPROVAL, GOVERNMENT, 18_900,
        "青山碧水环境科技有限公司", "91533123MA6K5C9Y3", "青山县工业园区", "QSZJJ", Phase.OPERATION, -1300, 660,
        works="municipal", approvals=("feasibility", "environment", "preliminary_design", "construction_permit"),
        land_hectares="7.6000", extras=("supervision",),
        ppp=(PPPMode.BOT, PPPReturn.VIABILITY_GAP, PPPCapital.JOINT_VENTURE),
        description="日处理污水 2 万吨，配套管网 32 公里；采用 PPP（BOT）模式，合作期 25 年。",
    ),
    DemoProject(
        "青山县城乡冷链物流中心项目", Sector.OTHER, APPROVAL, GOVERNMENT, 12_800,
        "青山县供销冷链物流有限公司", "91533123MA6K7D1U4", "青山县城东物流片区", "QSFGW", Phase.PREPARATION, 120,
        approvals=("proposal", "land_site_review"), land_hectares="9.3000",
        states=(("land:compensation", Status.DRAFT),),
        description="建设冷库 3 万吨及分拣配送中心，覆盖全县 11 个乡镇农产品冷链。",
    ),
    DemoProject(
        "青山县智慧农业示范园项目", Sector.AGRICULTURE, APPROVAL, GOVERNMENT, 7_650,
        "青山县农业投资开发有限公司", "91533123MA6K8F2R5", "青山县石门镇", "QSNYJ", Phase.PREPARATION, 150,
        jurisdiction="SMZ", approvals=("proposal", "feasibility"),
        description="建设智能温室 12 公顷、水肥一体化设施及农业物联网平台。",
    ),
    DemoProject(
        "青山县物流园区道路工程", Sector.TRANSPORT, APPROVAL, GOVERNMENT, 5_420,
        "青山县交通建设投资有限公司", "91533123MA6K2R7T0", "青山县城东物流片区", "QSJTJ", Phase.TERMINATED, 200,
        works="road", extras=("supervision",),
        description="拟建园区道路 4.2 公里；已纳入云岭州物流园区统一规划，本项目终止。",
    ),
    DemoProject(
        "青山县城区供热管网改造项目", Sector.ENERGY, VERIFICATION, ENTERPRISE, 8_960,
        "青山热力有限公司", "91533123MA6K9G3P6", "青山县城区", "QSZJJ", Phase.PREPARATION, 90,
        works="municipal", approvals=("land_site_review", "environment"),
        description="改造一级供热管网 26 公里、换热站 18 座。",
    ),
    DemoProject(
        "青山县城东冷链物流园项目", Sector.LIGHT_INDUSTRY, VERIFICATION, ENTERPRISE, 21_300,
        "云岭鲜链物流有限公司", "91533123MA6KA04N7", "青山县城东物流片区", "QSFGW", Phase.PREPARATION, 100,
        works="industrial", approvals=("land_site_review",), extras=("service",),
        description="建设果蔬预冷加工车间、冷库及交易中心，年加工农产品 15 万吨。",
    ),
    DemoProject(
        "青山县城南公共停车场项目", Sector.URBAN, APPROVAL, GOVERNMENT, 3_680,
        "青山县城市建设投资开发有限公司", "91533123MA6K1N4X2", "青山县城南新区", "QSZJJ", Phase.PREPARATION, 160,
        works="municipal", approvals=("proposal", "feasibility"), extras=("service",),
        description="建设立体停车库 1 座，停车位 860 个，配建充电桩 120 个。",
    ),
    DemoProject(
        "青山县白水镇易地扶贫搬迁安置点配套设施建设项目", Sector.POVERTY_RELOCATION, APPROVAL, GOVERNMENT, 6_240,
        "青山县乡村振兴投资开发有限公司", "91533123MA6KB15M8", "青山县白水镇", "QSXCZX", Phase.COMPLETED, -900, 570,
        jurisdiction="BSZ", approvals=("feasibility", "land_site_review", "construction_permit"), land_hectares="6.8300",
        extras=("supervision",),
        description="安置搬迁群众 420 户 1,836 人，配套道路、供排水、幼儿园及社区服务中心。",
    ),
    DemoProject(
        "青山县50兆瓦农光互补光伏发电项目", Sector.ENERGY, FILING, ENTERPRISE, 23_800,
        "青山新能源发电有限公司", "91533123MA6KC26L9", "青山县石门镇", "QSFGW", Phase.CONSTRUCTION, -75,
        jurisdiction="SMZ", works="power", approvals=("energy", "environment", "forest_land"),
        extras=("no_quality",), states=(("construction", Status.DRAFT),),
        description="装机容量 50 兆瓦，配套 110 千伏升压站 1 座，年均发电量 7,800 万千瓦时。",
    ),
    DemoProject(
        "青山县县域数字化平台及5G基站建设项目", Sector.INFORMATION, APPROVAL, GOVERNMENT, 4_350,
        "青山县智慧城市建设运营有限公司", "91533123MA6KD37K0", "青山县全域", "QSGXJ", Phase.CONSTRUCTION, -30,
        works="industrial", approvals=("feasibility", "preliminary_design"),
        states=(("quality", Status.REVIEWED),),
        description="建设 5G 基站 186 个、县域数据中心及“一网通办”平台。",
    ),
    DemoProject(
        "青山县年产30万吨新型建材生产线项目", Sector.MATERIALS, FILING, ENTERPRISE, 15_600,
        "青山中岩新型建材有限公司", "91533123MA6KE48J1", "青山县工业园区", "QSGXJ", Phase.CONSTRUCTION, -150,
        works="industrial", approvals=("energy", "environment", "construction_permit"),
        extras=("penalty",), states=(("quality:penalty", Status.APPROVED),),
        description="建设年产 30 万吨蒸压加气混凝土砌块及装配式构件生产线。",
    ),
    DemoProject(
        "青山县农机装备制造产业园项目", Sector.MACHINERY, FILING, ENTERPRISE, 11_200,
        "云岭农机装备制造有限公司", "91533123MA6KF59H2", "青山县工业园区", "QSGXJ", Phase.PREPARATION, 60,
        works="industrial", approvals=("energy", "environment"),
        description="建设小型山地农机生产车间 4 栋，年产山地微耕机 2 万台。",
    ),
    DemoProject(
        "青山县茶叶精深加工项目", Sector.LIGHT_INDUSTRY, FILING, ENTERPRISE, 6_780,
        "青山云雾茶业有限公司", "91533123MA6KG6AG3", "青山县白水镇", "QSNYJ", Phase.OPERATION, -980, 560,
        jurisdiction="BSZ", works="industrial", approvals=("energy", "environment", "construction_permit"),
        description="建设清洁化茶叶加工生产线 6 条，年加工干茶 3,000 吨。",
    ),
    DemoProject(
        "青山县高新技术产业孵化园标准厂房建设项目", Sector.HIGH_TECH, APPROVAL, GOVERNMENT, 14_500,
        "青山县工业园区开发投资有限公司", "91533123MA6KH7BF4", "青山县工业园区", "QSGXJ", Phase.COMPLETED, -620, 500,
        approvals=("feasibility", "land_site_review", "preliminary_design", "construction_permit"), land_hectares="15.2000",
        extras=("withdrawn_filing",),
        description="建设标准厂房 12 栋、研发楼 1 栋，总建筑面积 9.8 万平方米。",
    ),
    DemoProject(
        "青山县小型水库除险加固工程", Sector.WATER, APPROVAL, GOVERNMENT, 3_260,
        "青山县水务产业投资有限公司", "91533123MA6K3B8W1", "青山县 7 座小（1）型水库", "QSSLJ", Phase.COMPLETED, -540, 450,
        works="water", approvals=("feasibility", "preliminary_design", "soil_conservation"),
        description="对 7 座小型水库进行大坝防渗、溢洪道及放水设施除险加固。",
    ),
    DemoProject(
        "青山县全民健身中心建设项目", Sector.SOCIAL, APPROVAL, GOVERNMENT, 9_870,
        "青山县城市建设投资开发有限公司", "91533123MA6K1N4X2", "青山县城南新区", "QSWTJ", Phase.COMPLETED, -820, 610,
        approvals=("proposal", "feasibility", "preliminary_design", "construction_permit"),
        extras=("supervision",),
        description="建设综合体育馆 1 座（2,000 座）、全民健身广场及室外运动场。",
    ),
]

# 审批事项: (department, days from 开工, 标准目录 entry, title pattern, 批复文号 pattern)
APPROVALS = {
    "proposal": ("QSFGW", -420, "projects-approval-result-proposal", "关于{base}项目建议书的批复", "青发改投资〔{y}〕{n}号"),
    "land_site_review": ("QSZRZY", -330, "projects-approval-result-land-site-review", "{name}建设项目用地预审与选址意见书", "用字第" + REGION + "{y}{n:04d}号"),
    "feasibility": ("QSFGW", -300, "projects-approval-result-feasibility", "关于{name}可行性研究报告的批复", "青发改投资〔{y}〕{n}号"),
    "environment": ("QSSTHJ", -260, "projects-approval-result-eia", "关于{name}环境影响报告表的批复", "青环审〔{y}〕{n}号"),
    "forest_land": ("QSZRZY", -240, "projects-approval-result-forest-land", "关于{name}使用林地的审核意见", "青林地审字〔{y}〕{n}号"),
    "soil_conservation": ("QSSLJ", -230, "projects-approval-result-soil-conservation", "关于{name}水土保持方案的批复", "青水许可〔{y}〕{n}号"),
    "water_intake": ("QSSLJ", -228, "projects-approval-result-water-intake", "{name}取水许可决定", "青水取许〔{y}〕{n}号"),
    "flood_impact": ("QSSLJ", -226, "projects-approval-result-flood-impact", "关于{name}洪水影响评价报告的批复", "青水防〔{y}〕{n}号"),
    "energy": ("QSFGW", -220, "projects-approval-result-energy", "关于{name}节能报告的审查意见", "青发改环资〔{y}〕{n}号"),
    "verification": ("QSFGW", -200, "projects-approval-result-verification", "关于{name}核准的批复", "青发改审批〔{y}〕{n}号"),
    "preliminary_design": ("QSFGW", -150, "projects-approval-result-preliminary-design", "关于{name}初步设计的批复", "青发改投资〔{y}〕{n}号"),
    "land_planning_permit": ("QSZRZY", -120, "projects-approval-result-land-planning-approval", "{name}建设用地规划许可证（含建设用地批准书）核发结果", "地字第" + REGION + "{y}{n:04d}号"),
    "engineering_planning": ("QSZRZY", -60, "projects-approval-result-works-planning-permit", "{name}建设工程规划许可证核发结果", "建字第" + REGION + "{y}{n:04d}号"),
    "construction_permit": ("QSZJJ", -12, "projects-approval-result-construction-permit", "{name}施工许可证核发结果", REGION + "{d:%Y%m%d}{n:02d}01"),
}
ENTRY_ITEMS = {entry: item for item, (_d, _o, entry, _t, _r) in APPROVALS.items()}
ENTRY_ITEMS["projects-approval-result-tender-plan"] = "bidding_approval"
TITLE_ITEMS = [
    ("可行性研究报告", "feasibility"), ("初步设计", "preliminary_design"), ("项目建议书", "proposal"),
    ("核准", "verification"), ("节能", "energy"), ("环境影响", "environment"), ("用地预审", "land_site_review"),
    ("施工许可", "construction_permit"), ("建设用地规划许可", "land_planning_permit"),
]

# Who designs, builds and supervises each family of works, and who supervises its quality and safety.
WORKS = {
    "road": {
        "designer": ("云岭交通规划设计研究院有限公司", "工程设计公路行业甲级"),
        "contractor": ("云岭路桥建设集团有限公司", "公路工程施工总承包一级"),
        "supervisor": ("滇西公路工程监理咨询有限公司", "公路工程专业甲级"),
        "agency": ("青山县交通建设工程质量安全监督站", "0908-4225071"),
        "filing": "青山县交通运输局",
        "lot": "路基桥涵工程施工一标段",
    },
    "building": {
        "designer": ("云岭建筑设计研究院有限公司", "建筑行业（建筑工程）甲级"),
        "contractor": ("云岭建工第三建设有限公司", "建筑工程施工总承包一级"),
        "supervisor": ("云岭建设监理有限公司", "房屋建筑工程监理甲级"),
        "agency": ("青山县建设工程质量安全监督站", "0908-4223318"),
        "filing": "青山县住房和城乡建设局",
        "lot": "施工总承包",
    },
    "water": {
        "designer": ("云岭水利水电勘测设计研究院有限公司", "水利行业甲级"),
        "contractor": ("云岭水利水电工程有限公司", "水利水电工程施工总承包一级"),
        "supervisor": ("云岭水利工程监理有限公司", "水利工程施工监理甲级"),
        "agency": ("青山县水利工程质量安全监督站", "0908-4227126"),
        "filing": "青山县水利局",
        "lot": "施工一标段",
    },
    "municipal": {
        "designer": ("云岭市政工程设计院有限公司", "市政行业甲级"),
        "contractor": ("云岭市政建设集团有限公司", "市政公用工程施工总承包一级"),
        "supervisor": ("云岭工程项目管理有限公司", "市政公用工程监理甲级"),
        "agency": ("青山县建设工程质量安全监督站", "0908-4223318"),
        "filing": "青山县住房和城乡建设局",
        "lot": "施工总承包",
    },
    "industrial": {
        "designer": ("云岭工业设计研究院有限公司", "建筑行业（建筑工程）甲级"),
        "contractor": ("云岭建工安装工程有限公司", "机电工程施工总承包一级"),
        "supervisor": ("云岭建设监理有限公司", "房屋建筑工程监理甲级"),
        "agency": ("青山县建设工程质量安全监督站", "0908-4223318"),
        "filing": "青山县住房和城乡建设局",
        "lot": "厂房及配套工程施工",
    },
    "power": {
        "designer": ("云岭电力设计院有限公司", "电力行业（新能源发电）乙级"),
        "contractor": ("云岭电力建设有限公司", "电力工程施工总承包二级"),
        "supervisor": ("云岭电力工程监理有限公司", "电力工程监理甲级"),
        "agency": ("云岭州电力工程质量监督站", "0908-4231560"),
        "filing": "青山县发展和改革委员会",
        "lot": "光伏场区及升压站 EPC 总承包",
    },
}
PEOPLE = [
    "杨建华", "李志强", "赵海涛", "陈国栋", "王立新", "刘晓峰", "张振宇", "周明亮", "吴德胜", "孙永刚",
    "马俊杰", "朱文斌", "胡建军", "郭晓东", "何志明", "高云龙", "林海波", "罗志刚", "郑国华", "梁宏伟",
]

BODY = (
    "<p>根据《中华人民共和国政府信息公开条例》和重大建设项目批准和实施领域政府信息公开有关要求，现将{title}公开如下。</p>"
    "<p>项目名称：{name}；投资项目统一代码：{code}；建设地点：{location}；总投资：{investment:,} 万元。</p>"
    "<p>{description}</p>"
    "<p>如对公开内容有异议，请向{department}反映，监督电话：0908-4221234。</p>"
)


@dataclass
class RecordPlan:
    key: str
    category: str
    department: str
    title: str
    formed_on: datetime.date
    details: dict
    entry: str | None = None
    doc_no: str = ""
    state: str = Status.PUBLISHED


def wan_to_yuan(wan: int | Decimal) -> Decimal:
    return (Decimal(wan) * 10000).quantize(Decimal("0.01"))


def project_code(spec: DemoProject, index: int, year: int) -> str:
    return f"{year}-{REGION}-{INDUSTRY[spec.sector]}-{MODE_CODE[spec.approval_mode]}-{(index * 7919 + 100357) % 1_000_000:06d}"


def credit_code(spec: DemoProject) -> str:
    return spec.entity_code + uscc_check_character(spec.entity_code)


# ---------------------------------------------------------------------------------------------
# Structured fields
# ---------------------------------------------------------------------------------------------
def approval_details(item: str, authority: str, approved_on: datetime.date, reply_no: str) -> dict:
    return {
        "approval_item": item,
        "reply_no": reply_no,
        "authority": authority,
        "approved_on": approved_on.isoformat(),
        "result": "approved",
    }


def approval_service_details(spec: DemoProject | None) -> dict:
    verification = spec is not None and spec.approval_mode == VERIFICATION
    return {
        "requirements": (
            "项目单位应当按照《企业投资项目核准和备案管理条例》编制项目申请报告，通过全国投资项目在线审批监管平台申报。"
            if verification
            else "项目单位应当按照《政府投资条例》编制项目建议书、可行性研究报告、初步设计，通过全国投资项目在线审批监管平台申报并取得项目代码。"
        ),
        "materials": (
            "1. 项目申请报告；2. 城乡规划部门出具的选址意见书（仅限以划拨方式提供国有土地使用权的项目）；"
            "3. 自然资源部门出具的用地预审意见；4. 法律、行政法规规定需要办理的其他相关手续。"
            if verification
            else "1. 申请文件；2. 项目建议书（可行性研究报告、初步设计）文本；3. 用地预审和规划选址意见；4. 资金筹措方案及相关证明材料。"
        ),
        "process": "网上申报 → 窗口受理 → 审查（需要评估的委托工程咨询机构评估） → 作出批复 → 网上公开",
        "time_limit": "20 个工作日（不含委托评估时间）",
        "contact": "青山县政务服务中心二楼投资项目审批窗口，电话 0908-4221356",
        "complaint": "青山县发展和改革委员会监督电话 0908-4226510；12345 政务服务便民热线",
    }


def bidding_details(spec: DemoProject, stage: str, index: int) -> dict:
    works = WORKS[spec.works]
    details = {"stage": stage, "method": "open", "lot": works["lot"]}
    ratio = Decimal("0.58") + Decimal(index % 7) * Decimal("0.02")
    amount = (wan_to_yuan(spec.investment_wan) * ratio).quantize(Decimal("1"))
    if stage in {"award", "contract"}:
        details["winner"] = works["contractor"][0]
        details["amount"] = str(amount)
    if stage == "approval_filing":
        details.update(
            tender_scope=f"{spec.name}的勘察、设计、施工、监理及重要设备、材料采购全部招标。", tender_organization="entrusted",
        )
    if stage == "tender_notice":
        details.update(
            conditions=f"本招标项目{spec.name}已由青山县发展和改革委员会批准建设，项目业主为{spec.legal_entity}，建设资金来自财政预算资金，"
            "项目已具备招标条件，现对该项目的施工进行公开招标。",
            scope=f"建设地点：{spec.location}；招标范围：{works['lot']}，包括施工图范围内的全部工程内容；计划工期 540 日历天。",
            qualification=f"投标人须具备{works['contractor'][1]}资质，具有有效的安全生产许可证，拟派项目负责人须具备相应专业一级注册建造师执业资格；本次招标不接受联合体投标。",
            documents_access="凡有意参加投标者，请于公告发布之日起 5 日内登录云岭州公共资源交易电子服务系统下载电子招标文件。",
            submission="投标文件递交的截止时间为公告发布之日起第 21 日 9 时 30 分，投标人应在截止时间前通过电子服务系统递交电子投标文件。",
        )
    if stage == "candidates":
        second = "云岭建设集团第二工程有限公司"
        details.update(
            candidates=[
                {"rank": 1, "name": works["contractor"][0], "bid_price": str(amount), "duration": "540 日历天",
                 "evaluation": "综合得分 92.35 分", "manager": PEOPLE[index % len(PEOPLE)], "manager_record": "近五年完成同类工程 2 项",
                 "certificates": "一级注册建造师证书编号 云153201801234", "qualification": works["contractor"][1]},
                {"rank": 2, "name": second, "bid_price": str((amount * Decimal("1.03")).quantize(Decimal("1"))), "duration": "540 日历天",
                 "evaluation": "综合得分 89.10 分", "manager": PEOPLE[(index + 5) % len(PEOPLE)], "manager_record": "近五年完成同类工程 1 项",
                 "certificates": "一级注册建造师证书编号 云153201905678", "qualification": works["contractor"][1]},
            ],
            objection="投标人或者其他利害关系人对评标结果有异议的，应当在公示期间以书面形式向招标人提出；招标人自收到异议之日起 3 日内答复。"
            "监督部门：青山县发展和改革委员会，监督电话 0908-4226510。",
        )
    if stage == "performance":
        details.update(
            winner=works["contractor"][0], progress="累计完成合同工程量的 65%，路基工程基本完成，桥涵工程完成 80%。",
            changes="经监理和建设单位确认的变更 2 项，合同金额调增 0.8%。", acceptance="分部工程验收 6 项，均合格。",
        )
    if stage == "credit":
        details.update(
            market_entity=works["contractor"][0],
            credit_info="云岭州公共资源交易信用评价 AA 级；近三年无不良行为记录。",
        )
    if stage == "penalty":
        details.pop("method")
        details.update(
            penalized="云岭通达建筑劳务有限公司", facts="在该项目投标中与其他投标人相互串通投标报价。",
            penalty_basis="《中华人民共和国招标投标法》第五十三条、《中华人民共和国招标投标法实施条例》第六十七条",
            penalty_result="中标无效，处中标项目金额千分之五的罚款。",
        )
    return details


def land_details(spec: DemoProject, document_type: str, on: datetime.date | None = None) -> dict:
    details = {"document_type": document_type, "area_hectares": spec.land_hectares, "authority": "青山县人民政府"}
    on = on or datetime.date(2026, 1, 5)
    if document_type == "pre_announcement":
        details.update(notice_starts_on=on.isoformat(), notice_ends_on=(on + datetime.timedelta(days=16)).isoformat(),
                       summary=f"拟为{spec.name}征收{spec.location}集体土地，征收目的为公共基础设施建设；自预公告之日起开展土地现状调查和社会稳定风险评估。")
    elif document_type == "compensation_plan":
        details.update(notice_starts_on=on.isoformat(), notice_ends_on=(on + datetime.timedelta(days=31)).isoformat(),
                       summary="补偿方式：货币补偿；补偿标准执行云岭州征地区片综合地价；被征地农民纳入社会保障，安置方式为货币安置和留地安置。")
    elif document_type == "expropriation_announcement":
        details.update(authority="云岭州人民政府", approved_on=(on - datetime.timedelta(days=7)).isoformat(),
                       approval_no=f"云政土〔{on.year}〕{on.month + 10}号",
                       summary="征收范围见附图；征收时间：公告之日起 60 日内完成补偿安置，未达成协议的依法作出征地补偿安置决定。")
    else:
        summary = {
            "status_survey": "已查明拟征收土地的位置、权属、地类、面积及地上附着物和青苗的权属、种类、数量，调查结果经权利人确认。",
            "risk_assessment": "评估结论：风险等级低；已制定风险防范、化解、处置措施。",
            "hearing": "经被征地农村集体经济组织成员申请，县人民政府组织了听证，根据听证情况修改了补偿安置方案。",
            "pre_approval_materials": "预公告、现状调查、社会稳定风险评估、补偿安置方案公告及征地补偿安置协议签订情况的证明材料。",
        }.get(document_type, "")
        if summary:
            details["summary"] = summary
    return details


def construction_details(spec: DemoProject, index: int) -> dict:
    works = WORKS[spec.works]
    person = lambda n: PEOPLE[(index * 3 + n) % len(PEOPLE)]  # noqa: E731
    return {
        "owner_unit": spec.legal_entity,
        "owner_person": person(0),
        "designer_unit": works["designer"][0],
        "designer_person": person(1),
        "designer_qualification": works["designer"][1],
        "contractor_unit": works["contractor"][0],
        "contractor_person": person(2),
        "contractor_qualification": works["contractor"][1],
        "supervisor_unit": works["supervisor"][0],
        "supervisor_person": person(4),
        "supervisor_qualification": works["supervisor"][1],
        "owner_principal": person(5),
        "designer_principal": person(6),
        "contractor_principal": person(7),
        "supervisor_principal": person(8),
        "management_setup": f"{works['contractor'][0]}设立项目经理部，下设工程技术、质量安全、物资设备、计划合约四个部门。",
        "management_duties": "项目经理部负责施工组织、进度、质量、安全和文明施工管理，对建设单位和监理单位负责。",
        "management_rules": "实行项目法人责任制、招标投标制、工程监理制和合同管理制；质量安全责任制、技术交底制度和安全生产检查制度。",
        "environmental_measures": "施工现场设置围挡和喷淋降尘设施，渣土车辆密闭运输，施工废水经沉淀后回用，夜间 22 时后禁止高噪声作业。",
    }


def quality_details(spec: DemoProject | None, penalty: str = "", decided_on: datetime.date | None = None) -> dict:
    agency, contact = WORKS[spec.works if spec else "building"]["agency"]
    details = {"item_type": "agency", "agency": agency, "contact": contact}
    if penalty:
        details.update(
            item_type="penalty", penalized=WORKS[spec.works if spec else "building"]["contractor"][0], facts=penalty,
            penalty_basis="《建设工程安全生产管理条例》第六十五条", penalty_result="罚款并责令限期整改。",
            decided_on=(decided_on or datetime.date(2026, 1, 5)).isoformat(),
        )
    return details


# PPP项目信息 (seed 001 二.6): (key, item type, days from 开工, 标准目录 entry, title pattern)
PPP_RECORDS = [
    ("policy", "legal_basis", -500, "projects-ppp-policy", "{name}PPP项目法律依据和投融资政策"),
    ("experts", "expert_pool", -480, "projects-ppp-expert-pool", "青山县政府和社会资本合作（PPP）专家库（{name}评审）"),
    ("capital", "capital", -400, "projects-ppp-arrangement", "{name}社会资本参与方式"),
    ("mode", "cooperation_mode", -399, "projects-ppp-arrangement", "{name}PPP合作模式"),
    ("return", "return_mechanism", -398, "projects-ppp-arrangement", "{name}PPP回报机制"),
    ("model", "model_project", -200, "projects-ppp-model-project", "{name}入选省级PPP示范项目"),
    ("progress", "progress", 700, "projects-ppp-progress", "{name}PPP项目进展情况"),
]


def ppp_details(spec: DemoProject, item: str) -> dict:
    mode, returns, capital = spec.ppp
    details = {
        "legal_basis": {"legal_basis": "《中华人民共和国预算法》、《政府投资条例》、国办发〔2015〕42号", "financing_policy": "财政部《关于推进政府和社会资本合作规范发展的实施意见》（财金〔2019〕10号）；项目可行性缺口补助纳入县级中期财政规划。"},
        "expert_pool": {"expert_pool": "青山县政府和社会资本合作（PPP）专家库", "expert_count": 36, "expert_manager": "青山县财政局"},
        "capital": {"capital": capital, "description": "政府方出资代表持股 20%，社会资本持股 80%，合资组建项目公司。"},
        "cooperation_mode": {"mode": mode, "term_years": 25},
        "return_mechanism": {"return_mechanism": returns, "description": "使用者付费不足部分由县级财政按绩效给予可行性缺口补助。"},
        "model_project": {"model_level": "provincial", "model_batch": "云岭省第三批 PPP 示范项目（云财金〔2019〕45号）"},
        "progress": {"ppp_stage": "execution", "progress": "项目已进入运营期，日均处理污水 1.8 万吨，出水水质达到一级 A 标准。"},
    }[item]
    return {"item_type": item, **details}


def completion_details(spec: DemoProject, completed_on: datetime.date, filing_no: str, *, accounts: bool) -> dict:
    details = {
        "accepted_on": completed_on.isoformat(),
        "quality_result": "passed",
        "filed_on": (completed_on + datetime.timedelta(days=15)).isoformat(),
        "filing_no": filing_no,
        "filing_department": WORKS[spec.works]["filing"],
        "delivered_on": (completed_on + datetime.timedelta(days=30)).isoformat(),
    }
    if accounts:
        details["audit_unit"] = "云岭天衡会计师事务所有限公司"
        details["final_amount"] = str((wan_to_yuan(spec.investment_wan) * Decimal("0.9650")).quantize(Decimal("0.01")))
    return details


def supervision_details(spec: DemoProject | None, on: datetime.date) -> dict:
    if spec is not None and spec.phase == Phase.TERMINATED:
        return {
            "inspection": f"{on:%Y年%m月}，县发展改革委对项目前期工作进行了核查。经县人民政府研究，该项目纳入云岭州物流园区统一规划建设，本项目终止实施。",
            "rectification": "已批复文件按程序撤回，前期工作经费已完成清算。",
        }
    name = spec.name if spec else "县级重点项目"
    return {
        "inspection": (
            f"{on:%Y年%m月}，县发展改革委会同县财政局、县审计局对{name}的建设进度、资金使用和“四制”执行情况"
            "进行了监督检查，发现施工日志记录不完整、部分进场材料检测报告归档不及时等问题。"
        ),
        "rectification": "已督促项目单位限期 15 日整改，整改情况已复查销号。",
    }


def design_change_details(spec: DemoProject) -> dict:
    return {
        "reason": "K12+300～K14+800 段原设计线位穿越白水河河滩地，补充地质勘察发现软土层厚度超过原设计预期，路基稳定性不满足规范要求。",
        "content": "该段线位向北平移约 120 米，新增中桥 1 座（4×20 米预应力混凝土简支 T 梁），取消原设计软基换填 3.2 万立方米，概算调增 1,286 万元。",
        "basis": "《公路工程设计变更管理办法》（交通部令 2005 年第 5 号）、补充地质勘察报告及专家评审意见",
        "approver": "青山县发展和改革委员会",
        "result": "同意变更，调整后项目概算 69,886 万元，增加投资由县级财政和项目法人按原比例筹措。",
    }


def kernel_case_details(category: str, *, spec: DemoProject | None, department, formed_on: datetime.date,
                        entry_code: str | None, title: str, seq: int) -> dict | None:
    """Structured fields of the cross-domain cases' projects-domain records (demo/cases.py)."""
    if category == ProjectCategory.APPROVAL_RESULT:
        item = ENTRY_ITEMS.get(entry_code or "") or next((i for word, i in TITLE_ITEMS if word in title), "proposal")
        pattern = APPROVALS.get(item, APPROVALS["proposal"])[4]
        reply_no = pattern.format(y=formed_on.year, n=seq % 100 + 1, d=formed_on)
        return approval_details(item, department.name, formed_on, reply_no)
    if category == ProjectCategory.QUALITY_SAFETY:
        penalty = ""
        if "处罚" in title:
            penalty = "施工现场临边洞口防护不到位、脚手架连墙件缺失，依据《建设工程安全生产管理条例》第六十五条，对施工单位处以罚款人民币 3 万元，责令立即整改。"
        return quality_details(spec, penalty, formed_on)
    if category == ProjectCategory.SUPERVISION:
        return supervision_details(spec, formed_on)
    return None


def entry_for_title(title: str) -> str | None:
    """The 标准目录 entry of an approval record named only by its title (e.g. “…可行性研究报告的批复”)."""
    item = next((i for word, i in TITLE_ITEMS if word in title), None)
    return APPROVALS[item][2] if item else None


# ---------------------------------------------------------------------------------------------
# Planning the records of one project
# ---------------------------------------------------------------------------------------------
@dataclass
class Planner:
    today: datetime.date
    department_names: dict[str, str]
    counters: dict = field(default_factory=lambda: defaultdict(int))

    def number(self, prefix: str, year: int) -> int:
        self.counters[(prefix, year)] += 1
        return 10 + self.counters[(prefix, year)] * 3

    def dates(self, spec: DemoProject) -> tuple[datetime.date, datetime.date | None, datetime.date | None]:
        anchor = self.today + datetime.timedelta(days=spec.start)
        started = anchor if spec.phase in {Phase.CONSTRUCTION, Phase.COMPLETED, Phase.OPERATION} else None
        completed = anchor + datetime.timedelta(days=spec.build_days) if spec.phase in {Phase.COMPLETED, Phase.OPERATION} else None
        return anchor, started, completed

    def plan(self, spec: DemoProject, index: int) -> list[RecordPlan]:
        anchor, started, completed = self.dates(spec)
        past = self.today - datetime.timedelta(days=2)
        name, plans = spec.name, []

        def add(key, category, department, title, on, details, entry=None, doc_no=""):
            if on <= past:
                state = spec.state_of.get(key, Status.PUBLISHED)
                plans.append(RecordPlan(key, category, department, title, on, details, entry, doc_no, state))

        def shift(days: int) -> datetime.date:
            return anchor + datetime.timedelta(days=days)

        if "service" in spec.extras:
            add("service", ProjectCategory.APPROVAL_SERVICE, "QSFGW", f"{name}审批服务指南（申报要求及材料清单）",
                shift(-460), approval_service_details(spec), "projects-approval-service-guide")
        for item in spec.approvals:
            department, offset, entry, title, reply = APPROVALS[item]
            if item == "construction_permit" and spec.works in {"road", "water"}:
                department = spec.lead  # 公路、水利工程的施工许可由行业主管部门核发
            on = shift(offset)
            reply_no = reply.format(y=on.year, n=self.number(reply[:4], on.year), d=on)
            title = title.format(name=name, base=name.removesuffix("项目"))
            add(f"approval:{item}", ProjectCategory.APPROVAL_RESULT, department, title, on,
                approval_details(item, self.department_names[department], on, reply_no), entry, reply_no)
        if spec.land_hectares:
            # 《土地管理法》第四十七条、实施条例第二十六条至第三十一条: 预公告 → 补偿安置方案公告 → 征收土地公告; the
            # whole procedure for the first project ("land_full").
            steps = [
                ("land:pre", "pre_announcement", -300, "projects-land-expropriation-pre-announcement", "{name}征收土地预公告"),
                ("land:compensation", "compensation_plan", -250, "projects-land-expropriation-compensation-plan", "{name}征地补偿安置方案公告"),
                ("land:announcement", "expropriation_announcement", -160, "projects-land-expropriation-announcement-2021", "{name}征收土地公告"),
            ]
            if "land_full" in spec.extras:
                steps += [
                    ("land:survey", "status_survey", -290, "projects-land-expropriation-status-survey", "{name}拟征收土地现状调查结果"),
                    ("land:risk", "risk_assessment", -280, "projects-land-expropriation-risk-assessment", "{name}征收土地社会稳定风险评估结论"),
                    ("land:hearing", "hearing", -215, "projects-land-expropriation-hearing", "{name}征地补偿安置方案听证情况"),
                    ("land:materials", "pre_approval_materials", -200, "projects-land-expropriation-pre-approval-materials", "{name}履行征地报批前程序的相关证明材料"),
                ]
            for key, document, offset, entry, title in steps:
                add(key, ProjectCategory.LAND_EXPROPRIATION, "QSZRZY", title.format(name=name), shift(offset),
                    land_details(spec, document, shift(offset)), entry)
        if started and "bidding_matter" not in spec.extras:
            if spec.investor_type == GOVERNMENT:
                add("bidding:tender", ProjectCategory.BIDDING, "QSGGZY", f"{name}施工招标公告", shift(-75),
                    bidding_details(spec, "tender_notice", index), "projects-bidding-notice")
                add("bidding:candidates", ProjectCategory.BIDDING, "QSGGZY", f"{name}施工中标候选人公示", shift(-45),
                    bidding_details(spec, "candidates", index), "projects-bidding-candidates")
            add("bidding:award", ProjectCategory.BIDDING, "QSGGZY", f"{name}施工中标结果公示", shift(-40),
                bidding_details(spec, "award", index), "projects-bidding-result")
            if "contract" in spec.extras:
                add("bidding:contract", ProjectCategory.BIDDING, spec.lead, f"{name}施工合同订立情况", shift(-30),
                    bidding_details(spec, "contract", index), "projects-bidding-contract")
            if "bidding_full" in spec.extras:
                add("bidding:filing", ProjectCategory.BIDDING, "QSFGW", f"{name}招标范围、招标方式和招标组织形式核准情况", shift(-120),
                    bidding_details(spec, "approval_filing", index), "projects-bidding-approval-credit")
                add("bidding:credit", ProjectCategory.BIDDING, "QSGGZY", f"{name}中标人市场主体信用信息", shift(-38),
                    bidding_details(spec, "credit", index), "projects-bidding-approval-credit")
                add("bidding:performance", ProjectCategory.BIDDING, spec.lead, f"{name}施工合同履行情况", shift(200),
                    bidding_details(spec, "performance", index), "projects-bidding-contract")
                on = self.today - datetime.timedelta(days=5)
                doc_no = f"青发改罚〔{on.year}〕{self.number('青发改罚', on.year)}号"
                penalty = bidding_details(spec, "penalty", index) | {"decided_on": on.isoformat()}
                add("bidding:penalty", ProjectCategory.BIDDING, "QSFGW", f"{name}招标投标违法行为行政处罚决定（{doc_no}）", on,
                    penalty, "projects-bidding-penalty", doc_no)
        if started:
            add("construction", ProjectCategory.CONSTRUCTION, spec.lead, f"{name}参建单位及项目负责人信息", shift(7),
                construction_details(spec, index), "projects-construction-parties")
            if "no_quality" not in spec.extras:
                add("quality", ProjectCategory.QUALITY_SAFETY, "QSZJJ" if spec.works not in {"road", "water", "power"} else spec.lead,
                    f"{name}质量安全监督机构及联系方式", shift(12), quality_details(spec), "projects-quality-safety-agency")
            if "penalty" in spec.extras:
                on = self.today - datetime.timedelta(days=4)
                doc_no = f"青建罚〔{on.year}〕{self.number('青建罚', on.year)}号"
                penalty = (f"{WORKS[spec.works]['contractor'][0]}在施工中未按规定设置安全防护设施，依据《建设工程安全生产管理条例》"
                           f"第六十五条，处以罚款人民币 2 万元（{doc_no}）。")
                add("quality:penalty", ProjectCategory.QUALITY_SAFETY, "QSZJJ", f"{name}质量安全行政处罚决定（{doc_no}）", on,
                    quality_details(spec, penalty, on), "projects-quality-safety-penalty", doc_no)
        if "design_change" in spec.extras and started:
            on = min(shift(300), self.today - datetime.timedelta(days=60))
            doc_no = f"青发改投资〔{on.year}〕{self.number('青发改投', on.year)}号"
            add("design_change", ProjectCategory.DESIGN_CHANGE, spec.lead, f"{name}重大设计变更情况公示", on,
                design_change_details(spec), "projects-design-change", doc_no)
        if completed:
            filing_no = f"青建竣备〔{completed.year}〕{self.number('竣备', completed.year):03d}号"
            add("completion:filing", ProjectCategory.COMPLETION, spec.lead, f"{name}竣工验收及备案信息",
                completed + datetime.timedelta(days=15), completion_details(spec, completed, filing_no, accounts=False),
                "projects-completion-filing")
            add("completion:accounts", ProjectCategory.COMPLETION, spec.lead, f"{name}竣工财务决算审计结果",
                completed + datetime.timedelta(days=150), completion_details(spec, completed, filing_no, accounts=True),
                "projects-completion-final-accounts")
        if spec.ppp:
            for key, item, offset, entry, title in PPP_RECORDS:
                add(f"ppp:{key}", ProjectCategory.PPP, "QSCZJ", title.format(name=name), shift(offset), ppp_details(spec, item), entry)
        if "supervision" in spec.extras:
            if spec.phase == Phase.TERMINATED:
                on = self.today - datetime.timedelta(days=30)
            elif completed:
                on = completed - datetime.timedelta(days=60)
            else:
                on = self.today - datetime.timedelta(days=20)
            add("supervision", ProjectCategory.SUPERVISION, "QSFGW", f"{name}监管检查及整改情况通报", on,
                supervision_details(spec, on), "projects-supervision-inspection")
        return sorted(plans, key=lambda plan: (plan.formed_on, plan.key))


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------
def spec_named(name: str) -> DemoProject | None:
    return next((spec for spec in PROJECTS if spec.name == name), None)


def project_in_title(projects: dict[str, Project], title: str) -> Project | None:
    """The demo project a record's title names (the longest name that occurs in it)."""
    names = [name for name in projects if name in title]
    return projects[max(names, key=len)] if names else None


def create_projects(county) -> dict[str, Project]:
    """Register the projects (by the lead department's clerk). Returns them by name."""
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    planner = Planner(county.today, {})
    projects: dict[str, Project] = {}
    for index, spec in enumerate(PROJECTS):
        department = county.departments[spec.lead]
        anchor, started, completed = planner.dates(spec)
        first_approval = anchor - datetime.timedelta(days=460)
        fields = {
            "name": spec.name,
            "code": project_code(spec, index, first_approval.year),
            "sector": spec.sector,
            "approval_mode": spec.approval_mode,
            "investor_type": spec.investor_type,
            "total_investment": wan_to_yuan(spec.investment_wan),
            "legal_entity": spec.legal_entity,
            "legal_entity_uscc": credit_code(spec),
            "location": spec.location,
            "jurisdiction": jurisdictions[spec.jurisdiction],
            "lead_department": department,
            "phase": spec.phase,
            "started_on": started,
            "completed_on": completed,
            "description": spec.description,
        }
        if spec.ppp:
            fields.update(is_ppp=True, ppp_mode=spec.ppp[0], ppp_return=spec.ppp[1], ppp_capital=spec.ppp[2])
        projects[spec.name] = services.project_create(actor=county.people(department)[0], **fields)
    return projects


def create_case_record(county, *, category: str, **fields):
    """A cross-domain case (demo/cases.py) of the projects domain: the record of the demo project its
    title names (`project_record_create`), with believable structured fields; a plain record when it
    names none."""
    title = fields["title"]
    project = project_in_title(county.subjects[services.DOMAIN], title)
    if fields.get("catalogue_entry") is None and category == "approval_result":
        fields["catalogue_entry"] = county.entry(entry_for_title(title))
    entry = fields.get("catalogue_entry")
    details = kernel_case_details(
        category,
        spec=spec_named(project.name) if project else None,
        department=fields["department"],
        formed_on=fields.get("formed_on") or county.today,
        entry_code=entry.code if entry else None,
        title=title,
        seq=county.next_in_sequence("projects:case"),
    )
    fields["details"] = details if details is not None else placeholder_details(services.DOMAIN, category)
    fields["category"] = category
    if project is None:
        return disclosure_services.disclosure_create(**fields)
    fields.pop("domain", None)
    return services.project_record_create(project=project, **fields)


def build_records(county) -> None:
    """Each project's records, through project_record_create and the workflow, in life-cycle order."""
    projects = county.subjects[services.DOMAIN]

    entries = {entry.code: entry for entry in CatalogueEntry.objects.filter(domain=services.DOMAIN)}
    planner = Planner(county.today, {code: department.name for code, department in county.departments.items()})
    for index, spec in enumerate(PROJECTS):
        project = projects[spec.name]
        for plan in planner.plan(spec, index):
            department = county.departments[plan.department]
            clerk, reviewer, signer = county.people(department)
            record = services.project_record_create(
                actor=clerk,
                project=project,
                department=department,
                category=plan.category,
                catalogue_entry=entries.get(plan.entry),
                title=plan.title,
                doc_no=plan.doc_no,
                written_on=plan.formed_on,
                formed_on=plan.formed_on,
                keywords=f"重大建设项目 {ProjectCategory(plan.category).label}",
                body=BODY.format(
                    title=plan.title, name=spec.name, code=project.code, location=spec.location,
                    investment=spec.investment_wan, description=spec.description, department=department.name,
                ),
                details=plan.details,
            )
            if plan.state != Status.DRAFT:
                release_permit_number(county, record)
            advance(county, record, plan.state, plan.formed_on)
            if plan.key == "completion:filing" and "withdrawn_filing" in spec.extras:
                # Published with a wrong 备案编号, withdrawn with a public reason, then published again.
                disclosure_services.disclosure_withdraw(
                    disclosure=record, actor=reviewer, reason="备案编号填写有误，已撤回并重新公开正确信息。"
                )
                corrected = {**plan.details, "filing_no": plan.details["filing_no"].replace("〕", "〕1")}
                again = services.project_record_create(
                    actor=clerk, project=project, department=department, category=plan.category,
                    catalogue_entry=entries.get(plan.entry), title=f"{plan.title}（重新公开）",
                    written_on=plan.formed_on, formed_on=plan.formed_on, keywords=record.keywords,
                    body=record.body, details=corrected,
                )
                advance(county, again, Status.PUBLISHED, plan.formed_on)


def release_permit_number(county, record) -> None:
    """A 施工许可证编号 (6-digit 区划代码 + 8-digit date + 4 digits) has the shape of an ID number, and
    one in eleven has its check digit too: the guard stops it in 文号 and the office, having looked,
    lets it through with a reason — as it would on a real portal (个人信息放行)."""
    found = pii.scan_disclosure(record, attachments=False)  # scanned once: the record does not change here
    if found and all(finding.field == "文号" for finding in found):
        disclosure_services.disclosure_pii_override(
            disclosure=record, actor=county.users["office"],
            reason="文号为施工许可证编号（6位行政区划代码＋8位发证日期＋4位序号），不是身份证号。",
        )


def advance(county, record, state: str, formed_on: datetime.date) -> None:
    """Take a record to `state` with its department's people (published records are back-dated)."""
    clerk, reviewer, signer = county.people(record.department)
    if state != Status.APPROVED:
        county.advance(record, state, clerk, reviewer, signer, formed_on)
        return
    jurisdiction = record.department.jurisdiction
    jurisdiction.auto_publish = False
    jurisdiction.save(update_fields=["auto_publish"])
    disclosure_services.disclosure_submit(disclosure=record, actor=clerk)
    disclosure_services.disclosure_review(disclosure=record, actor=reviewer)
    disclosure_services.disclosure_sign(disclosure=record, actor=signer)
    jurisdiction.auto_publish = True
    jurisdiction.save(update_fields=["auto_publish"])


DEMO = DomainDemo(subjects=create_projects, records=build_records, case_record=create_case_record)
