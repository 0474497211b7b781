"""
The demo county 青山县: its jurisdictions, departments and users, and what every domain's demo shares.

`County` is handed to every builder (demo/cases.py and each domain's module): it holds the day the demo
is built, the seeded random generator, the departments and users, each domain's subjects once they are
registered, and the steps every builder takes with a record (take it through the workflow, back-date its
publication). Records go through the kernel's and the domains' services, as users would.
"""

import datetime
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from catalogue.models import CatalogueEntry
from disclosures import deadlines, services
from disclosures.choices import Status
from disclosures.details import placeholder_details
from disclosures.models import Disclosure, DisclosureVersion
from organizations.choices import JurisdictionLevel, Role
from organizations.models import Department, Jurisdiction, Membership
from workdays.choices import ClockUnit

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


@dataclass(frozen=True)
class DomainDemo:
    """How the demo builds one domain (registered in demo/__init__.py under the domain's code).

    `seed_demo` calls, for every domain of the registry in its order: `subjects(county)` (the domain's
    subjects, registered before any record; kept in `county.subjects[code]`), then, after the cross-domain
    cases of demo/cases.py, `records(county)`. A cross-domain case of the domain whose title names one of
    its subjects is made by `case_record(county, category=..., **fields)`; without that hook it is a plain
    record with placeholder structured fields.
    """

    records: Callable
    subjects: Callable | None = None
    case_record: Callable | None = None


class County:
    def __init__(self, *, seed: int, builders: dict[str, DomainDemo]):
        self.random = random.Random(seed)
        self.today = timezone.localdate()
        self.builders = builders
        self.subjects: dict[str, dict] = {}
        self.people_cache: dict[int, tuple] = {}
        self.sequences: Counter = Counter()

    def next_in_sequence(self, name: str) -> int:
        """1, 2, 3… for each name: numbers a builder hands out across its calls."""
        self.sequences[name] += 1
        return self.sequences[name]

    # ------------------------------------------------------------------------------------
    def build_organisations(self):
        prefecture = Jurisdiction.objects.create(name="云岭州", code="YLZ", level=JurisdictionLevel.PREFECTURE)
        # 网站标识 (国办发〔2017〕47号): clearly fictional numbers; a real site shows the ones it was issued.
        self.county = Jurisdiction.objects.create(
            name="青山县", code="QSX", level=JurisdictionLevel.COUNTY, parent=prefecture, deadline_days=20,
            site_sponsor="青山县人民政府办公室", site_operator="青山县政务公开办公室", site_code="0000000000",
            icp_record="演示ICP备00000000号-1", police_record="演示公网安备 00000000000000号",
            contact_address="演示省云岭州青山县城关镇人民路1号（演示地址）", contact_phone="0000-0000000",
            contact_email="gongkai@qingshan.example", conac_url="https://conac.example/sitename?id=0000",
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
    def entry(self, code: str | None) -> CatalogueEntry | None:
        return CatalogueEntry.objects.get(code=code) if code else None

    def create_record(self, **fields):
        """disclosure_create with structured fields filled for the category, or the domain's own
        `case_record` hook (a record of the subject its title names, with believable structured fields)
        when the caller gives no details."""
        entry = fields.get("catalogue_entry")
        domain = fields.get("domain") or (entry.domain if entry else "")
        category = fields.get("category") or (entry.category if entry else "")
        builder = self.builders.get(domain)
        if builder is not None and builder.case_record is not None and "details" not in fields:
            fields.pop("category", None)
            return builder.case_record(self, category=category, **fields)
        fields.setdefault("details", placeholder_details(domain, category))
        return services.disclosure_create(**fields)

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
        limit = {  # in working days: a period in 日 is about 5/7 as many
            ClockUnit.WORKING_DAYS: record.deadline_days,
            ClockUnit.CALENDAR_DAYS: max(1, (record.deadline_days or 0) * 5 // 7),
        }.get(record.deadline_unit) or 20
        if working_days is None:
            if self.random.random() < 0.25:
                working_days = limit + self.random.choice([1, 2, 3, 5, 8, 13])
            else:
                working_days = self.random.randint(max(1, limit // 4), limit)
        if record.deadline_unit == ClockUnit.HOURS:
            # An hour clock (紧急信息): published within its hours, a few hours after it was formed.
            start = record.formed_at or timezone.make_aware(datetime.datetime.combine(formed_on, datetime.time(8)))
            hours = self.random.randint(2, max(2, min(record.deadline_days - 1, 20)))
            published_at = start + datetime.timedelta(hours=hours, minutes=self.random.randint(0, 59))
        else:
            published_day = min(deadlines.add_working_days(formed_on, working_days).due_on, self.today)
            published_at = timezone.make_aware(
                datetime.datetime.combine(
                    published_day, datetime.time(9 + self.random.randint(0, 8), self.random.randint(0, 59))
                )
            )
        published_at = min(published_at, timezone.now())
        late = services.timeliness(record, published_at)  # None for a record without a deadline
        Disclosure.objects.filter(pk=record.pk).update(published_at=published_at, late_working_days=late)
        DisclosureVersion.objects.filter(disclosure=record).update(published_at=published_at)
