"""
The demo's cross-domain cases: the workflow's special paths and the deadline cases, whatever the day.

Built after every domain's subjects and before their own records (the order fixes the demo's ids):
- a town on one-step review, where the 部门负责人's approval publishes;
- a record rejected with the reviewer's comment, one signed but not released, one withdrawn with a
  public reason, one corrected (two versions), one 依申请公开 and one 不予公开 with their legal reasons;
- records overdue and due within 3 working days, and published ones late and on time (some under the
  7-working-day limit of 行政许可/行政处罚 decisions), so the dashboard and the deadline job have
  something to show on any day.
A case naming a subject of its domain is that subject's record (the domain's `case_record` hook).
"""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from disclosures import deadlines, retractions, services
from disclosures.choices import DisclosureMode, Status, WithholdingReason
from disclosures.retraction_models import RetractionTrigger
from projects import services as project_services
from workdays.services import current_calendar

# Unpublished records the deadline job and the dashboard must show, whatever day the demo is built:
# (department, domain, category, catalogue entry or None, title, state, offset). A negative offset
# puts the due date that many working days before today (overdue), a positive one that many
# working days ahead (due soon).
DEADLINE_CASES = [
    ("QSFGW", "projects", "approval_result", "projects-approval-result-verification",
     "关于青山县城东冷链物流园项目核准的批复", Status.SUBMITTED, -2),
    ("QSZRZY", "resources", "land_use_right", "resources-land-use-right-result",
     "国有建设用地使用权出让结果公示（青山〔{y}〕31号宗地）", Status.DRAFT, -9),
    ("QSMZJ", "welfare", "social_assistance", "welfare-social-assistance-funds",
     "{y}年第三季度城乡最低生活保障资金发放情况", Status.REVIEWED, -4),
    ("QSZJJ", "projects", "quality_safety", "projects-quality-safety-penalty",
     "青山县城北片区棚户区改造项目质量安全行政处罚决定（青建罚〔{y}〕7号）", Status.DRAFT, -16),
    ("QSSTHJ", "welfare", "environment", "welfare-environment-eia",
     "青山县工业园区污水处理厂扩建工程环境影响报告表审批结果公告", Status.SUBMITTED, -6),
    ("QSFGW", "projects", "approval_result", "projects-approval-result-energy",
     "关于青山县城南公共停车场项目节能审查的意见", Status.DRAFT, 1),
    ("QSJYJ", "welfare", "education", None,
     "{y}年秋季学期家庭经济困难学生认定结果", Status.SUBMITTED, 2),
    ("QSCZJ", "resources", "state_property", None,
     "青山县城投公司所持青山水务有限公司股权转让项目信息披露", Status.REVIEWED, 3),
    ("QSCZJ", "resources", "procurement", "resources-procurement-result",  # 2 working days
     "青山县人民医院医疗设备采购项目中标（成交）结果公告", Status.REVIEWED, -3),
]

# Published records with a known timeliness: (department, domain, category, entry, title,
# calendar days between formation and today, working days after formation it was published).
PUBLISHED_CASES = [
    ("QSZRZY", "projects", "approval_result", "projects-approval-result-land-planning-approval",
     "青山县第二中学教学综合楼新建项目建设用地规划许可批前公示", 75, 10),  # 7-day limit: 3 late
    ("QSZJJ", "projects", "approval_result", "projects-approval-result-construction-permit",
     "青山县人民医院住院综合楼建设项目施工许可审批结果", 120, 5),  # 7-day limit: on time
    ("QSXCZX", "welfare", "poverty_alleviation", None,
     "{y}年度防止返贫监测对象识别结果公示", 200, 26),  # 20-day limit: 6 late
    ("QSWJW", "welfare", "health", None,
     "{y}年基本公共卫生服务项目绩效评价结果", 300, 12),  # on time
]

BODY = (
    "<p>根据《中华人民共和国政府信息公开条例》和《关于推进重大建设项目批准和实施、公共资源配置、"
    "社会公益事业建设领域政府信息公开的意见》要求，现将{title}有关情况公开如下：</p>"
    "<p>一、基本情况。{detail}</p>"
    "<p>二、办理依据。依据国家和自治区有关规定，经{dept}研究，按程序办理。</p>"
    "<p>三、监督方式。如对公开内容有异议，请在公开之日起 7 个工作日内向{dept}反映，监督电话：0908-4221234。</p>"
)
DETAILS = [
    "项目总投资 12,680 万元，建设地点位于青山县城北新区，建设期 24 个月。",
    "本次共涉及 3 个乡镇 11 个行政村，资金已按程序拨付到位。",
    "经审核，符合条件的对象共 126 户，已完成入户核查和公示。",
    "本年度计划完成投资 8,450 万元，截至目前完成 72%。",
    "各项指标符合国家标准要求，未发现违法违规情形。",
]


def build(county) -> None:
    make_town_records(county)
    make_special_cases(county)
    make_deadline_cases(county)
    make_rule_cases(county)


def make_town_records(county):
    # A town on one-step review: the 部门负责人's approval publishes directly.
    department = county.departments["BSZSH"]
    clerk, reviewer, _ = county.people(department)
    for title in ["白水镇{y}年临时救助发放情况", "白水镇{y}年度高龄津贴发放情况"]:
        record = county.create_record(
            actor=clerk, department=department, domain="welfare", category="social_assistance",
            title=title.format(y=county.today.year), formed_on=county.today - datetime.timedelta(days=10),
            body=BODY.format(title=title.format(y=county.today.year), detail=DETAILS[2], dept=department.name),
        )
        services.disclosure_submit(disclosure=record, actor=clerk)
        services.disclosure_review(disclosure=record, actor=reviewer)


def make_special_cases(county):
    fgw = county.departments["QSFGW"]
    clerk, reviewer, signer = county.users["clerk"], county.users["reviewer"], county.users["signer"]
    body = BODY.format(title="示例", detail=DETAILS[0], dept=fgw.name)

    # Rejected back to the clerk, with the reviewer's comment.
    rejected = county.create_record(
        actor=clerk, department=fgw, domain="projects", category="approval_result",
        title="关于青山县城乡冷链物流中心项目可行性研究报告的批复", body=body,
        formed_on=county.today - datetime.timedelta(days=6),
    )
    services.disclosure_submit(disclosure=rejected, actor=clerk)
    services.disclosure_reject(disclosure=rejected, actor=reviewer, comment="批复文号缺失，请补充后重新提交。")

    # Signed but not yet released (a jurisdiction may publish by hand after signing).
    county.county.auto_publish = False
    county.county.save(update_fields=["auto_publish"])
    approved = county.create_record(
        actor=clerk, department=fgw, domain="projects", category="approval_result",
        title="关于青山县智慧农业示范园项目初步设计的批复", body=body,
        formed_on=county.today - datetime.timedelta(days=3),
    )
    services.disclosure_submit(disclosure=approved, actor=clerk)
    services.disclosure_review(disclosure=approved, actor=reviewer)
    services.disclosure_sign(disclosure=approved, actor=signer)
    county.county.auto_publish = True
    county.county.save(update_fields=["auto_publish"])

    # Published, then withdrawn with a public reason.
    withdrawn = published_record(county, fgw, "关于青山县物流园区道路工程项目建议书的批复", body)
    services.disclosure_withdraw(
        disclosure=withdrawn, actor=reviewer, reason="该项目已由上级部门统一批复，本批复依法撤回。"
    )

    # Published, then corrected: version 2 with a public change note, version 1 kept.
    corrected = published_record(county, fgw, "关于青山县城区供热管网改造项目核准的批复", body)
    correction = services.disclosure_start_correction(
        disclosure=corrected, actor=clerk, change_note="更正项目总投资金额笔误（原为 3,260 万元，应为 3,620 万元）。"
    )
    services.disclosure_update(
        disclosure=correction, actor=clerk, expected_version=correction.lock_version,
        body=body.replace("12,680", "3,620"),
    )
    services.disclosure_submit(disclosure=correction, actor=clerk)
    services.disclosure_review(disclosure=correction, actor=reviewer)
    services.disclosure_sign(disclosure=correction, actor=signer)

    # 依申请公开 and 不予公开 decisions, each with its legal reason.
    on_request = county.create_record(
        actor=clerk, department=fgw, domain="projects", category="approval_result",
        title="青山县重点项目前期工作经费明细", body=body, disclosure_mode=DisclosureMode.ON_REQUEST,
        mode_reason="涉及第三方商业秘密，公开可能损害第三方合法权益，依申请公开（《政府信息公开条例》第十五条）。",
        formed_on=county.today - datetime.timedelta(days=40),
    )
    county.advance(on_request, Status.PUBLISHED, clerk, reviewer, signer, on_request.formed_on)
    not_disclosed = county.create_record(
        actor=clerk, department=fgw, domain="projects", category="supervision",
        catalogue_entry=county.entry("projects-supervision-inspection"),
        title="青山县某项目稽察内部研究材料", body=body, disclosure_mode=DisclosureMode.NOT_DISCLOSED,
        withholding_reason=WithholdingReason.PROCESS_INFO,
        mode_reason="稽察过程中的内部研究材料，属于过程性信息（《政府信息公开条例》第十六条第二款）。",
        formed_on=county.today - datetime.timedelta(days=30),
    )
    county.advance(not_disclosed, Status.PUBLISHED, clerk, reviewer, signer, not_disclosed.formed_on)


def make_deadline_cases(county):
    """Overdue and due-soon records (for the deadline job and the dashboard), and published ones of known timeliness."""
    for code, domain, category, entry_code, title, status, offset in DEADLINE_CASES:
        department = county.departments[code]
        entry = county.entry(entry_code)
        due = working_day(county, offset)
        formed_on = formed_on_for(department, entry, domain, category, due)
        record = create_case(county, department, domain, category, entry, title, formed_on)
        if record.due_on != due:
            raise CommandError(f"演示数据：“{record.title}”的应公开日期为 {record.due_on}，预期 {due}。")
        clerk, reviewer, signer = county.people(department)
        county.advance(record, status, clerk, reviewer, signer, formed_on)
    for code, domain, category, entry_code, title, days_ago, working_days in PUBLISHED_CASES:
        department = county.departments[code]
        formed_on = county.today - datetime.timedelta(days=days_ago)
        record = create_case(county, department, domain, category, county.entry(entry_code), title, formed_on)
        clerk, reviewer, signer = county.people(department)
        services.disclosure_submit(disclosure=record, actor=clerk)
        services.disclosure_review(disclosure=record, actor=reviewer)
        services.disclosure_sign(disclosure=record, actor=signer)
        county.backdate(record, formed_on, working_days=working_days)


def make_rule_cases(county):
    """One pending record under each kind of deadline rule (disclosures/deadlines.py), for the dashboard and
    the record pages: a decision counted from its 批复日期 (国办发〔2018〕118号, 7 个工作日), a 中标候选人公示 in
    calendar days (《招标投标法实施条例》第五十四条, 3日), and urgent information on an hour clock. The
    依申请公开 record without a deadline is in make_special_cases."""
    fgw = county.departments["QSFGW"]
    clerk, reviewer, signer = county.people(fgw)
    decided = working_day(county, -2)
    decision = project_record(
        county, "青山县农机装备制造产业园项目",
        actor=clerk, department=fgw, category="approval_result",
        title="关于青山县农机装备制造产业园项目节能审查的意见",
        body=BODY.format(title="农机装备制造产业园项目节能审查", detail=DETAILS[0], dept=fgw.name),
        details={"approval_item": "energy", "reply_no": f"青发改能审〔{county.today.year}〕12号", "authority": fgw.name,
                 "approved_on": decided.isoformat(), "result": "approved"},
    )
    county.advance(decision, Status.SUBMITTED, clerk, reviewer, signer, decision.formed_on)

    trading = county.departments["QSGGZY"]
    clerk, reviewer, signer = county.people(trading)
    candidates = project_record(
        county, "青山县县域数字化平台及5G基站建设项目",
        actor=clerk, department=trading, category="bidding",
        title="青山县县域数字化平台及5G基站建设项目（二期）施工中标候选人公示",
        body=BODY.format(title="县域数字化平台及5G基站建设项目（二期）施工中标候选人", detail=DETAILS[4], dept=trading.name),
        details={"stage": "candidates", "method": "open", "lot": "施工一标段", "candidates": [
            {"rank": 1, "name": "云岭通信建设有限公司", "bid_price": "12680000.00", "manager": "杨建华"},
            {"rank": 2, "name": "滇西信息工程有限公司", "bid_price": "13015000.00", "manager": "李志强"},
        ], "objection": "对评标结果有异议的，请在公示期间以书面形式向招标人提出。"},
        formed_on=county.today - datetime.timedelta(days=1),
    )
    county.advance(candidates, Status.SUBMITTED, clerk, reviewer, signer, candidates.formed_on)

    emergency = county.departments["QSYJJ"]
    clerk, reviewer, signer = county.people(emergency)
    formed_at = (timezone.now() - datetime.timedelta(hours=5)).replace(second=0, microsecond=0)
    urgent = county.create_record(
        actor=clerk, department=emergency, domain="welfare", category="disaster_relief", urgent=True,
        title="青山县应急管理局关于白水河流域山洪灾害风险预警的通报",
        body=BODY.format(title="白水河流域山洪灾害风险预警", detail=DETAILS[1], dept=emergency.name),
        details={"item_type": "emergency_response"},
        formed_on=timezone.localdate(formed_at), formed_at=formed_at,
    )
    county.advance(urgent, Status.SUBMITTED, clerk, reviewer, signer, urgent.formed_on)

    # A published 行政处罚 decision revoked on review: withdrawn within 3 日 with the reason made public
    # (《行政处罚法》第四十八条).
    housing = county.departments["QSZJJ"]
    clerk, reviewer, signer = county.people(housing)
    decided = working_day(county, -25)
    penalty = project_record(
        county, "青山县年产30万吨新型建材生产线项目",
        actor=clerk, department=housing, category="quality_safety",
        catalogue_entry=county.entry("projects-quality-safety-penalty"),
        details={"agency": "青山县建设工程质量安全监督站", "contact": "0908-4221234",
                 "penalty": "施工单位未按规定进行隐蔽工程验收，依法处以罚款。"},
        title=f"青山县年产30万吨新型建材生产线项目施工单位质量安全行政处罚决定（青建罚〔{county.today.year}〕3号）",
        body=BODY.format(title="质量安全行政处罚决定", detail=DETAILS[4], dept=housing.name), formed_on=decided,
    )
    county.advance(penalty, Status.PUBLISHED, clerk, reviewer, signer, decided)
    revoked_on = county.today - datetime.timedelta(days=1)
    retractions.penalty_retraction_register(
        disclosure=penalty, actor=reviewer, trigger=RetractionTrigger.REVOKED,
        trigger_document=f"青山县人民政府行政复议决定书（青政复决字〔{county.today.year}〕2号）",
        triggered_on=revoked_on,
        reason="该处罚决定经行政复议被依法撤销，依照《中华人民共和国行政处罚法》第四十八条撤回本决定信息。",
    )
    services.disclosure_withdraw(disclosure=penalty, actor=reviewer, reason="")


def project_record(county, name: str, **fields):
    """A record about the demo project `name`, through the projects domain's record service."""
    return project_services.project_record_create(project=county.subjects["projects"][name], **fields)


def create_case(county, department, domain, category, entry, title, formed_on):
    title = title.format(y=county.today.year)
    return county.create_record(
        actor=county.people(department)[0], department=department, domain=domain, category=category,
        catalogue_entry=entry, title=title, formed_on=formed_on, written_on=formed_on,
        body=BODY.format(title=title, detail=county.random.choice(DETAILS), dept=department.name),
    )


def working_day(county, offset: int) -> datetime.date:
    """The working day `offset` working days after (positive) or before (negative) today."""
    if offset > 0:
        return deadlines.add_working_days(county.today, offset).due_on
    calendar, day, counted = current_calendar(), county.today, 0
    while counted < -offset:
        day -= datetime.timedelta(days=1)
        counted += calendar.is_workday(day)
    return day


def formed_on_for(department, entry, domain, category, due: datetime.date) -> datetime.date:
    """The latest formation date whose due date is `due` (every working day is some date's due date)."""
    entry = entry or services.default_catalogue_entry(domain, category)
    formed_on = due
    while True:
        formed_on -= datetime.timedelta(days=1)
        computed = deadlines.compute_due(jurisdiction=department.jurisdiction, entry=entry, formed_on=formed_on)
        if computed.due_on <= due:
            return formed_on


def published_record(county, department, title, body):
    clerk, reviewer, signer = county.users["clerk"], county.users["reviewer"], county.users["signer"]
    formed_on = county.today - datetime.timedelta(days=45)
    record = county.create_record(
        actor=clerk, department=department, domain="projects", category="approval_result",
        title=title, body=body, formed_on=formed_on,
    )
    county.advance(record, Status.PUBLISHED, clerk, reviewer, signer, formed_on)
    record.refresh_from_db()
    return record

