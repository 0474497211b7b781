"""
Demo data of the welfare domain, built by `seed_demo` inside its transaction (`DEMO` below).

Programmes of 青山县 in all seven areas (one of 白水镇), each with the records a citizen looks for:
policies — the 城乡低保 standard with its 政策解读, linked both ways —, standards (元/人·月), a fund
table (several 资金分配 records whose 已拨付 never exceeds the amount), and the area's own items
(扶贫项目, 免疫规划, 设施名录, 环评审批, 重污染天气预警, 灾后重建…). A recent flood has an urgent
应急处置动态, published within its 1 working day. Beneficiaries are kernel name lists of fictional
people with valid-looking ID numbers and phones, masked on every public door: a 低保 list inside its
公示期, an earlier one past it, and a 特困供养 list for 白水村's 村务公开栏 only (特定区域特定群体).
Some records are still in the workflow.

Everything goes through `welfare.services`, `namelists.services` and the kernel's workflow services,
as users would. Dates are relative to the day the demo is built and nothing is random here: the
county's seeded generator back-dates the publications (or the working days are given).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from disclosures import services as disclosure_services
from disclosures.choices import DocumentKind, Status, Validity
from namelists import services as namelist_services
from namelists.models import Scope
from organizations.models import Jurisdiction
from welfare import services
from welfare.choices import WelfareArea
from welfare.selectors import item_type_label

from .county import DomainDemo

REGION = "533123"  # 青山县's (demo) administrative division code, as in its residents' ID numbers

BODY = (
    "<p>根据《中华人民共和国政府信息公开条例》和《关于推进社会公益事业建设领域政府信息公开的意见》要求，现将{title}公开如下。</p>"
    "<p>项目（工作）名称：{name}；主管部门：{department}；资金来源：{source}。</p>"
    "<p>{text}</p>"
    "<p>如对公开内容有异议，请在公开之日起 7 个工作日内向{department}反映，监督举报电话：{phone}。</p>"
)


@dataclass(frozen=True)
class Step:
    """One record of a programme: item type, title, age in days, structured fields and state."""

    item_type: str
    title: str
    days_ago: int
    details: dict = field(default_factory=dict)
    text: str = ""
    state: str = Status.PUBLISHED
    department: str = ""  # when not the programme's (财政局 publishes the 资金 of a 民政局 programme)
    urgent: bool = False
    working_days: int | None = None  # published that many working days after formation (None: the county's generator decides)
    name_list: str = ""  # key of NAME_LISTS, attached to the draft before it is submitted
    interpretation: str = ""  # title of this policy's 政策解读 (a step before it): linked both ways
    doc_no: str = ""
    normative: bool = False  # a 行政规范性文件 in force (年报 part 二)


@dataclass(frozen=True)
class DemoProgramme:
    area: str
    name: str
    department: str
    fund_source: str
    total_funds: str | None
    implementer: str
    target: str
    steps: tuple[Step, ...]
    jurisdiction: str = "QSX"
    starts_ago: int = 300  # 实施开始, days before today
    result: str = ""
    description: str = ""


def fund(amount: str, disbursed: str | None = None, recipients: int | None = None, *, source: str, usage: str = "",
         period: str = "", item_type: str = "fund") -> dict:
    details = {"item_type": item_type, "fund_source": source, "amount": amount}
    if disbursed is not None:
        details["disbursed"] = disbursed
    if recipients is not None:
        details["recipients"] = recipients
    if usage:
        details["usage"] = usage
    if period:
        details["period"] = period
    return details


def programmes(today: datetime.date) -> list[DemoProgramme]:
    y = today.year

    def ago(days: int) -> str:
        return (today - datetime.timedelta(days=days)).isoformat()

    flood = today - datetime.timedelta(days=4)
    event = f"“{flood.month}·{flood.day}”"
    return [
        DemoProgramme(
            WelfareArea.SOCIAL_ASSISTANCE, f"青山县{y}年城乡最低生活保障", "QSMZJ", "中央和省级困难群众救助补助资金、县级财政配套",
            "88400000.00", "青山县民政局社会救助股，责任人：杨建华",
            "城乡低保对象应保尽保，保障标准动态调整，资金按月足额发放到户。",
            (
                Step("policy", "《关于调整城乡最低生活保障标准的通知》政策解读", 120,
                     text="一、调整背景；二、调整内容：城市低保标准由每人每月 690 元提高到 720 元，农村低保标准由每人每年 5,760 元提高到 6,240 元；三、执行时间。",
                     working_days=6),
                Step("policy", "关于调整城乡最低生活保障标准的通知", 120, doc_no=f"青民发〔{y}〕12号", normative=True,
                     interpretation="《关于调整城乡最低生活保障标准的通知》政策解读",
                     text="经县人民政府同意，自本年度 7 月 1 日起调整全县城乡最低生活保障标准。", working_days=6),
                Step("standard", f"青山县{y}年城市最低生活保障标准", 118,
                     {"item_type": "standard", "standard": "城市低保标准", "amount_per_person_month": "720.00", "period": f"{y}年7月起"},
                     text="城市低保标准为每人每月 720 元，按家庭人均收入低于标准的差额发放。"),
                Step("standard", f"青山县{y}年农村最低生活保障标准", 118,
                     {"item_type": "standard", "standard": "农村低保标准每人每年 6,240 元", "amount_per_person_month": "520.00",
                      "period": f"{y}年7月起"},
                     text="农村低保标准为每人每年 6,240 元（每人每月 520 元）。"),
                Step("procedure", "城乡最低生活保障申请审批程序", 200,
                     text="申请 → 乡镇（街道）受理 → 家庭经济状况核查 → 入户调查 → 民主评议 → 乡镇审核公示 → 县民政局审批 → 按月发放。"),
                Step("fund", f"{y}年第一季度城乡低保资金分配情况", 240,
                     fund("21300000.00", "21300000.00", 8930, source="中央和省级困难群众救助补助资金", usage="按月发放至保障对象“一卡通”账户",
                          period=f"{y}年第一季度"), department="QSCZJ"),
                Step("fund", f"{y}年第二季度城乡低保资金分配情况", 150,
                     fund("21650000.00", "21650000.00", 9012, source="中央和省级困难群众救助补助资金", usage="按月发放至保障对象“一卡通”账户",
                          period=f"{y}年第二季度"), department="QSCZJ"),
                Step("fund", f"{y}年第三季度城乡低保资金分配情况", 60,
                     fund("22480000.00", "16860000.00", 9108, source="中央和省级困难群众救助补助资金、县级财政配套",
                          usage="7、8 月已发放，9 月资金正在拨付", period=f"{y}年第三季度"), department="QSCZJ"),
                Step("fund", f"{y}年第四季度城乡低保资金预拨情况", 5,
                     fund("22800000.00", "0.00", 9150, source="中央和省级困难群众救助补助资金", period=f"{y}年第四季度"),
                     department="QSCZJ", state=Status.DRAFT),
                Step("beneficiaries", f"青山县{y}年第二批城乡低保新增对象公示", 40, name_list="dibao_ended", working_days=3,
                     text="经申请、核查、民主评议和审核，拟新增以下城乡低保对象，公示期 7 天。"),
                Step("beneficiaries", f"青山县{y}年第三批城乡低保新增对象公示", 2, name_list="dibao_current", working_days=1,
                     text="经申请、核查、民主评议和审核，拟新增以下城乡低保对象，现予公示。公示期内如有异议，请向县民政局反映。"),
            ),
            starts_ago=320, description="全县城乡低保对象约 9,100 人，按月发放低保金。",
        ),
        DemoProgramme(
            WelfareArea.SOCIAL_ASSISTANCE, f"白水镇{y}年特困人员救助供养", "BSZSH", "中央和省级困难群众救助补助资金",
            "1860000.00", "白水镇社会事务办公室，责任人：李志强",
            "特困人员基本生活、照料护理和疾病治疗应保尽保。",
            (
                Step("standard", f"白水镇{y}年特困人员基本生活标准", 90,
                     {"item_type": "standard", "standard": "不低于当地低保标准的 1.3 倍", "amount_per_person_month": "936.00"}),
                Step("beneficiaries", f"白水镇白水村{y}年特困人员救助供养对象公示", 2, name_list="tekun_village", working_days=1,
                     text="本名单在白水村村务公开栏张贴公示，不在网站公开。"),
            ),
            jurisdiction="BSZ", starts_ago=280,
        ),
        DemoProgramme(
            WelfareArea.POVERTY_ALLEVIATION, f"青山县{y}年度财政衔接推进乡村振兴补助资金项目", "QSXCZX",
            "中央、省级财政衔接推进乡村振兴补助资金", "48600000.00", "青山县乡村振兴局项目股，责任人：赵海涛",
            "巩固拓展脱贫攻坚成果，支持脱贫村产业发展和基础设施建设，带动脱贫人口稳定增收。",
            (
                Step("policy", f"青山县{y}年度财政衔接推进乡村振兴补助资金项目计划公示", 280,
                     text="本年度共安排项目 46 个，其中产业发展类 28 个、基础设施类 14 个、就业帮扶类 4 个。"),
                Step("project", "白水镇茶叶初制所提质改造扶贫项目", 250,
                     fund("1860000.00", "1860000.00", 312, source="中央财政衔接推进乡村振兴补助资金",
                          usage="新建茶叶初制所 1 座、购置加工设备 12 台套，带动脱贫户 312 户"), working_days=8),
                Step("project", "石门镇肉牛养殖产业扶贫项目", 230,
                     fund("2400000.00", "1680000.00", 186, source="省级财政衔接推进乡村振兴补助资金",
                          usage="新建标准化牛舍 6,000 平方米，已完成主体工程")),
                Step("fund", f"{y}年度衔接资金分配和使用情况（上半年）", 130,
                     fund("48600000.00", "31200000.00", 46, source="中央、省级财政衔接推进乡村振兴补助资金", period=f"{y}年上半年")),
                Step("acceptance", "白水镇茶叶初制所提质改造项目竣工验收结果公告", 150,
                     {"item_type": "acceptance", "accepted_on": ago(152), "acceptance_unit": "青山县乡村振兴局、县财政局联合验收组",
                      "acceptance_result": "passed", "acceptance_findings": "项目按批复内容建成，资金使用规范；验收组要求完善联农带农协议台账。"},
                     working_days=3),
                Step("helpers", f"青山县{y}年帮扶责任人名单公示", 210, text="全县共安排帮扶责任人 1,286 名，联系脱贫户和监测对象 5,320 户。"),
                Step("outcome", f"青山县{y}年上半年巩固拓展脱贫攻坚成果情况", 100, state=Status.SUBMITTED),
            ),
            starts_ago=300,
        ),
        DemoProgramme(
            WelfareArea.EDUCATION, f"青山县{y}年家庭经济困难学生资助", "QSJYJ", "中央和省级学生资助补助资金、县级配套",
            "12680000.00", "青山县学生资助管理中心，责任人：陈国栋",
            "家庭经济困难学生资助全覆盖，不让一个学生因家庭经济困难而失学。",
            (
                Step("policy", f"青山县{y}年学生资助政策简介", 250, text="学前教育、义务教育、普通高中、中职教育学生资助政策和申请程序。"),
                Step("standard", "普通高中国家助学金资助标准", 240,
                     {"item_type": "standard", "standard": "平均每生每年 2,000 元，分 1,500、2,000、2,500 元三档"}),
                Step("fund", f"{y}年春季学期学生资助资金发放情况", 170,
                     fund("5860000.00", "5860000.00", 6420, source="中央和省级学生资助补助资金", period=f"{y}年春季学期")),
                Step("student_aid", f"{y}年秋季学期家庭经济困难学生认定工作方案", 45),
                Step("dropout", f"青山县{y}年控辍保学工作方案", 200, {"item_type": "dropout", "stage": "compulsory"}),
                Step("balanced_development", f"青山县{y}年县域义务教育优质均衡发展创建进展", 120,
                     {"item_type": "balanced_development", "stage": "compulsory", "balance_level": "quality_promoting",
                      "progress": "2015年通过义务教育发展基本均衡县国家督导评估认定；优质均衡发展 8 项资源配置指标已有 6 项达标，"
                      "计划于明年申请省级督导评估。"}, working_days=4),
                Step("private_school", "青山县民办学校年检结果公告", 150, text="全县 12 所民办学校年检合格 11 所、基本合格 1 所。"),
                Step("private_school", "青山县启明民办幼儿园办学信息公示", 60,
                     {"item_type": "private_school", "stage": "preschool", "school_name": "青山县启明幼儿园",
                      "licence_no": "教民153312370000012号", "school_quality": f"{y - 1}年度年检合格，保育教育质量评估等级为二级。",
                      "enrolment_area": "面向县城招收 3 至 6 周岁幼儿，今年秋季招生 90 人。", "fees": "保育教育费每生每月 680 元（县发展改革委备案）。"},
                     working_days=5),
            ),
            starts_ago=310,
        ),
        DemoProgramme(
            WelfareArea.HEALTH, f"青山县{y}年基本公共卫生服务项目", "QSWJW", "中央和省级基本公共卫生服务补助资金",
            "26500000.00", "青山县卫生健康委员会基层卫生股，责任人：王立新",
            "为城乡居民免费提供 12 类国家基本公共卫生服务，适龄儿童免疫规划疫苗接种率保持在 90% 以上。",
            (
                Step("immunization", f"青山县{y}年国家免疫规划疫苗接种工作方案", 260),
                Step("standard", f"{y}年基本公共卫生服务经费补助标准", 240,
                     {"item_type": "standard", "standard": "人均基本公共卫生服务经费补助标准 94 元"}),
                Step("fund", f"{y}年基本公共卫生服务项目资金分配情况", 200,
                     fund("26500000.00", "19875000.00", 281900, source="中央和省级基本公共卫生服务补助资金",
                          usage="按服务人口和绩效考核结果分配至乡镇卫生院、村卫生室")),
                Step("disease_control", f"青山县{y}年秋冬季传染病防控工作提示", 30),
                Step("food_safety_blacklist", "青山县食品安全严重违法生产经营者黑名单", 80),
                Step("emergency_aid", f"青山县{y}年疾病应急救助基金使用情况", 90,
                     fund("320000.00", "214000.00", 37, source="中央财政疾病应急救助补助资金、县级财政", period=f"{y}年1—9月",
                          usage="救治身份不明或无负担能力的急危重症患者 37 人次", item_type="emergency_aid"), working_days=6),
                Step("food_inspection", f"青山县{y}年第三季度食品安全监督抽检结果", 35,
                     {"item_type": "food_inspection", "sampled_food": "粮食加工品、食用油、肉制品、蔬菜",
                      "sampled_unit": "县城及乡镇农贸市场、超市 42 家", "sampled_on": ago(48), "batches": 260, "failed_batches": 3,
                      "inspection_result": "failed", "failed_items": "3 批次蔬菜农药残留超标，已依法立案调查并下架。"}, working_days=4),
                Step("food_penalty", "青山县某某食品经营部销售超过保质期食品行政处罚决定", 20,
                     {"item_type": "food_penalty", "party": "青山县某某食品经营部", "party_kind": "individual_business",
                      "violation": "销售超过保质期的预包装食品 12 件，货值金额 360 元。",
                      "penalty_basis": "《中华人民共和国食品安全法》第三十四条第十项、第一百二十四条第一款第五项",
                      "penalty_result": "没收超过保质期的食品，罚款 5 万元。", "decision_no": f"青市监罚〔{y}〕21号",
                      "decided_on": ago(20)}, working_days=3),
            ),
            starts_ago=300,
        ),
        DemoProgramme(
            WelfareArea.CULTURE_SPORTS, f"青山县{y}年公共文化体育设施免费开放", "QSWTJ", "中央补助地方公共文化服务体系建设专项资金",
            "3860000.00", "青山县文化体育广播电视和旅游局公共服务股，责任人：刘晓峰",
            "县图书馆、文化馆、体育馆和 9 个乡镇综合文化站免费开放，年服务群众 60 万人次。",
            (
                Step("facilities", "青山县公共文化体育设施免费开放名录", 260,
                     text="县图书馆、县文化馆、县全民健身中心体育馆、县博物馆及 9 个乡镇综合文化站。"),
                Step("purchase_catalogue", f"{y}年政府购买公共文化服务目录", 220),
                Step("service_system", f"青山县{y}年基层综合性文化服务中心建设进展", 160,
                     {"item_type": "service_system", "progress": "全县 9 个乡镇综合文化站、112 个村综合性文化服务中心已全部建成，"
                      "县图书馆、文化馆总分馆制覆盖全部乡镇。"}, working_days=6),
                Step("heritage", "青山县白水古茶园保护情况", 140,
                     {"item_type": "heritage", "heritage_name": "白水古茶园", "heritage_kind": "relic", "heritage_level": "county",
                      "protection": "划定保护范围和建设控制地带，设立保护标志，建立古茶树档案 1,260 株。"}, working_days=5),
                Step("cultural_activity", f"{y}年“文化惠民送戏下乡”活动安排", 50,
                     {"item_type": "cultural_activity", "event_name": "文化惠民送戏下乡", "event_on": ago(40),
                      "venue": "白水镇、石门镇各村文化广场", "organiser": "青山县文化体育广播电视和旅游局", "charge": "free",
                      "participants": 8600}, working_days=3),
                Step("sports_event", f"青山县{y}年全民健身环湖跑", 75,
                     {"item_type": "sports_event", "event_name": "全民健身环湖跑", "event_on": ago(60), "venue": "青山湖环湖绿道",
                      "organiser": "青山县文化体育广播电视和旅游局、县总工会", "charge": "free", "participants": 1500}, working_days=4),
                Step("fund", f"{y}年公共文化场馆免费开放补助资金分配情况", 180,
                     fund("3860000.00", "3860000.00", 13, source="中央补助地方公共文化服务体系建设专项资金")),
                Step("donations", f"{y}年青山县图书馆受捐图书和款物使用情况", 90,
                     fund("126000.00", "98000.00", source="社会捐赠", usage="购置少儿图书 3,200 册，建设农家书屋 4 个",
                          item_type="donations")),
            ),
            starts_ago=300,
        ),
        DemoProgramme(
            WelfareArea.ENVIRONMENT, f"青山县{y}年大气污染防治", "QSSTHJ", "中央大气污染防治资金",
            "6200000.00", "青山县生态环境分局大气股，责任人：张振宇",
            "县城空气质量优良天数比例不低于 98%，PM2.5 年均浓度持续下降。",
            (
                Step("pollution_control", f"青山县{y}年大气污染防治工作方案", 270),
                Step("monitoring", f"{y}年第三季度重点排污单位自行监测信息", 40),
                Step("eia_approval", "青山县工业园区集中供热项目环境影响报告表审批结果公告", 25,
                     doc_no=f"青环审〔{y}〕18号"),
                Step("heavy_pollution_warning", f"青山县{y}年重污染天气应急预案", 180),
                Step("heavy_pollution_release", "青山县重污染天气黄色预警期间空气质量信息发布情况", 110,
                     {"item_type": "heavy_pollution_release", "warning_level": "yellow", "warning_from": ago(113), "warning_until": ago(111),
                      "release": "预警期间每日 10 时、16 时通过政府网站、政务新媒体发布空气质量实况和应急减排措施执行情况。"},
                     working_days=1),
                Step("heavy_pollution_opinion", "关于重污染天气应急减排措施的回应", 110,
                     {"item_type": "heavy_pollution_opinion", "warning_level": "yellow",
                      "opinion": "就工业园区企业错峰生产和渣土车限行的关切，在政务新媒体发布解读 2 篇，回复网民留言 36 条。"},
                     working_days=1),
                Step("complaint", f"青山县{y}年第三季度生态环境信访投诉处理情况", 45,
                     {"item_type": "complaint", "complaints_received": 58, "complaints_closed": 55, "period": f"{y}年第三季度",
                      "handling": "噪声类 27 件、大气类 19 件、水污染类 12 件；已办结 55 件，3 件正在调查处理。"}, working_days=5),
                Step("enterprise_disclosure", f"青山县{y}年环境信息依法披露企业名单", 250,
                     {"item_type": "enterprise_disclosure", "report_kind": "list", "report_year": y,
                      "report_url": "https://example.org/qingshan/huanjing-pilu"},
                     text="本年度应当依法披露环境信息的企业共 14 家，其中重点排污单位 11 家、实施强制性清洁生产审核的企业 3 家；"
                     "企业应于每年3月15日前披露上一年度环境信息。", working_days=5),
            ),
            starts_ago=300,
        ),
        DemoProgramme(
            WelfareArea.DISASTER_RELIEF, f"{event}强降雨洪涝灾害救助", "QSYJJ", "中央自然灾害救灾资金、县级财政",
            "5000000.00", "青山县应急管理局，责任人：周明亮",
            "受灾群众有饭吃、有衣穿、有干净水喝、有安全住处、有病能及时就医。",
            (
                Step("emergency_response", f"{event}强降雨洪涝灾害应急处置动态（第1期）", 3, urgent=True, working_days=1,
                     text="白水镇、石门镇 6 个村遭受强降雨袭击，县防汛抗旱指挥部启动防汛四级应急响应，已紧急转移群众 1,126 人，无人员伤亡。"),
                Step("medical_rescue", f"{event}强降雨洪涝灾害医疗救护与卫生防疫工作情况", 2, working_days=1,
                     details={"item_type": "medical_rescue", "treated": 14,
                              "medical_measures": "派出医疗队 4 支，救治轻伤群众 14 人；对 6 个受灾村开展饮用水消毒和环境消杀。"}),
                Step("secondary_hazard", f"{event}强降雨后地质灾害预警防范提示", 2, working_days=1,
                     details={"item_type": "secondary_hazard", "hazard": "滑坡、泥石流", "hazard_area": "白水镇白水村、石门镇石门村沿河区域",
                              "hazard_measures": "对 23 处隐患点落实专人监测，提前转移受威胁群众 214 人。"}),
                Step("relief_needs", f"{event}强降雨洪涝灾害救助需求", 3, working_days=1,
                     text="需帐篷 120 顶、折叠床 400 张、棉被 800 床、饮用水 2,000 箱。"),
                Step("relief_goods", f"{event}强降雨洪涝灾害救灾款物使用情况（第1期）", 1,
                     fund("1200000.00", "450000.00", 1126, source="县级财政救灾资金", usage="采购并发放帐篷、折叠床、棉被和饮用水",
                          item_type="relief_goods"), state=Status.SUBMITTED),
            ),
            starts_ago=4, description="本次强降雨过程累计降雨量 186 毫米，白水河水位超警戒 0.8 米。",
        ),
        DemoProgramme(
            WelfareArea.DISASTER_RELIEF, f"青山县{y}年自然灾害救助资金", "QSYJJ", "中央和省级自然灾害救灾资金",
            "8600000.00", "青山县应急管理局救灾股，责任人：吴德胜",
            "保障受灾群众基本生活，支持倒损民房恢复重建。",
            (
                Step("fund", f"{y}年自然灾害救助资金分配情况", 160,
                     fund("8600000.00", "7420000.00", 2380, source="中央和省级自然灾害救灾资金",
                          usage="冬春生活救助、过渡期生活救助和倒损民房恢复重建补助")),
                Step("reconstruction", f"{y}年倒损民房恢复重建进展情况", 70, text="全县倒损民房 126 户，已竣工 118 户，在建 8 户。"),
            ),
            starts_ago=280,
        ),
    ]


# --- beneficiary lists (fictional people) -------------------------------------------------------
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(born: str, sequence: int) -> str:
    """A valid-looking 18-digit 居民身份证号码 (GB 11643 check digit) of a fictional 青山县 resident."""
    first17 = f"{REGION}{born}{sequence:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


# name, born (yyyymmdd), sequence, phone, village, household size, amount (元/月)
PEOPLE = {
    "dibao_current": [
        ("杨秀英", "19580312", 224, "13908761234", "白水村", 2, "1040.00"),
        ("李国富", "19640825", 117, "15087652345", "白水村", 3, "960.00"),
        ("赵春梅", "19711103", 306, "13769843456", "龙潭村", 1, "520.00"),
        ("陈德明", "19520617", 133, "18208764567", "石门村", 2, "1040.00"),
        ("王桂兰", "19490201", 248, "13577125678", "石门村", 1, "720.00"),
        ("刘建军", "19800914", 11, "15912346789", "新街社区", 4, "1440.00"),
        ("马玉珍", "19660722", 362, "13887657890", "新街社区", 2, "880.00"),
        ("周文华", "19750430", 175, "18787658901", "大坪村", 3, "1560.00"),
        ("孙丽芳", "19881209", 288, "13698769012", "大坪村", 2, "600.00"),
        ("欧阳志强", "19570105", 19, "15125670123", "龙潭村", 1, "720.00"),
    ],
    "dibao_ended": [
        ("何永福", "19610418", 155, "13508761357", "白水村", 2, "1040.00"),
        ("罗秀珍", "19690927", 242, "15287652468", "石门村", 3, "1200.00"),
        ("郭海清", "19730616", 371, "13987653579", "新街社区", 1, "720.00"),
        ("梁春花", "19820211", 84, "18887654680", "大坪村", 4, "1560.00"),
    ],
    "tekun_village": [
        ("唐德寿", "19440508", 137, "13608765791", "白水村", 1, "936.00"),
        ("宋桂芝", "19470921", 266, "15808766802", "白水村", 1, "936.00"),
        ("谢老三", "19521130", 195, "", "白水村", 1, "936.00"),
        ("韦玉梅", "19590715", 328, "13398767913", "白水村", 1, "936.00"),
        ("黄正清", "19500302", 13, "18308768024", "白水村", 1, "936.00"),
    ],
}
NAME_LISTS = {
    # 低保对象在村（社区）长期公示 (标准目录); the earlier batch keeps its 7-day 新增对象公示 ("公示期 7 天")
    "dibao_current": {"long_term": True, "scope": Scope.PUBLIC, "scope_description": ""},
    "dibao_ended": {"notice_days": 7, "scope": Scope.PUBLIC, "scope_description": ""},
    "tekun_village": {"notice_days": 7, "scope": Scope.SPECIFIC, "scope_description": "白水镇白水村村务公开栏"},
}


def name_list_entries(key: str) -> list[dict]:
    return [
        {
            "name": name, "id_number": id_number(born, sequence), "phone": phone, "locality": village,
            "household_size": size, "amount": amount, "note": "特困供养" if key == "tekun_village" else "新增",
        }
        for name, born, sequence, phone, village, size, amount in PEOPLE[key]
    ]


# --- building ---------------------------------------------------------------------------------
def build(county) -> dict:
    """Create the programmes and their records. Returns the programmes by name."""
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    built = {}
    for spec in programmes(county.today):
        department = county.departments[spec.department]
        clerk = county.people(department)[0]
        programme = services.programme_create(
            actor=clerk,
            area=spec.area,
            name=spec.name,
            jurisdiction=jurisdictions[spec.jurisdiction],
            department=department,
            fund_source=spec.fund_source,
            total_funds=spec.total_funds,
            starts_on=county.today - datetime.timedelta(days=spec.starts_ago),
            ends_on=datetime.date(county.today.year, 12, 31),
            target=spec.target,
            result=spec.result,
            implementer=spec.implementer,
            report_phone=department.phone or "0908-4221234",
            description=spec.description,
        )
        published = {}
        for step in spec.steps:
            record = create_record(county, spec, programme, step, published)
            published[step.title] = record
        built[spec.name] = programme
    build_public_bodies(county, jurisdictions["QSX"])
    return built


# --- 公共企事业单位和慈善组织 and their evaluations (seed 002 §四(三), §六(三)) -----------------------------
PUBLIC_BODIES = (
    # (name, kind, service area, 主管部门, 信用代码, rules, evaluations: (years ago, grade, score, findings, rectification))
    ("青山县自来水有限责任公司", "enterprise", "water", "QSZJJ", "",
     "《供水、供气、供热等公共企事业单位信息公开实施办法》",
     ((1, "good", "86.5", "水质检测信息按季度公开，未按月公开；停水通知提前时间不足 24 小时 2 次。",
       "已改为按月公开水质检测结果，计划停水提前 24 小时在网站和小区公告栏发布。"),)),
    ("青山县慈善总会", "charity", "charity", "QSMZJ", "",
     "《中华人民共和国慈善法》、《慈善组织信息公开办法》",
     ((2, "pass", "78.0", "公开募捐情况未按季度公开。", "已在全国慈善信息公开平台补充公开。"),
      (1, "excellent", "93.0", "", ""))),
)


def build_public_bodies(county, jurisdiction) -> None:
    """The register the office keeps, each body with its yearly evaluations, through the welfare services."""
    evaluator = county.departments["QSZFB"]
    for name, kind, service_area, code, uscc, rules, evaluations in PUBLIC_BODIES:
        department = county.departments[code]
        clerk = county.people(department)[0]
        body = services.public_body_create(
            actor=clerk, name=name, kind=kind, service_area=service_area, uscc=uscc, jurisdiction=jurisdiction,
            department=department, rules=rules, disclosure_url="",
        )
        for years_ago, grade, score, findings, rectification in evaluations:
            year = county.today.year - years_ago
            services.evaluation_create(
                actor=clerk, body=body, year=year, grade=grade, score=score, findings=findings, rectification=rectification,
                evaluator=evaluator, evaluated_on=min(datetime.date(year + 1, 3, 31), county.today),
            )


def create_record(county, spec: DemoProgramme, programme, step: Step, published: dict):
    department = county.departments[step.department or spec.department]
    clerk, reviewer, signer = county.people(department)
    formed_on = county.today - datetime.timedelta(days=step.days_ago)
    details = step.details or {"item_type": step.item_type}
    text = step.text or f"{step.title}的具体内容详见附件。"
    record = services.programme_record_create(
        actor=clerk,
        programme=programme,
        department=department,
        title=step.title,
        doc_no=step.doc_no,
        **({"document_kind": DocumentKind.NORMATIVE, "validity": Validity.VALID} if step.normative else {}),
        written_on=formed_on,
        formed_on=formed_on,
        # Formed at 08:00 (an hour clock starts then, and county.backdate publishes a few hours later); a day
        # clock reads only the day.
        formed_at=timezone.make_aware(datetime.datetime.combine(formed_on, datetime.time(8))),
        keywords=f"社会公益事业 {item_type_label(spec.area, details['item_type'])}",
        urgent=step.urgent,
        body=BODY.format(
            title=step.title, name=spec.name, department=department.name, source=spec.fund_source, text=text,
            phone=programme.report_phone,
        ),
        details=details,
        interpretation=published[step.interpretation] if step.interpretation else None,
    )
    if step.name_list:
        namelist_services.name_list_save(
            actor=clerk, disclosure=record, entries=name_list_entries(step.name_list), **NAME_LISTS[step.name_list]
        )
    if step.state == Status.PUBLISHED and step.working_days is not None:
        disclosure_services.disclosure_submit(disclosure=record, actor=clerk)
        disclosure_services.disclosure_review(disclosure=record, actor=reviewer)
        if record.status != Status.PUBLISHED:  # (a town on one-step review publishes on review)
            disclosure_services.disclosure_sign(disclosure=record, actor=signer)
        county.backdate(record, formed_on, working_days=step.working_days)
    else:
        county.advance(record, step.state, clerk, reviewer, signer, formed_on)
    record.refresh_from_db()
    return record


# The programmes are created with their records, after the other domains' records (which fixes the ids).
DEMO = DomainDemo(records=build)
