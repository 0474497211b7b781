"""The demo county's information requests (依申请公开): one in every state, each taken through the same
services a clerk uses, with legal dates counted back from today on the county's calendar — among them one
paused for a third party, one extended, one answered 部分公开, one abandoned and one overdue."""

import datetime

from django.contrib.auth.models import Permission
from django.utils import timezone

from inforequests import services
from inforequests.models import RequestDesk
from workdays.services import current_calendar

APPLICANTS = [
    ("person", "周明", "", "id_card", "530102198805061234"),
    ("business", "青山县恒达建材有限公司", "吴婷", "credit_code", "91533100MA6K8XQ12F"),
    ("legal", "云岭衡平律师事务所", "郑律师", "credit_code", "31530000MD0123456X"),
    ("person", "马丽", "", "id_card", "530102199203154321"),
    ("research", "云岭大学公共管理学院", "何老师", "credit_code", "12530000431201234Q"),
    ("nonprofit", "青山县绿水环保志愿者协会", "林会长", "credit_code", "51533100MJ0312345K"),
    ("other", "城西社区居民委员会", "高主任", "credit_code", "55533100MEA123456P"),
]
ASKS = [
    "城西片区棚户区改造项目征收补偿方案及补偿标准",
    "2025年度县城区道路改造工程的招标文件和中标通知书",
    "青山县第二中学扩建项目环境影响评价批复",
    "2026年城乡居民最低生活保障资金分配和使用情况",
    "县人民医院门诊楼建设项目的施工许可证",
    "白水镇污水处理厂建设项目的用地预审意见",
    "城西工业园区供水管网改造工程的竣工验收报告",
]


class RequestDemo:
    def __init__(self, county):
        self.county = county
        self.calendar = current_calendar()
        self.office = county.users["office"]
        self.clerk = county.users["clerk"]
        self.reviewer = county.users["reviewer"]
        self.body = county.departments["QSZFB"]
        self.handler = county.departments["QSFGW"]
        self.count = 0

    def back(self, working_days: int) -> datetime.date:
        """The working day `working_days` working days before today (0: today, or the last working day)."""
        return self.calendar.working_day_before(self.county.today, working_days, self.county.county.pk)

    def apply(self, received_ago: int | None, channel: str = "in_person"):
        kind, name, contact, id_type, id_number = APPLICANTS[self.count % len(APPLICANTS)]
        ask = ASKS[self.count % len(ASKS)]
        self.count += 1
        received = self.back(received_ago) if received_ago is not None else None
        submitted = timezone.make_aware(datetime.datetime.combine(received or self.back(1), datetime.time(9, 30)))
        request, _code = services.request_create(
            addressed_to=self.body, channel=channel, actor=None if channel == "online" else self.office,
            submitted_at=submitted, received_on=None if channel in ("online", "fax", "ordinary_post") else received,
            applicant_type=kind, applicant_name=name, contact_person=contact, id_type=id_type, id_number=id_number,
            phone=f"139{self.count:08d}", email=f"applicant{self.count}@example.com", description=ask,
            info_form="electronic", delivery="email",
        )
        return request

    def assigned(self, received_ago: int):
        request = self.apply(received_ago)
        on = self.back(received_ago - 1 if received_ago > 1 else 0)
        return services.request_assign(request=request, actor=self.office, department=self.handler, on=on)

    def answered(self, received_ago: int, reply_type: str, subtype: str, text: str, basis: str = ""):
        request = self.assigned(received_ago)
        services.reply_submit(request=request, actor=self.clerk, reply_type=reply_type, subtype=subtype, text=text,
                              basis=basis)
        replied = self.back(received_ago - 12)
        services.reply_issue(request=request, actor=self.reviewer, on=replied)
        services.request_deliver(request=request, actor=self.clerk, on=replied, note="电子邮件发送")
        return request

    def build(self):
        RequestDesk.objects.create(
            jurisdiction=self.county.county, department=self.body, address="青山县城关镇人民路1号县政府办公楼一楼政务公开办",
            postcode="675000", hours="工作日 上午 9:00—12:00，下午 13:30—17:30", phone="0878-0000001",
            fax="0878-0000002", email="gk@qingshan.gov.cn",
        )
        self.office.user_permissions.add(Permission.objects.get(codename="approve_extension"))
        self.office = type(self.office).objects.get(pk=self.office.pk)  # its permissions afresh

        # 待确认: an online application not yet confirmed with the applicant (第三十一条).
        self.apply(None, channel="online")
        # 待分办: one received today, one waiting three working days (the board flags ≥ 2).
        self.apply(0)
        self.apply(3)
        # 待补正: a request too vague to search, told within its 7 working days (第三十条).
        vague = self.assigned(8)
        services.request_correction(request=vague, actor=self.clerk, on=self.back(4),
                                    content="请写明所需信息的文号、形成时间或者项目名称。", deadline=self.back(0) + datetime.timedelta(days=14))
        # 办理中, paused: a third party consulted (第三十二条), its answer not yet in.
        paused = self.assigned(12)
        services.consultation_send(request=paused, actor=self.clerk, kind="third_party", party="青山县恒达建材有限公司",
                                   on=self.back(4), party_received_on=self.back(3))
        # 办理中, extended once by 20 working days before its period ran out (第三十三条第二款).
        extended = self.assigned(25)
        services.extension_request(request=extended, actor=self.clerk, on=self.back(8), reason="涉及多年度档案，需调阅整理。")
        services.extension_grant(request=extended, actor=self.office, on=self.back(7), days=20,
                                 reason="涉及多年度档案，需调阅整理。")
        # 待缴费: 150 pages by volume, ¥1,700 (国办函〔2020〕109号 第五条).
        fee = self.assigned(10)
        services.fee_notice(request=fee, actor=self.clerk, on=self.back(2), mode="per_volume", pages=150)
        # 答复待审核.
        reviewing = self.assigned(15)
        services.reply_submit(request=reviewing, actor=self.clerk, reply_type="disclosed",
                              text="经检索，现向您提供所申请的政府信息（见附件）。")
        # 逾期: received 24 working days ago, still unanswered.
        self.assigned(24)
        # 已答复: 部分公开, 予以公开, 不予公开, 无法提供.
        self.answered(30, "partly", "", "提供征收补偿方案；其中涉及被征收人个人信息的部分不予公开。",
                      "《政府信息公开条例》第三十七条、第十五条")
        self.answered(28, "disclosed", "", "现向您提供所申请的政府信息（见附件）。")
        self.answered(26, "refused", "third_party", "所申请信息涉及第三方商业秘密，经征求意见，第三方不同意公开。",
                      "《政府信息公开条例》第十五条")
        self.answered(22, "unavailable", "not_held", "经检索，本机关未制作或获取该政府信息。",
                      "《政府信息公开条例》第三十六条第（四）项")
        # 视为放弃: no 补正 by its deadline (第三十条).
        abandoned = self.assigned(40)
        services.request_correction(request=abandoned, actor=self.clerk, on=self.back(38),
                                    content="请写明所需信息的名称或者文号。", deadline=self.back(30))
        services.request_abandon(request=abandoned, on=self.back(29))
        # 申请人撤回.
        withdrawn = self.assigned(6)
        services.request_withdraw(request=withdrawn, actor=self.office, on=self.back(2), reason="申请人电话告知撤回申请。")


def build(county) -> None:
    RequestDemo(county).build()
