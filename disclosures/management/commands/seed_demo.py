"""
`python manage.py seed_demo` — a believable county portal in Chinese, for trying the product.

Deterministic (seeded random generator; dates are relative to today so deadlines stay meaningful).
Records are created and moved through the workflow by the kernel's services, exactly as users
would; only the publication dates of the archive are back-dated afterwards (with the timeliness
recomputed for the back-dated day) so the column and the dashboard's trend have a year of history.
Whatever day it runs, the demo has records overdue, due within 3 working days, published late and
published on time, some of them under the 7-working-day limit of 行政许可/行政处罚 decisions.
Refused when DEBUG is off.
"""

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from catalogue.models import CatalogueEntry
from disclosures import deadlines, services
from disclosures.choices import DisclosureMode, Status
from disclosures.details import placeholder_details
from disclosures.models import Disclosure, DisclosureVersion
from organizations.choices import JurisdictionLevel, Role
from organizations.models import Department, Jurisdiction, Membership
from projects import demo as projects_demo
from projects import services as project_services
from resources import demo as resources_demo
from welfare import demo as welfare_demo
from workdays.services import current_calendar

DEMO_PASSWORD = "portal-demo-2026"

# code, name, is_office
COUNTY_DEPARTMENTS = [
    ("QSZFB", "青山县人民政府办公室", True),
    ("QSFGW", "青山县发展和改革委员会", False),
    ("QSZRZY", "青山县自然资源局", False),
    ("QSZJJ", "青山县住房和城乡建设局", False),
    ("QSJTJ", "青山县交通运输局", False),
    ("QSSLJ", "青山县水利局", False),
    ("QSCZJ", "青山县财政局", False),
    ("QSJYJ", "青山县教育局", False),
    ("QSWJW", "青山县卫生健康委员会", False),
    ("QSMZJ", "青山县民政局", False),
    ("QSSTHJ", "青山县生态环境分局", False),
    ("QSWTJ", "青山县文化体育广播电视和旅游局", False),
    ("QSYJJ", "青山县应急管理局", False),
    ("QSXCZX", "青山县乡村振兴局", False),
    ("QSGGZY", "青山县公共资源交易中心", False),
    ("QSNYJ", "青山县农业农村局", False),
    ("QSGXJ", "青山县工业和信息化局", False),
]
TOWN_DEPARTMENTS = {
    "BSZ": [("BSZDZB", "白水镇党政办公室", True), ("BSZSH", "白水镇社会事务办公室", False)],
    "SMZ": [("SMZDZB", "石门镇党政办公室", True), ("SMZJS", "石门镇村镇建设办公室", False)],
}

PROJECTS = [
    "青山县城至白水镇公路改扩建工程",
    "青山县第二中学教学综合楼新建项目",
    "青山县农村供水保障提升工程",
    "青山县城北片区棚户区改造项目",
    "青山县人民医院住院综合楼建设项目",
    "青山县工业园区污水处理厂及配套管网工程",
]

# category -> (responsible department code, title templates)
# The projects domain's archive is built by `projects.demo` (every record there belongs to a project),
# the resources domain's by `resources.demo` (every record there belongs to an allocation matter),
# the welfare domain's by `welfare.demo` (every record there belongs to a programme).
PLAN: dict[str, dict[str, tuple[str, list[str]]]] = {}

# Titles filed under a specific 标准目录 entry (the others take their category's first entry).
# 环评审批 is a 行政许可 decision: 7 working days.
ENTRY_FOR_TEMPLATE = {
    "建设项目环境影响评价文件审批结果公告": "welfare-environment-eia",
}

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
    ("QSZRZY", "projects", "approval_result", "projects-approval-result-land-planning-permit",
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


class Command(BaseCommand):
    help = "生成演示数据：区划、单位、各角色用户和各领域、各状态的公开记录（仅在 DEBUG 模式下可用）。"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="已有数据时跳过。")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026）。")

    def create_record(self, **fields):
        """disclosure_create with structured fields filled for the category (domain demos give their own).

        A projects-domain record naming a demo project in its title is that project's record
        (`project_record_create`), with believable structured fields; a resources-domain one is the
        record of the demo matter its title names (`matter_record_create`).
        """
        entry = fields.get("catalogue_entry")
        domain = fields.get("domain") or (entry.domain if entry else "")
        category = fields.get("category") or (entry.category if entry else "")
        if domain == "projects" and "details" not in fields:
            fields.pop("category", None)
            return self.create_project_record(category=category, **fields)
        if domain == "resources" and "details" not in fields:
            fields.pop("category", None)
            return resources_demo.create_case_record(self, category=category, **fields)
        fields.setdefault("details", placeholder_details(domain, category))
        return services.disclosure_create(**fields)

    def create_project_record(self, *, category, **fields):
        title = fields["title"]
        project = projects_demo.project_in_title(self.projects, title)
        if fields.get("catalogue_entry") is None and category == "approval_result":
            fields["catalogue_entry"] = self.entry(projects_demo.entry_for_title(title))
        entry = fields.get("catalogue_entry")
        self.project_case_seq += 1
        details = projects_demo.kernel_case_details(
            category,
            spec=projects_demo.spec_named(project.name) if project else None,
            department=fields["department"],
            formed_on=fields.get("formed_on") or self.today,
            entry_code=entry.code if entry else None,
            title=title,
            seq=self.project_case_seq,
        )
        fields["details"] = details if details is not None else placeholder_details("projects", category)
        fields["category"] = category
        if project is None:
            return services.disclosure_create(**fields)
        fields.pop("domain", None)
        return project_services.project_record_create(project=project, **fields)

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("演示数据只能在 DEBUG 模式下生成，生产环境禁止使用。")
        if Jurisdiction.objects.exists():
            if options["if_empty"]:
                self.stdout.write("已有数据，跳过演示数据。")
                return
            raise CommandError("数据库中已有数据。演示数据只能在空数据库上生成（或使用 --if-empty 跳过）。")
        self.random = random.Random(options["seed"])
        self.today = timezone.localdate()
        self.people_cache: dict[int, tuple] = {}
        self.project_case_seq = 0
        with transaction.atomic():
            self.build_organisations()
            self.projects = projects_demo.create_projects(self)
            self.matters = resources_demo.create_matters(self)
            self.build_records()
            projects_demo.build_records(self, self.projects)
            resources_demo.build_records(self, self.matters)
            self.programmes = welfare_demo.build(self)
        counts = {s.label: Disclosure.objects.filter(status=s).count() for s in Status}
        self.stdout.write(self.style.SUCCESS("演示数据已生成：" + "，".join(f"{k} {v}" for k, v in counts.items() if v)))
        self.stdout.write(f"演示账号 office / clerk / reviewer / signer / clerk2，密码 {DEMO_PASSWORD}")

    # ------------------------------------------------------------------------------------
    def build_organisations(self):
        prefecture = Jurisdiction.objects.create(name="云岭州", code="YLZ", level=JurisdictionLevel.PREFECTURE)
        self.county = Jurisdiction.objects.create(
            name="青山县", code="QSX", level=JurisdictionLevel.COUNTY, parent=prefecture, deadline_days=20
        )
        towns = {
            "BSZ": Jurisdiction.objects.create(
                name="白水镇", code="BSZ", level=JurisdictionLevel.TOWN, parent=self.county, one_step_review=True
            ),
            "SMZ": Jurisdiction.objects.create(name="石门镇", code="SMZ", level=JurisdictionLevel.TOWN, parent=self.county),
        }
        Department.objects.create(jurisdiction=prefecture, name="云岭州人民政府办公室", code="YLZZFB", is_office=True)
        self.departments: dict[str, Department] = {}
        for order, (code, name, is_office) in enumerate(COUNTY_DEPARTMENTS):
            self.departments[code] = Department.objects.create(
                jurisdiction=self.county, name=name, code=code, is_office=is_office, ordering=order,
                email=f"{code.lower()}@qingshan.gov.cn",
            )
        for town_code, rows in TOWN_DEPARTMENTS.items():
            for code, name, is_office in rows:
                self.departments[code] = Department.objects.create(
                    jurisdiction=towns[town_code], name=name, code=code, is_office=is_office
                )

        self.password = make_password(DEMO_PASSWORD)
        self.users: dict[str, object] = {}
        # The demo users listed in the README.
        self.add_user("office", "王公开", "QSZFB", Role.OFFICE)
        self.add_user("clerk", "李经办", "QSFGW", Role.CLERK)
        self.add_user("reviewer", "张科长", "QSFGW", Role.REVIEWER)
        self.add_user("signer", "赵副县长", "QSFGW", Role.SIGNER)
        self.add_user("clerk2", "陈经办", "QSZRZY", Role.CLERK)
        # Every other department has its own clerk and reviewer; two deputy county heads sign.
        surnames = "刘杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
        signer_a = self.add_user("signer_a", "孙副县长", None, None)
        signer_b = self.add_user("signer_b", "周副县长", None, None)
        for index, (code, department) in enumerate(self.departments.items()):
            if department.is_office:
                continue
            surname = surnames[index % len(surnames)]
            if code != "QSFGW":
                if code != "QSZRZY":
                    self.add_user(f"{code.lower()}_clerk", f"{surname}经办", code, Role.CLERK)
                self.add_user(f"{code.lower()}_reviewer", f"{surname}主任", code, Role.REVIEWER)
                signer = signer_a if index % 2 else signer_b
                Membership.objects.create(user=signer, department=department, role=Role.SIGNER)

    def add_user(self, username, full_name, department_code, role):
        user = get_user_model().objects.create(
            username=username,
            first_name=full_name,
            is_staff=True,
            password=self.password,
            email=f"{username}@qingshan.gov.cn",
        )
        if department_code:
            Membership.objects.create(user=user, department=self.departments[department_code], role=role)
        self.users[username] = user
        return user

    def people(self, department: Department):
        """(clerk, reviewer, signer) of a department. The same user objects each time, so their
        permission scope is computed once."""
        if department.pk not in self.people_cache:
            members = {m.role: m.user for m in Membership.objects.filter(department=department).select_related("user")}
            self.people_cache[department.pk] = (members[Role.CLERK], members[Role.REVIEWER], members.get(Role.SIGNER))
        return self.people_cache[department.pk]

    # ------------------------------------------------------------------------------------
    def build_records(self):
        n = 0
        for domain, categories in PLAN.items():
            for category, (department_code, templates) in categories.items():
                department = self.departments[department_code]
                for template in templates:
                    entry = self.entry(ENTRY_FOR_TEMPLATE.get(template))
                    # Project-specific items are published for two projects; general ones once.
                    projects = [PROJECTS[n % len(PROJECTS)], PROJECTS[(n + 3) % len(PROJECTS)]]
                    for project in projects if "{p}" in template else projects[:1]:
                        n += 1
                        title = template.format(p=project, y=self.today.year, n=f"{2026000 + n}")
                        self.make_record(domain, category, department, title, n, entry=entry)
        self.make_town_records()
        self.make_special_cases()
        self.make_deadline_cases()

    def entry(self, code: str | None) -> CatalogueEntry | None:
        return CatalogueEntry.objects.get(code=code) if code else None

    def make_record(self, domain, category, department, title, n, entry=None):
        clerk, reviewer, signer = self.people(department)
        roll = self.random.random()
        # Most of the archive is published over the last twelve months; the rest sits at every step
        # of the workflow.
        if roll < 0.62:
            target = Status.PUBLISHED
            formed_on = self.today - datetime.timedelta(days=self.random.randint(20, 350))
        else:
            target = self.random.choice([Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.DRAFT, Status.SUBMITTED])
            formed_on = self.today - datetime.timedelta(days=self.random.randint(0, 25))
        record = self.create_record(
            actor=clerk,
            department=department,
            domain=domain,
            category=category,
            catalogue_entry=entry,
            title=title,
            doc_no=f"青{department.code[2:4]}发〔{formed_on.year}〕{n}号" if n % 3 == 0 else "",
            written_on=formed_on,
            formed_on=formed_on,
            keywords=" ".join(title[i : i + 2] for i in range(0, min(len(title), 8), 2)),
            body=BODY.format(title=title, detail=self.random.choice(DETAILS), dept=department.name),
        )
        self.advance(record, target, clerk, reviewer, signer, formed_on)
        return record

    def advance(self, record, target, clerk, reviewer, signer, formed_on):
        if target == Status.DRAFT:
            return
        services.disclosure_submit(disclosure=record, actor=clerk)
        if target == Status.SUBMITTED:
            return
        services.disclosure_review(disclosure=record, actor=reviewer)
        if target in {Status.REVIEWED, Status.APPROVED} or record.status == Status.PUBLISHED:
            if record.status == Status.PUBLISHED:
                self.backdate(record, formed_on)
            return
        services.disclosure_sign(disclosure=record, actor=signer)
        self.backdate(record, formed_on)

    def backdate(self, record, formed_on, working_days: int | None = None):
        """Give the archive a history: published some working days after formation, about one in four late.

        The timeliness stored at publication (today) is recomputed for the back-dated day.
        """
        limit = record.deadline_days or 20
        if working_days is None:
            if self.random.random() < 0.25:
                working_days = limit + self.random.choice([1, 2, 3, 5, 8, 13])
            else:
                working_days = self.random.randint(max(1, limit // 4), limit)
        published_day = min(deadlines.add_working_days(formed_on, working_days).due_on, self.today)
        published_at = timezone.make_aware(
            datetime.datetime.combine(published_day, datetime.time(9 + self.random.randint(0, 8), self.random.randint(0, 59)))
        )
        published_at = min(published_at, timezone.now())
        late = services.late_working_days(record.due_on, timezone.localdate(published_at), record.jurisdiction_id)
        Disclosure.objects.filter(pk=record.pk).update(published_at=published_at, late_working_days=late)
        DisclosureVersion.objects.filter(disclosure=record).update(published_at=published_at)

    def make_town_records(self):
        # A town on one-step review: the 部门负责人's approval publishes directly.
        department = self.departments["BSZSH"]
        clerk, reviewer, _ = self.people(department)
        for title in ["白水镇{y}年临时救助发放情况", "白水镇{y}年度高龄津贴发放情况"]:
            record = self.create_record(
                actor=clerk, department=department, domain="welfare", category="social_assistance",
                title=title.format(y=self.today.year), formed_on=self.today - datetime.timedelta(days=10),
                body=BODY.format(title=title.format(y=self.today.year), detail=DETAILS[2], dept=department.name),
            )
            services.disclosure_submit(disclosure=record, actor=clerk)
            services.disclosure_review(disclosure=record, actor=reviewer)

    def make_special_cases(self):
        fgw = self.departments["QSFGW"]
        clerk, reviewer, signer = self.users["clerk"], self.users["reviewer"], self.users["signer"]
        body = BODY.format(title="示例", detail=DETAILS[0], dept=fgw.name)

        # Rejected back to the clerk, with the reviewer's comment.
        rejected = self.create_record(
            actor=clerk, department=fgw, domain="projects", category="approval_result",
            title="关于青山县城乡冷链物流中心项目可行性研究报告的批复", body=body,
            formed_on=self.today - datetime.timedelta(days=6),
        )
        services.disclosure_submit(disclosure=rejected, actor=clerk)
        services.disclosure_reject(disclosure=rejected, actor=reviewer, comment="批复文号缺失，请补充后重新提交。")

        # Signed but not yet released (a jurisdiction may publish by hand after signing).
        self.county.auto_publish = False
        self.county.save(update_fields=["auto_publish"])
        approved = self.create_record(
            actor=clerk, department=fgw, domain="projects", category="approval_result",
            title="关于青山县智慧农业示范园项目初步设计的批复", body=body,
            formed_on=self.today - datetime.timedelta(days=3),
        )
        services.disclosure_submit(disclosure=approved, actor=clerk)
        services.disclosure_review(disclosure=approved, actor=reviewer)
        services.disclosure_sign(disclosure=approved, actor=signer)
        self.county.auto_publish = True
        self.county.save(update_fields=["auto_publish"])

        # Published, then withdrawn with a public reason.
        withdrawn = self.published_record(fgw, "关于青山县物流园区道路工程项目建议书的批复", body)
        services.disclosure_withdraw(
            disclosure=withdrawn, actor=reviewer, reason="该项目已由上级部门统一批复，本批复依法撤回。"
        )

        # Published, then corrected: version 2 with a public change note, version 1 kept.
        corrected = self.published_record(fgw, "关于青山县城区供热管网改造项目核准的批复", body)
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
        on_request = self.create_record(
            actor=clerk, department=fgw, domain="projects", category="approval_result",
            title="青山县重点项目前期工作经费明细", body=body, disclosure_mode=DisclosureMode.ON_REQUEST,
            mode_reason="涉及第三方商业信息，依申请公开（《政府信息公开条例》第三十二条）。",
            formed_on=self.today - datetime.timedelta(days=40),
        )
        self.advance(on_request, Status.PUBLISHED, clerk, reviewer, signer, on_request.formed_on)
        not_disclosed = self.create_record(
            actor=clerk, department=fgw, domain="projects", category="supervision",
            title="青山县某项目稽察内部研究材料", body=body, disclosure_mode=DisclosureMode.NOT_DISCLOSED,
            mode_reason="属于内部事务信息和过程性信息（《政府信息公开条例》第十六条）。",
            formed_on=self.today - datetime.timedelta(days=30),
        )
        self.advance(not_disclosed, Status.PUBLISHED, clerk, reviewer, signer, not_disclosed.formed_on)

    def make_deadline_cases(self):
        """Overdue and due-soon records (for the deadline job and the dashboard), and published ones of known timeliness."""
        for code, domain, category, entry_code, title, status, offset in DEADLINE_CASES:
            department = self.departments[code]
            entry = self.entry(entry_code)
            due = self.working_day(offset)
            formed_on = self.formed_on_for(department, entry, domain, category, due)
            record = self.create_case(department, domain, category, entry, title, formed_on)
            if record.due_on != due:
                raise CommandError(f"演示数据：“{record.title}”的应公开日期为 {record.due_on}，预期 {due}。")
            clerk, reviewer, signer = self.people(department)
            self.advance(record, status, clerk, reviewer, signer, formed_on)
        for code, domain, category, entry_code, title, days_ago, working_days in PUBLISHED_CASES:
            department = self.departments[code]
            formed_on = self.today - datetime.timedelta(days=days_ago)
            record = self.create_case(department, domain, category, self.entry(entry_code), title, formed_on)
            clerk, reviewer, signer = self.people(department)
            services.disclosure_submit(disclosure=record, actor=clerk)
            services.disclosure_review(disclosure=record, actor=reviewer)
            services.disclosure_sign(disclosure=record, actor=signer)
            self.backdate(record, formed_on, working_days=working_days)

    def create_case(self, department, domain, category, entry, title, formed_on):
        title = title.format(y=self.today.year)
        return self.create_record(
            actor=self.people(department)[0], department=department, domain=domain, category=category,
            catalogue_entry=entry, title=title, formed_on=formed_on, written_on=formed_on,
            body=BODY.format(title=title, detail=self.random.choice(DETAILS), dept=department.name),
        )

    def working_day(self, offset: int) -> datetime.date:
        """The working day `offset` working days after (positive) or before (negative) today."""
        if offset > 0:
            return deadlines.add_working_days(self.today, offset).due_on
        calendar, day, counted = current_calendar(), self.today, 0
        while counted < -offset:
            day -= datetime.timedelta(days=1)
            counted += calendar.is_workday(day)
        return day

    def formed_on_for(self, department, entry, domain, category, due: datetime.date) -> datetime.date:
        """The latest formation date whose due date is `due` (every working day is some date's due date)."""
        entry = entry or services.default_catalogue_entry(domain, category)
        formed_on = due
        while True:
            formed_on -= datetime.timedelta(days=1)
            computed = deadlines.compute_due(jurisdiction=department.jurisdiction, entry=entry, formed_on=formed_on)
            if computed.due_on <= due:
                return formed_on

    def published_record(self, department, title, body):
        clerk, reviewer, signer = self.users["clerk"], self.users["reviewer"], self.users["signer"]
        formed_on = self.today - datetime.timedelta(days=45)
        record = self.create_record(
            actor=clerk, department=department, domain="projects", category="approval_result",
            title=title, body=body, formed_on=formed_on,
        )
        self.advance(record, Status.PUBLISHED, clerk, reviewer, signer, formed_on)
        record.refresh_from_db()
        return record
