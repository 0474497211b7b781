"""The demo county's 督办单, one in every state, issued by the office (user `office`) on back-dated days:

- 发展和改革委员会 (users clerk / reviewer / signer): one 待答复 on its overdue records, one 已答复待审核,
  one 已办结;
- 自然资源局: a 提醒 past its answer period (逾期), flagged as the overdue job would;
- 住房和城乡建设局: 退回重新整改 today, with the office's comment (a new answer period from today);
- 交通运输局: a 提醒 escalated to 督办 (the new notice copied to its 分管领导).

The steps' own timestamps (答复时间, 办结时间) are set to the back-dated days; the audit trail, which only grows,
keeps the day the demo was built, as for the demo's records."""

import datetime

from django.utils import timezone

from disclosures.choices import UNPUBLISHED_STATUSES
from disclosures.models import Disclosure
from supervision import services
from supervision.choices import Level
from supervision.models import Notice
from workdays import clock
from workdays.services import current_calendar


def _working_days_ago(county, days: int) -> datetime.date:
    day, calendar = county.today, current_calendar()
    while days:
        day -= datetime.timedelta(days=1)
        if calendar.is_workday(day):
            days -= 1
    return day


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _answer(county, notice: Notice, *, clerk, reviewer, cause: str, measures: str, on: datetime.date) -> None:
    items = {item.pk: ("fixed", "", None) for item in notice.items.all()}
    services.notice_answer_edit(notice=notice, actor=clerk, cause=cause, measures=measures, items=items,
                                evidence_links="https://www.qingshan.gov.cn/zdly/")
    services.notice_submit_answer(notice=notice, actor=reviewer)
    Notice.objects.filter(pk=notice.pk).update(answered_at=_at(on, 16), answered_late=on > (notice.due_on or on))


def _late_records(department, count: int) -> list[Disclosure]:
    return list(Disclosure.objects.filter(department=department, status__in=UNPUBLISHED_STATUSES,
                                          due_on__lt=timezone.localdate()).order_by("due_on")[:count])


def build(county) -> None:
    office = county.users["office"]
    fgw, zrzy, zjj, jtj = (county.departments[code] for code in ("QSFGW", "QSZRZY", "QSZJJ", "QSJTJ"))
    fgw_clerk, fgw_reviewer = county.users["clerk"], county.users["reviewer"]

    def people(department):
        clerk, reviewer, _signer = county.people(department)
        return clerk, reviewer

    # 已办结: issued six weeks ago, answered within its period, accepted.
    closed_on = _working_days_ago(county, 24)
    closed = services.notice_issue(
        actor=office, department=fgw, level=Level.SUPERVISE, on=_working_days_ago(county, 30),
        required_action="“重大建设项目批准和实施”栏目三季度无更新，请核查并按标准目录补齐应公开信息。",
        others=[("stale_column", "重大建设项目 · 批准服务信息：90 天未更新")],
    )
    _answer(county, closed, clerk=fgw_clerk, reviewer=fgw_reviewer, on=_working_days_ago(county, 27),
            cause="项目审批信息由业务科室报送，公开科室未及时跟进。", measures="已补充发布 3 条批复信息，建立每周报送台账。")
    services.notice_accept(notice=closed, actor=office)
    Notice.objects.filter(pk=closed.pk).update(closed_at=_at(closed_on))

    # 已答复待审核: issued last week, answered yesterday.
    answered = services.notice_issue(
        actor=office, department=fgw, level=Level.REMIND, on=_working_days_ago(county, 4),
        required_action="专栏中一条批复的附件无法打开，请更正。",
        others=[("dead_link", "https://www.qingshan.gov.cn/zdly/fgw/pf-0415.pdf 返回 404")],
    )
    _answer(county, answered, clerk=fgw_clerk, reviewer=fgw_reviewer, on=_working_days_ago(county, 1),
            cause="网站改版后附件路径变更。", measures="已重新上传附件并核对全部链接。")

    # 待答复: today's notice on the 发改委's overdue records (its clerk and 部门负责人 see it in their inbox).
    late = _late_records(fgw, 2)
    services.notice_issue(
        actor=office, department=fgw, level=Level.SUPERVISE, on=county.today,
        required_action="以下信息已超过法定公开时限，请立即审核发布，并书面说明逾期原因和整改措施。",
        records=late, others=[] if late else [("other", "请核查本单位逾期未公开信息。")],
    )

    # 退回重新整改: answered, returned two working days ago (a new period from then).
    clerk, reviewer = people(zjj)
    returned = services.notice_issue(
        actor=office, department=zjj, level=Level.SUPERVISE, on=_working_days_ago(county, 9),
        required_action="保障性住房分配结果公示缺少分配对象的户籍所在地等要素，请补正。",
        others=[("other", "公租房分配结果公示要素不全")],
    )
    _answer(county, returned, clerk=clerk, reviewer=reviewer, on=_working_days_ago(county, 5),
            cause="公示模板缺少相应字段。", measures="已修改模板。")
    services.notice_return(notice=returned, actor=office, comment="答复未附整改后的网页地址，且已发布的公示尚未更正，请补正后重新答复。")

    # 逾期未答复: a 提醒 to the 自然资源局 whose period ended; the overdue job flags it.
    overdue = services.notice_issue(
        actor=office, department=zrzy, level=Level.REMIND, on=_working_days_ago(county, 8),
        required_action="土地征收信息栏目两个月未更新，请核查征收土地公告是否按时公开。",
        others=[("stale_column", "公共资源配置 · 土地征收：61 天未更新")],
    )
    clock.flag_overdue(clock.registration(Notice), today=county.today, now=timezone.now())
    overdue.refresh_from_db()

    # 已升级: a 提醒 to the 交通运输局, unanswered, escalated to 督办 (copied to its 分管领导).
    first = services.notice_issue(
        actor=office, department=jtj, level=Level.REMIND, on=_working_days_ago(county, 12),
        required_action="农村公路建设项目招标投标信息未公开，请补充公开。",
        others=[("other", "农村公路提档升级工程招标投标信息未公开")],
    )
    clock.flag_overdue(clock.registration(Notice), today=county.today, now=timezone.now())
    first.refresh_from_db()
    services.notice_escalate(notice=first, actor=office)


def build_circular(county) -> None:
    """Last month's 通报, generated from the demo's figures and published in the 通报 column."""
    first_of_month = county.today.replace(day=1)
    end = first_of_month - datetime.timedelta(days=1)
    circular = services.circular_generate(actor=county.users["office"], start=end.replace(day=1), end=end)
    services.circular_edit(
        circular=circular, actor=county.users["office"], title=circular.title, intro=circular.intro,
        requirements="各单位要对照标准目录逐项核查应公开信息，确保在法定时限内公开；对通报批评的问题，"
        "于5个工作日内整改到位并书面报告县政务公开办。",
    )
    services.circular_publish(circular=circular, actor=county.users["office"])
