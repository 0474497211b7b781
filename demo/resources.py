"""
Demo data of the public-resource domain, built by `seed_demo` inside its transaction (`DEMO` below).

Allocation matters of 青山县 in all six areas, each with the records a citizen follows from notice to
result: some chains complete (公告 → 结果 → 合同), some still open (a result not yet published, one
overdue). Amounts are believable (起始价 below 成交价, 成交金额 within the 预算), the 出让结果 of a
自然资源局 matter is published by the 公共资源交易中心, and two 招标投标 matters are linked to major
projects of the projects demo (their 项目法人 is the 招标人). The 政府采购 matters name their 采购人; their
notices and results are the 公共资源交易中心's, which runs the tenders (the 财政局 supervises). The 公共租赁住房 allocation names people through kernel name lists
(fictional people, masked on every public door): the 审核结果 list's 公示期 has ended, the 分配结果
list is inside its 公示期; the 农村危房改造 list is for the villages' 公示栏 only. The 严重失信主体名单 (the 2018
“黑名单”, 国办发〔2020〕49号): organisations, a natural person (骗取公共租赁住房, shown masked), a 食品安全 entry,
one taken off early by 信用修复 and one whose period has ended (taken off by the expiry job); and the 红名单.

Everything goes through `resources.services`, `namelists.services` and the kernel's workflow
services, as users would. Dates are relative to the day the demo is built and nothing is random
here: the county's seeded generator back-dates the publications (demo/county.py).
"""

import datetime
from dataclasses import dataclass

from catalogue.models import CatalogueEntry
from core.validators import uscc_check_character
from disclosures import services as disclosure_services
from disclosures.choices import DocumentKind, Status, Validity
from namelists import services as namelist_services
from organizations.models import Jurisdiction
from resources import services
from resources.choices import (
    CreditArea,
    CreditBasis,
    CreditList,
    CreditStatement,
    CreditSubjectKind,
    ResourceArea,
)

from .county import DomainDemo

HOUSING, LAND, MINING = ResourceArea.HOUSING, ResourceArea.LAND_USE_RIGHT, ResourceArea.MINING_RIGHT
PROCUREMENT, PROPERTY, BIDDING = ResourceArea.PROCUREMENT, ResourceArea.STATE_PROPERTY, ResourceArea.CONSTRUCTION_BIDDING
FOOD_SAFETY, MAJOR_PROJECTS = CreditArea.FOOD_SAFETY, CreditArea.MAJOR_PROJECTS

BODY = (
    "<p>根据《中华人民共和国政府信息公开条例》和《关于推进公共资源配置领域政府信息公开的意见》要求，现将{title}公开如下。</p>"
    "<p>事项名称：{name}；{reference}主管部门：{department}。</p>"
    "<p>{description}</p>"
    "<p>如对公开内容有异议，请在公开之日起 7 个工作日内向{department}反映，监督电话：0908-4221234。</p>"
)


@dataclass(frozen=True)
class Step:
    """One record of a matter: its item type, title, department, age (days before today) and state."""

    item_type: str
    title: str
    department: str
    days_ago: int
    state: str = Status.PUBLISHED
    name_list: str = ""  # key of NAME_LISTS attached before submission
    doc_no: str = ""
    normative: bool = False  # a 行政规范性文件 in force (年报 part 二)


@dataclass(frozen=True)
class DemoMatter:
    key: str  # how the cross-domain deadline cases (demo/cases.py) name the matter in their titles
    area: str
    name: str
    reference_no: str
    department: str
    amount: str | None
    description: str
    details: dict[str, dict]  # item type -> structured fields (without item_type)
    steps: tuple[Step, ...] = ()
    jurisdiction: str = "QSX"
    project: str = ""  # name of a demo major project (its 项目法人 is the 招标人)
    purchaser: tuple[str, str] = ("", "")  # 采购人（招标人）: name and the 17 characters of its 统一社会信用代码

    def details_for(self, item_type: str) -> dict:
        return {"item_type": item_type, **self.details.get(item_type, {})}


MATTERS: list[DemoMatter] = [
    # --- 住房保障 --------------------------------------------------------------------------------
    DemoMatter(
        "公共租赁住房分配", HOUSING, "青山县{y}年公共租赁住房分配（第一批）", "QSGZF-{y}-01", "QSZJJ", None,
        "面向城镇中等偏下收入住房困难家庭、新就业无房职工和在城镇稳定就业的外来务工人员，分配城北片区公共租赁住房"
        "第 3、5 栋房源 120 套（建筑面积 40～60 平方米），租金按同地段市场租金的 70% 确定。",
        {
            "allocation_policy": {},
            "housing_supply": {"available_units": "120"},
            "allocation_targets": {},
            "allocation_result": {"allocated_units": "96"},
            "credit_list": {},
        },
        (
            Step("allocation_policy", "青山县公共租赁住房分配管理实施细则", "QSZJJ", 120, doc_no="青住建发〔{y}〕12号", normative=True),
            Step("housing_supply", "青山县{y}年第一批公共租赁住房分配房源公告", "QSZJJ", 90),
            Step("allocation_targets", "青山县{y}年第一批公共租赁住房保障对象审核结果公示", "QSZJJ", 60, name_list="targets"),
            Step("allocation_result", "青山县{y}年第一批公共租赁住房分配结果公示", "QSZJJ", 3, name_list="result"),
            Step("credit_list", "关于将骗取公共租赁住房的个人列入严重失信主体名单的公告", "QSZJJ", 20),
        ),
    ),
    DemoMatter(
        "保障性安居工程", HOUSING, "青山县{y}年城镇保障性安居工程建设", "QSAJ-{y}", "QSZJJ", "186500000.00",
        "全年计划新开工棚户区改造安置住房 1,286 套、公共租赁住房 120 套，基本建成 860 套。",
        {
            "construction_plan": {},
            "annual_plan": {"task_units": "1406", "planned_projects": "城北片区棚户区改造项目（1,286 套）；城北公共租赁住房二期（120 套）", "unit_types": "45、60、75、90 平方米"},
            "plan_progress": {
                "task_units": "1406", "progress_percent": "83.9", "started_units": "1180", "completed_units": "612",
                "started_projects": "城北片区棚户区改造项目（已开工 1,060 套）；城北公共租赁住房二期（已开工 120 套）",
                "completed_projects": "城北片区棚户区改造项目一期 A 区（492 套）；城北公共租赁住房二期 3、5 栋（120 套）",
                "supporting_facilities": "城北片区安置区道路、供水、供电和污水管网已完工；配套幼儿园主体封顶，社区卫生服务站完成装修。",
            },
        },
        (
            Step("construction_plan", "青山县“十四五”城镇保障性安居工程规划建设方案", "QSZJJ", 260),
            Step("annual_plan", "青山县{y}年城镇保障性安居工程年度建设计划", "QSZJJ", 200),
            Step("plan_progress", "青山县{y}年城镇保障性安居工程建设计划完成情况（二季度）", "QSZJJ", 100),
            Step("plan_progress", "青山县{y}年城镇保障性安居工程建设计划完成情况（三季度）", "QSZJJ", 25, state=Status.SUBMITTED),
        ),
    ),
    DemoMatter(
        "农村危房改造", HOUSING, "石门镇{y}年农村危房改造", "SMZ-WF-{y}", "SMZJS", "84000.00",
        "对经认定的 6 户农村低收入群体危房实施改造，户均补助 1.4 万元，资金由中央、省级和县级财政补助。",
        {
            "rural_policy": {},
            "rural_standard": {"subsidy_standard": "C 级危房每户 1.2 万元，D 级危房每户 1.6 万元"},
            "rural_identification": {
                "households": "6",
                "identification_process": "农户自愿申请，村民小组评议并在村务公开栏公示 7 天，镇人民政府审核，"
                "县住房和城乡建设局组织房屋危险性鉴定后审批。",
            },
            "rural_funds": {"households": "6", "subsidy_amount": "84000.00", "subsidy_standard": "C 级危房每户 1.2 万元，D 级危房每户 1.6 万元"},
            "rural_result": {"households": "6", "renovated_households": "4", "subsidy_amount": "84000.00"},
        },
        (
            Step("rural_policy", "石门镇{y}年农村低收入群体等重点对象危房改造实施方案", "SMZJS", 150),
            Step("rural_standard", "石门镇{y}年农村危房改造补助标准", "SMZJS", 140),
            Step("rural_identification", "石门镇{y}年农村危房改造对象认定结果公示", "SMZJS", 60, name_list="rural"),
            Step("rural_funds", "石门镇{y}年农村危房改造补助资金分配情况", "SMZJS", 30),
            Step("rural_result", "石门镇{y}年农村危房改造建设结果（竣工验收情况）", "SMZJS", 5),
        ),
        jurisdiction="SMZ",
    ),
    # --- 国有土地使用权出让 -------------------------------------------------------------------------
    DemoMatter(
        "07号宗地", LAND, "青山县城东片区青山〔{y}〕07号宗地国有建设用地使用权挂牌出让", "青山〔{y}〕07号", "QSZRZY",
        "52960000.00", "宗地位于青山县城东片区学府路以北，规划为住宅用地，容积率不大于 2.2，建筑密度不大于 28%。",
        {
            "notice": {"parcel_no": "青山〔{y}〕07号", "location": "青山县城东片区学府路以北、兴城路以东", "area_sqm": "26480.35",
                       "land_use": "residential", "term_years": "70", "starting_price": "52960000.00"},
            "result": {"parcel_no": "青山〔{y}〕07号", "transferee": "云岭嘉和置业有限公司", "deal_price": "61880000.00"},
            "performance": {
                "parcel_no": "青山〔{y}〕07号", "contract_no": "5331232026B00731", "transferee": "云岭嘉和置业有限公司",
                "agreed_start": "{yn}-03-01", "agreed_completion": "{yn3}-02-28",
                "performance": "出让价款 6,188 万元已于合同签订后 30 日内缴清；宗地已交付，受让人正在办理建设工程规划许可。",
            },
            "credit_list": {},
        },
        (
            Step("notice", "国有建设用地使用权挂牌出让公告（青山〔{y}〕07号宗地）", "QSZRZY", 150, doc_no="青自然资告字〔{y}〕7号"),
            Step("result", "国有建设用地使用权出让结果公示（青山〔{y}〕07号宗地）", "QSGGZY", 105),
            Step("performance", "青山〔{y}〕07号宗地国有建设用地使用权出让合同履约情况", "QSZRZY", 40),
            Step("credit_list", "国有土地使用权出让领域严重失信主体名单（{y}年第一期）", "QSZRZY", 28),
        ),
    ),
    DemoMatter(
        "12号宗地", LAND, "青山县工业园区青山〔{y}〕12号宗地国有建设用地使用权挂牌出让", "青山〔{y}〕12号", "QSZRZY",
        "8650000.00", "宗地位于青山县工业园区纬二路南侧，规划为工业用地，投资强度不低于 180 万元/亩。",
        {
            "notice": {"parcel_no": "青山〔{y}〕12号", "location": "青山县工业园区纬二路南侧", "area_sqm": "33466.70",
                       "land_use": "industrial", "term_years": "50", "starting_price": "8650000.00"},
        },
        (Step("notice", "国有建设用地使用权挂牌出让公告（青山〔{y}〕12号宗地）", "QSZRZY", 12),),
    ),
    DemoMatter(
        "31号宗地", LAND, "青山县城南新区青山〔{y}〕31号宗地国有建设用地使用权拍卖出让", "青山〔{y}〕31号", "QSZRZY",
        "23400000.00", "宗地位于青山县城南新区站前大道东侧，规划为商服用地，出让年限 40 年。",
        {
            "notice": {"parcel_no": "青山〔{y}〕31号", "location": "青山县城南新区站前大道东侧", "area_sqm": "9860.00",
                       "land_use": "commercial", "term_years": "40", "starting_price": "23400000.00"},
            "result": {"parcel_no": "青山〔{y}〕31号", "transferee": "青山县南城商贸有限公司", "deal_price": "24150000.00"},
        },
        (Step("notice", "国有建设用地使用权拍卖出让公告（青山〔{y}〕31号宗地）", "QSZRZY", 70),),
    ),
    DemoMatter(
        "05号宗地", LAND, "青山县工业园区青山〔{yl}〕05号宗地国有建设用地使用权挂牌出让", "青山〔{yl}〕05号", "QSZRZY",
        "4380000.00", "宗地位于青山县工业园区纬一路北侧，规划为工业用地（标准厂房），约定一年内竣工。",
        {
            "notice": {"parcel_no": "青山〔{yl}〕05号", "location": "青山县工业园区纬一路北侧", "area_sqm": "16820.00",
                       "land_use": "industrial", "term_years": "50", "starting_price": "4380000.00"},
            "result": {"parcel_no": "青山〔{yl}〕05号", "transferee": "青山县宏达农产品加工有限公司", "deal_price": "4520000.00"},
            "performance": {
                "parcel_no": "青山〔{yl}〕05号", "contract_no": "5331232025B00512", "transferee": "青山县宏达农产品加工有限公司",
                "agreed_start": "{yl}-03-01", "agreed_completion": "{y}-02-28", "actual_start": "{yl}-02-20",
                "actual_completion": "{y}-01-15", "performance": "出让价款已缴清，按约定动工、竣工，投资强度 196 万元/亩，达到约定标准。",
            },
            "acceptance": {
                "parcel_no": "青山〔{yl}〕05号", "contract_no": "5331232025B00512", "transferee": "青山县宏达农产品加工有限公司",
                "accepted_on": "{d30}", "acceptance_result": "passed",
            },
        },
        (
            Step("notice", "国有建设用地使用权挂牌出让公告（青山〔{yl}〕05号宗地）", "QSZRZY", 360),
            Step("result", "国有建设用地使用权出让结果公示（青山〔{yl}〕05号宗地）", "QSGGZY", 330),
            Step("performance", "青山〔{yl}〕05号宗地国有建设用地使用权出让合同履约情况", "QSZRZY", 120),
            Step("acceptance", "青山〔{yl}〕05号宗地出让合同履约验收（竣工核验）结果", "QSZRZY", 25),
        ),
    ),
    # --- 矿业权出让 -------------------------------------------------------------------------------
    DemoMatter(
        "大箐沟", MINING, "青山县石门镇大箐沟建筑用石料矿采矿权挂牌出让", "QS-CK-{y}-03", "QSZRZY", "8600000.00",
        "矿区面积 0.1862 平方公里，开采标高 1,860～1,720 米，生产规模 30 万吨/年，出让年限 10 年。",
        {
            "approval": {"right_type": "mining"},
            "notice": {"right_type": "mining", "mineral": "建筑用灰岩", "mining_area": "石门镇大箐沟村，拐点坐标见附件",
                       "starting_price": "8600000.00"},
            "result": {"right_type": "mining", "transferee": "青山县石门建材有限公司", "deal_price": "12350000.00"},
            "credit_list": {},
        },
        (
            Step("approval", "青山县石门镇大箐沟建筑用石料矿采矿权出让方案批复", "QSZRZY", 180),
            Step("notice", "青山县石门镇大箐沟建筑用石料矿采矿权挂牌出让公告", "QSZRZY", 140),
            Step("result", "青山县石门镇大箐沟建筑用石料矿采矿权出让结果公示", "QSZRZY", 110),
            Step("credit_list", "矿业权出让领域严重失信主体名单（{y}年）：本期无新列入主体", "QSZRZY", 50),
        ),
    ),
    DemoMatter(
        "老厂金矿", MINING, "青山县白水镇老厂金矿探矿权挂牌出让", "QS-TK-{y}-01", "QSZRZY", "3200000.00",
        "勘查面积 6.85 平方公里，勘查矿种为金矿，勘查期限 5 年。",
        {
            "notice": {"right_type": "exploration", "mineral": "金矿", "mining_area": "白水镇老厂村一带，勘查面积 6.85 平方公里",
                       "starting_price": "3200000.00"},
        },
        (Step("notice", "青山县白水镇老厂金矿探矿权挂牌出让公告", "QSZRZY", 15),),
    ),
    # --- 政府采购 -----------------------------------------------------------------------------------
    DemoMatter(
        "课桌椅采购", PROCUREMENT, "青山县教育局学生课桌椅采购项目", "QSCG{y}-015", "QSCZJ", "3280000.00",
        "为全县 12 所义务教育学校采购可升降学生课桌椅 6,800 套，交货期 60 日。",
        {
            "notice": {"project_no": "QSCG{y}-015", "budget": "3280000.00", "method": "open"},
            "result": {"project_no": "QSCG{y}-015", "budget": "3280000.00", "supplier": "云岭育才教学设备有限公司", "deal_amount": "3046500.00"},
            "contract": {"project_no": "QSCG{y}-015", "budget": "3280000.00", "supplier": "云岭育才教学设备有限公司", "deal_amount": "3046500.00"},
            "performance": {"project_no": "QSCG{y}-015", "supplier": "云岭育才教学设备有限公司", "deal_amount": "3046500.00",
                            "performance": "6,800 套课桌椅已按合同分三批交付 12 所学校，预付款 30% 已支付，无合同变更。"},
            "acceptance": {"project_no": "QSCG{y}-015", "supplier": "云岭育才教学设备有限公司", "accepted_on": "{d30}",
                           "acceptance_result": "passed"},
            "credit_record": {
                "project_no": "QSCG{y}-015", "party": "云岭恒达建筑工程有限公司",
                "violation": "在本项目中与其他供应商串通投标，提供虚假业绩材料谋取中标。",
                "penalty_basis": "《中华人民共和国政府采购法》第七十七条第一款第（一）项、第（三）项",
                "penalty_result": "处采购金额千分之八的罚款，列入不良行为记录名单，三年内禁止参加政府采购活动。",
                "decision_date": "{d120}",
            },
            "credit_list": {},
        },
        (
            Step("notice", "青山县教育局学生课桌椅采购项目公开招标公告", "QSGGZY", 160),
            Step("result", "青山县教育局学生课桌椅采购项目中标（成交）结果公告", "QSGGZY", 130),
            Step("contract", "青山县教育局学生课桌椅采购项目政府采购合同", "QSJYJ", 120),
            Step("credit_record", "青山县财政局关于云岭恒达建筑工程有限公司政府采购违法失信行为的处理决定", "QSCZJ", 120, doc_no="青财采罚〔{y}〕3号"),
            Step("credit_list", "政府采购领域严重失信主体名单（{y}年第一期）", "QSCZJ", 115),
            Step("performance", "青山县教育局学生课桌椅采购项目合同履约情况", "QSJYJ", 60),
            Step("acceptance", "青山县教育局学生课桌椅采购项目履约验收结果公告", "QSJYJ", 30),
        ),
        purchaser=("青山县教育局", "11533123015012240"),
    ),
    DemoMatter(
        "集中采购机构考核", PROCUREMENT, "青山县{yl}年度政府集中采购机构考核", "QSCGKH-{yl}", "QSCZJ", None,
        "县财政局对县公共资源交易中心（政府集中采购机构）{yl}年度的采购价格、节约资金效果、服务质量、信誉状况和有无违法行为进行考核。",
        {"assessment": {"agency": "青山县公共资源交易中心", "assessment_year": "{yl}",
                        "assessment_result": "考核得分 92 分，等次为优秀；采购资金节约率 6.8%，采购文件编制和档案管理有 2 项需整改。"}},
        (Step("assessment", "青山县财政局关于{yl}年度政府集中采购机构考核结果的通报", "QSCZJ", 240),),
    ),
    DemoMatter(
        "智慧政务平台", PROCUREMENT, "青山县智慧政务平台建设项目", "QSCG{y}-022", "QSCZJ", "4860000.00",
        "建设县级政务服务“一网通办”平台、电子证照库和“好差评”系统，建设期 8 个月。",
        {"notice": {"project_no": "QSCG{y}-022", "budget": "4860000.00", "method": "competitive_consultation"}},
        (Step("notice", "青山县智慧政务平台建设项目竞争性磋商公告", "QSGGZY", 18),),
        purchaser=("青山县人民政府办公室", "11533123015010018"),
    ),
    DemoMatter(
        "医疗设备采购", PROCUREMENT, "青山县人民医院医疗设备采购项目", "QSCG{y}-031", "QSCZJ", "7950000.00",
        "采购 64 排螺旋 CT 1 台、彩色多普勒超声诊断仪 2 台、全自动生化分析仪 1 台。",
        {
            "notice": {"project_no": "QSCG{y}-031", "budget": "7950000.00", "method": "open"},
            "result": {"project_no": "QSCG{y}-031", "budget": "7950000.00", "supplier": "云岭康宁医疗器械有限公司", "deal_amount": "7628000.00"},
        },
        (Step("notice", "青山县人民医院医疗设备采购项目公开招标公告", "QSGGZY", 45),),
        purchaser=("青山县人民医院", "12533123MB0T6E2F1"),  # also the 项目法人 of its 住院综合楼 (demo/projects.py)
    ),
    # --- 国有产权交易 -------------------------------------------------------------------------------
    DemoMatter(
        "青山宾馆股权", PROPERTY, "青山县国有资产经营有限公司所持青山宾馆有限公司100%股权转让", "QSCQ{y}-02", "QSCZJ",
        "18600000.00", "经县人民政府批准，在云岭州公共资源交易中心公开挂牌转让，受让方须承接现有员工 46 人。",
        {
            "decision": {},
            "audit": {"auditor": "云岭天衡资产评估有限公司", "audit_result": "净资产评估值 1,843.27 万元（资产基础法）"},
            "project": {"reserve_price": "18600000.00"},
            "result": {"reserve_price": "18600000.00", "transferee": "云岭文旅酒店管理有限公司", "deal_price": "19420000.00"},
            "credit_list": {},
        },
        (
            Step("decision", "关于同意转让青山宾馆有限公司100%股权的批复", "QSCZJ", 230, doc_no="青财资〔{y}〕18号"),
            Step("audit", "青山宾馆有限公司股权转让项目资产评估结果公示", "QSCZJ", 200),
            Step("project", "青山宾馆有限公司100%股权转让项目信息披露", "QSCZJ", 180),
            Step("result", "青山宾馆有限公司100%股权转让交易结果公告", "QSCZJ", 140),
            Step("credit_list", "国有产权交易领域严重失信主体名单（{y}年）：本期无新列入主体", "QSCZJ", 50),
        ),
    ),
    DemoMatter(
        "青山水务有限公司股权转让", PROPERTY, "青山县城投公司所持青山水务有限公司股权转让项目", "QSCQ{y}-05", "QSCZJ",
        "36500000.00", "转让青山县城市建设投资开发有限公司所持青山水务有限公司 49% 股权。",
        {
            "decision": {},
            "project": {"reserve_price": "36500000.00"},
        },
        (Step("decision", "关于同意转让青山水务有限公司49%股权的批复", "QSCZJ", 40, doc_no="青财资〔{y}〕31号"),),
    ),
    # --- 工程建设项目招标投标 ---------------------------------------------------------------------------
    DemoMatter(
        "住院综合楼施工总承包", BIDDING, "青山县人民医院住院综合楼建设项目施工总承包", "QSZB{y}-041", "QSGGZY", "188500000.00",
        "施工总承包，含土建、安装及室外配套工程，计划工期 900 日历天。",
        {
            "tender_notice": {"bid_section": "施工总承包"},
            "candidates": {"bid_section": "施工总承包", "candidates": "第一名：云岭建工第三建设有限公司；第二名：云岭城建集团有限公司；第三名：滇西建设工程有限公司"},
            "award": {"bid_section": "施工总承包", "winner": "云岭建工第三建设有限公司", "amount": "182365000.00"},
            "contract": {"bid_section": "施工总承包", "winner": "云岭建工第三建设有限公司", "amount": "182365000.00"},
        },
        (
            Step("tender_notice", "青山县人民医院住院综合楼建设项目施工总承包招标公告", "QSGGZY", 200),
            Step("candidates", "青山县人民医院住院综合楼建设项目施工总承包中标候选人公示", "QSGGZY", 150),
            Step("award", "青山县人民医院住院综合楼建设项目施工总承包中标结果公告", "QSGGZY", 140),
            Step("contract", "青山县人民医院住院综合楼建设项目施工总承包合同订立情况", "QSWJW", 125),
        ),
        project="青山县人民医院住院综合楼建设项目",
    ),
    DemoMatter(
        "公路改扩建工程监理", BIDDING, "青山县城至白水镇公路改扩建工程施工监理", "QSZB{y}-052", "QSGGZY", "6280000.00",
        "施工监理一个标段，监理服务期 30 个月。",
        {
            "tender_notice": {"bid_section": "施工监理 JL1 标段"},
            "candidates": {"bid_section": "施工监理 JL1 标段", "candidates": "第一名：滇西公路工程监理咨询有限公司；第二名：云岭交通工程咨询有限公司"},
        },
        (
            Step("tender_notice", "青山县城至白水镇公路改扩建工程施工监理招标公告", "QSGGZY", 35),
            Step("candidates", "青山县城至白水镇公路改扩建工程施工监理中标候选人公示", "QSGGZY", 8, state=Status.REVIEWED),
        ),
        project="青山县城至白水镇公路改扩建工程",
    ),
]


# ---------------------------------------------------------------------------------------------
# People named by the housing allocation lists (fictional; masked whenever they leave the building)
# ---------------------------------------------------------------------------------------------
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_number(region: str, born: datetime.date, sequence: int) -> str:
    """A valid-looking 18-digit 居民身份证号码 (GB 11643 check digit) for a fictional person."""
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


# name, born, sequence, mobile, 社区/村, household size
APPLICANTS = [
    ("杨丽华", datetime.date(1986, 3, 14), 262, "13908826145", "城北社区", 3),
    ("李建国", datetime.date(1972, 11, 2), 171, "15887264310", "城东社区", 4),
    ("张秀英", datetime.date(1965, 7, 21), 382, "18788125607", "南门社区", 2),
    ("段学文", datetime.date(1991, 1, 9), 215, "13529186472", "城北社区", 1),
    ("刘桂芳", datetime.date(1979, 5, 30), 446, "15126653918", "西山社区", 3),
    ("陈志刚", datetime.date(1983, 9, 17), 133, "18213047785", "城东社区", 4),
    ("赵玉兰", datetime.date(1958, 12, 3), 528, "13769261534", "南门社区", 2),
    ("尹正华", datetime.date(1988, 4, 26), 357, "15969183207", "西山社区", 3),
    ("杨春梅", datetime.date(1994, 8, 11), 284, "18908823651", "城北社区", 2),
    ("欧阳明轩", datetime.date(1990, 2, 28), 119, "13378206495", "城东社区", 3),
]
RURAL_HOUSEHOLDS = [
    ("李正富", datetime.date(1961, 6, 8), 135, "13887120946", "石门镇大箐沟村", 4, "16000.00", "D 级危房，原址翻建"),
    ("赵文芝", datetime.date(1957, 10, 19), 244, "15987351028", "石门镇新寨村", 2, "12000.00", "C 级危房，加固改造"),
    ("王有才", datetime.date(1969, 3, 2), 319, "18287160533", "石门镇大箐沟村", 5, "16000.00", "D 级危房，原址翻建"),
    ("杨发荣", datetime.date(1975, 12, 25), 173, "13577129864", "石门镇河头村", 3, "12000.00", "C 级危房，加固改造"),
    ("周美英", datetime.date(1963, 8, 14), 426, "15812308417", "石门镇新寨村", 1, "12000.00", "C 级危房，加固改造"),
    ("马家顺", datetime.date(1980, 4, 7), 257, "13618842390", "石门镇河头村", 4, "16000.00", "D 级危房，拆除重建"),
]
REGION = "533123"


def name_list_entries(key: str) -> list[dict]:
    if key == "rural":
        return [
            {"name": name, "id_number": id_number(REGION, born, seq), "phone": phone, "locality": village,
             "household_size": size, "amount": amount, "note": note}
            for name, born, seq, phone, village, size, amount, note in RURAL_HOUSEHOLDS
        ]
    people = APPLICANTS if key == "targets" else APPLICANTS[:8]
    rows = []
    for index, (name, born, seq, phone, community, size) in enumerate(people):
        if key == "targets":
            note = "城镇中等偏下收入住房困难家庭" if index % 3 else "新就业无房职工"
            amount = None
        else:
            note = f"城北公租房 {3 + index % 2} 栋 {1 + index % 3} 单元 {index // 3 + 2}0{index % 4 + 1} 室"
            amount = f"{380 + (size * 60)}.00"  # 月租金
        rows.append({"name": name, "id_number": id_number(REGION, born, seq), "phone": phone, "locality": community,
                     "household_size": size, "amount": amount, "note": note})
    return rows


NAME_LISTS = {
    "targets": {"notice_days": 7, "scope": "public"},
    "result": {"notice_days": 7, "scope": "public"},
    "rural": {"notice_days": 7, "scope": "specific", "scope_description": "石门镇大箐沟村、新寨村、河头村村务公开栏"},
}


# ---------------------------------------------------------------------------------------------
# 黑名单
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoEntry:
    subject_name: str
    code17: str  # 17 characters of the 统一社会信用代码; "" for a natural person
    area: str
    basis: str
    conduct: str
    decision: str
    decision_no: str
    authority: str
    department: str
    starts_days_ago: int
    months: int
    list_type: str = CreditList.SERIOUS
    basis_detail: str = ""
    statement: str = CreditStatement.NONE
    statement_note: str = ""
    person_id: tuple = ()  # (region, born, sequence) of a natural person's fictional ID number
    repaired_days_ago: int | None = None  # 信用修复 that many days ago
    repair_reason: str = ""


BLACKLIST = [
    DemoEntry(
        "云岭恒达建筑工程有限公司", "91533123MA6KJ81QX", PROCUREMENT, CreditBasis.PROCUREMENT_LAW_77,
        "在青山县教育局学生课桌椅采购项目中与其他供应商串通投标，提供虚假业绩材料谋取中标。",
        "列入政府采购严重违法失信行为记录名单，处采购金额千分之八的罚款，三年内禁止参加政府采购活动。",
        "青财采罚〔{p}〕3号", "青山县财政局", "QSCZJ", 120, 36,
        basis_detail="第七十七条第一款第（一）项、第（三）项",
        statement=CreditStatement.REJECTED,
        statement_note="当事人书面申辩称业绩材料系分包单位提供；经核实，投标文件由其法定代表人签章提交，申辩理由不成立。",
    ),
    DemoEntry(
        "云岭宏基置业有限公司", "91533123MA6KL27R4", LAND, CreditBasis.OTHER_LAW,
        "竞得青山〔{p}〕19号宗地后，未按出让合同约定期限缴纳土地出让价款，经催告后仍未缴清。",
        "解除出让合同，不予退还竞买保证金，两年内不得参加本县国有建设用地使用权竞买。",
        "青自然资罚〔{p}〕5号", "青山县自然资源局", "QSZRZY", 30, 24,
        basis_detail="《国土资源部关于加强房地产用地供应和监管有关问题的通知》（国土资发〔2010〕34号）",
    ),
    DemoEntry(
        "青山县顺达房地产经纪有限公司", "91533123MA6KM35T8", HOUSING, CreditBasis.OTHER_LAW,
        "为 3 户申请人伪造收入证明和无房证明，协助骗取公共租赁住房保障资格。",
        "列入住房保障领域不良行为“黑名单”，两年内不得从事本县保障性住房相关中介代理业务。",
        "青住建罚〔{p}〕2号", "青山县住房和城乡建设局", "QSZJJ", 800, 24,
        basis_detail="《房地产经纪管理办法》（住房和城乡建设部、国家发展改革委、人力资源社会保障部令第8号）",
    ),
    # A natural person who 骗取 a 公共租赁住房: shown masked (王*明) on every public door.
    DemoEntry(
        "王建明", "", HOUSING, CreditBasis.PUBLIC_RENTAL_HOUSING,
        "隐瞒名下商品住房一套，以虚假无房证明承租城北公共租赁住房 3 栋 1 单元 502 室。",
        "收回所承租的公共租赁住房，按市场租金补缴租金差额，五年内不得再次申请公共租赁住房。",
        "青住建罚〔{p}〕9号", "青山县住房和城乡建设局", "QSZJJ", 45, 60,
        statement=CreditStatement.PARTLY,
        statement_note="当事人陈述已主动退房；经核实属实，补缴期限延长至 90 日，列入决定维持。",
        person_id=("533123", datetime.date(1979, 4, 16), 358),
    ),
    # Welfare area (seed 002 §四(三)3 食品企业“黑名单”).
    DemoEntry(
        "青山县味美食品有限公司", "91533123MA6KP41W2", FOOD_SAFETY, CreditBasis.MARKET_REGULATION,
        "生产销售添加非食用物质的腌腊肉制品，货值金额 6.8 万元，被吊销食品生产许可证。",
        "列入市场监督管理严重违法失信名单，实施重点监管，法定代表人五年内不得从事食品生产经营管理工作。",
        "青市监罚〔{p}〕21号", "青山县市场监督管理局", "QSWJW", 60, 36,
        basis_detail="第二条、第九条",
    ),
    # 信用修复: taken off the public list before its period ended, with the reason.
    DemoEntry(
        "青山县鑫源商贸有限公司", "91533123MA6KQ52Y6", PROCUREMENT, CreditBasis.PROCUREMENT_LAW_77,
        "在青山县机关办公用品协议供货中，未按合同约定供货且拒不整改。",
        "列入不良行为记录名单，一年内禁止参加政府采购活动。",
        "青财采罚〔{p}〕1号", "青山县财政局", "QSCZJ", 200, 12,
        repaired_days_ago=10,
        repair_reason="当事人已全部履行合同义务、缴清罚款，作出信用承诺并完成信用修复培训，经财政局核实同意提前移出。",
    ),
    # 红名单 (守信激励, seed 000 §三(三)).
    DemoEntry(
        "云岭育才教学设备有限公司", "91533123MA6KR63X0", PROCUREMENT, CreditBasis.RED_INCENTIVE,
        "连续三年政府采购合同履约验收全部合格，无违法失信记录。",
        "列入守信激励对象名单：政府采购活动中减免投标保证金、在“双随机、一公开”监管中降低抽查比例。",
        "青财采〔{p}〕15号", "青山县财政局", "QSCZJ", 90, 36,
        list_type=CreditList.RED, statement="",
    ),
    DemoEntry(
        "云岭建工第三建设有限公司", "91533123MA6KT74A8", MAJOR_PROJECTS, CreditBasis.RED_INCENTIVE,
        "承建的重大建设项目连续两年质量安全监督检查无违法违规行为，按期竣工。",
        "列入重大建设项目批准和实施领域守信激励对象名单：行政审批“绿色通道”、容缺受理。",
        "青发改〔{p}〕22号", "青山县发展和改革委员会", "QSFGW", 20, 24,
        list_type=CreditList.RED, statement="",
    ),
]


def credit_code(code17: str) -> str:
    return code17 + uscc_check_character(code17)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------
def _format(value, today: datetime.date):
    """Fill a spec's placeholders: {y} this year, {yl} last year, {yn}/{yn3} next year and three years on, {d30}
    and {d120} the days 30 and 120 days before today (ISO dates)."""
    if isinstance(value, str):
        return value.format(
            y=today.year, yl=today.year - 1, yn=today.year + 1, yn3=today.year + 3,
            d30=(today - datetime.timedelta(days=30)).isoformat(), d120=(today - datetime.timedelta(days=120)).isoformat(),
        )
    if isinstance(value, dict):
        return {key: _format(item, today) for key, item in value.items()}
    return value


def create_matters(county) -> dict[str, object]:
    """Register the matters (by their department's clerk). Returns them by key."""
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    matters = {}
    for spec in MATTERS:
        department = county.departments[spec.department]
        fields = {
            "area": spec.area,
            "name": _format(spec.name, county.today),
            "reference_no": _format(spec.reference_no, county.today),
            "jurisdiction": jurisdictions[spec.jurisdiction],
            "department": department,
            "amount": spec.amount,
            "description": _format(spec.description, county.today),
        }
        if spec.project:
            fields["project"] = county.subjects["projects"][spec.project]
        if spec.purchaser[0]:
            fields["purchaser"], fields["purchaser_uscc"] = spec.purchaser[0], credit_code(spec.purchaser[1])
        matters[spec.key] = services.matter_create(actor=county.people(department)[0], **fields)
    return matters


def spec_of(key: str) -> DemoMatter:
    return next(spec for spec in MATTERS if spec.key == key)


def matter_in_title(matters: dict, title: str):
    """The demo matter a record's title names (by its key), or None."""
    keys = [key for key in matters if key in title]
    return max(keys, key=len) if keys else None


def create_case_record(county, *, category: str, **fields):
    """A cross-domain deadline case (demo/cases.py) of this domain, linked to the matter its title names, with
    the matter's structured fields for the item type the title or 标准目录事项 says."""
    matters = county.subjects[services.DOMAIN]
    key = matter_in_title(matters, fields["title"])
    if key is None:
        raise ValueError(f"演示数据：“{fields['title']}”没有对应的公共资源配置事项。")
    spec, matter = spec_of(key), matters[key]
    entry = fields.get("catalogue_entry")
    by_entry = {code: item for (area, item), code in services.ITEM_ENTRIES.items() if area == category}
    item_type = by_entry.get(entry.code) if entry is not None else None
    if item_type is None:
        item_type = "result" if "结果" in fields["title"] else next(i for i in spec.details if i not in {s.item_type for s in spec.steps})
    fields.pop("domain", None)
    fields["category"] = category
    fields["details"] = _format(spec.details_for(item_type), county.today)
    department = fields.pop("department")
    return services.matter_record_create(matter=matter, department=department, **fields)


def build_records(county) -> None:
    """Each matter's records through matter_record_create and the workflow, oldest first; then the
    name lists, the 黑名单, and the two daily jobs (公示期, 黑名单期满) as they would have run."""
    entries = {entry.code: entry for entry in CatalogueEntry.objects.filter(domain=services.DOMAIN)}
    matters = county.subjects[services.DOMAIN]
    for spec in MATTERS:
        matter = matters[spec.key]
        for step in sorted(spec.steps, key=lambda s: -s.days_ago):
            department = county.departments[step.department]
            clerk, reviewer, signer = county.people(department)
            formed_on = county.today - datetime.timedelta(days=step.days_ago)
            title = _format(step.title, county.today)
            record = services.matter_record_create(
                actor=clerk,
                matter=matter,
                department=department,
                category=spec.area,
                catalogue_entry=entries.get(services.ITEM_ENTRIES.get((spec.area, step.item_type), "")),
                title=title,
                doc_no=_format(step.doc_no, county.today),
                **({"document_kind": DocumentKind.NORMATIVE, "validity": Validity.VALID} if step.normative else {}),
                written_on=formed_on,
                formed_on=formed_on,
                keywords=f"公共资源配置 {ResourceArea(spec.area).label}",
                body=BODY.format(
                    title=title, name=matter.name, department=department.name, description=matter.description,
                    reference=f"编号：{matter.reference_no}；" if matter.reference_no else "",
                ),
                details=_format(spec.details_for(step.item_type), county.today),
            )
            if step.name_list:
                namelist_services.name_list_save(
                    actor=clerk, disclosure=record, entries=name_list_entries(step.name_list), **NAME_LISTS[step.name_list]
                )
                if step.state == Status.PUBLISHED:
                    _publish_on(county, record, formed_on, working_days=1)
                    continue
            county.advance(record, step.state, clerk, reviewer, signer, formed_on)
    build_blacklist(county)
    namelist_services.end_notice_periods(today=county.today)


def _publish_on(county, record, formed_on: datetime.date, *, working_days: int) -> None:
    """Publish a record with a 公示期 a known number of working days after its formation."""
    clerk, reviewer, signer = county.people(record.department)
    disclosure_services.disclosure_submit(disclosure=record, actor=clerk)
    disclosure_services.disclosure_review(disclosure=record, actor=reviewer)
    if record.status != Status.PUBLISHED:
        disclosure_services.disclosure_sign(disclosure=record, actor=signer)
    county.backdate(record, formed_on, working_days=working_days)


def build_blacklist(county) -> None:
    """The 严重失信主体名单 (an organisation, a natural person, a welfare-area entry, one taken off by 信用修复, one
    whose period has ended) and the 红名单, through the services as clerks would enter them."""
    year = county.today.year
    for spec in BLACKLIST:
        department = county.departments[spec.department]
        starts_on = county.today - datetime.timedelta(days=spec.starts_days_ago)
        serious = spec.list_type == CreditList.SERIOUS
        clerk = county.people(department)[0]
        entry = services.blacklist_entry_create(
            actor=clerk,
            list_type=spec.list_type,
            subject_kind=CreditSubjectKind.PERSON if spec.person_id else CreditSubjectKind.ORGANIZATION,
            subject_name=spec.subject_name,
            uscc=credit_code(spec.code17) if spec.code17 else "",
            id_number=id_number(*spec.person_id) if spec.person_id else "",
            area=spec.area,
            basis=spec.basis,
            basis_detail=spec.basis_detail,
            conduct=spec.conduct.format(y=year, p=starts_on.year),
            decision=spec.decision,
            decision_no=spec.decision_no.format(y=year, p=starts_on.year),
            authority=spec.authority,
            notified_on=starts_on - datetime.timedelta(days=15) if serious else None,
            statement=spec.statement,
            statement_note=spec.statement_note,
            starts_on=starts_on,
            ends_on=add_months(starts_on, spec.months),
            department=department,
        )
        if spec.repaired_days_ago is not None:
            services.blacklist_entry_repair(
                actor=clerk, entry=entry, repaired_on=county.today - datetime.timedelta(days=spec.repaired_days_ago),
                reason=spec.repair_reason,
            )
    services.blacklist_expire(today=county.today)


DEMO = DomainDemo(subjects=create_matters, records=build_records, case_record=create_case_record)
