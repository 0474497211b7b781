"""
`python manage.py seed_bulk --records 1000000 [--seed N]` — a county archive at scale, for benchmarks.

PostgreSQL only. Rows are built in Python from Chinese vocabularies (projects, places, departments,
批复/公告/公示 phrasing; bodies of 200–2,000 characters) with a seeded generator per batch, so the
same seed gives the same data whatever the number of processes. Two worker processes build the rows
and their search chunks (`disclosures.search.chunks` and `lexemes`, exactly what `index_record` stores); the
main process streams them with COPY into `disclosures_disclosure` and `disclosures_searchchunk`.
The tables' secondary indexes and foreign keys are dropped for the load (one transaction), then
recreated and the keys validated on two connections at once, as `pg_restore -j` does, the records
vacuumed and both tables analyzed.

Spread: the three domains and every category of each (`all_domains()`), ~30 departments of a county
and its towns, publication dates over 10 years (more in recent years), mostly published, some
依申请公开 / 不予公开 / withdrawn, and recent unpublished records (drafts, submitted, reviewed,
approved), a third of them past due and already flagged — as if the daily job had run.

Refused unless DEBUG is on or `--i-know-this-is-not-production` is given.
"""

import datetime
import io
import json
import multiprocessing
import random
import threading
import time
from itertools import chain
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.utils import timezone

from catalogue.models import CatalogueEntry
from core.domains import all_domains
from demo import county as demo_county
from disclosures.choices import DisclosureMode, Status
from disclosures.details import details_form_for, details_rows
from disclosures.models import Disclosure, SearchChunk
from disclosures.search import chunks, lexemes, terms
from organizations.choices import JurisdictionLevel
from organizations.models import Department, Jurisdiction

BATCH = 5_000
YEARS = 10
BULK_USER = "bulk_loader"
BULK_SEQ_BASE = 9_000_000

# Rare words the benchmark searches for (a village mentioned in about 1 record in 20,000), and one
# phrase made of common bigrams that the vocabulary never puts side by side.
RARE_VILLAGES = ["鹧鸪岭村", "麒麟坳村", "獐子沟村", "鸬鹚滩村", "蟠龙峪村", "貔貅岩村", "鹦鹉洲村", "蝙蝠洞村"]
RARE_PROBABILITY = 1 / 20_000

# code, name, is_office (county), then towns with their departments.
COUNTY = ("QSX", "青山县")
# The demo county's departments (demo/county.py) and four more a county of this size has.
COUNTY_DEPARTMENTS = [
    *demo_county.COUNTY_DEPARTMENTS,
    ("QSRSJ", "青山县人力资源和社会保障局", False),
    ("QSSCJ", "青山县市场监督管理局", False),
    ("QSGZW", "青山县国有资产监督管理局", False),
    ("QSLYJ", "青山县林业局", False),
]
TOWNS = {
    ("BSZ", "白水镇"): [("BSZDZB", "白水镇党政办公室", True), ("BSZSH", "白水镇社会事务办公室", False)],
    ("SMZ", "石门镇"): [("SMZDZB", "石门镇党政办公室", True), ("SMZJS", "石门镇村镇建设办公室", False)],
    ("LTX", "龙潭乡"): [("LTXDZB", "龙潭乡党政办公室", True), ("LTXSH", "龙潭乡社会事务办公室", False)],
    ("XAZ", "新安镇"): [("XAZDZB", "新安镇党政办公室", True), ("XAZJS", "新安镇村镇建设办公室", False)],
}

# Which departments publish each domain's records (towns publish some welfare and housing records).
DOMAIN_DEPARTMENTS = {
    "projects": ["QSFGW", "QSZRZY", "QSZJJ", "QSJTJ", "QSSLJ", "QSGGZY", "QSSTHJ", "QSLYJ"],
    "resources": ["QSZRZY", "QSCZJ", "QSGGZY", "QSZJJ", "QSGZW", "BSZJS", "SMZJS", "XAZJS"],
    "welfare": ["QSJYJ", "QSWJW", "QSMZJ", "QSWTJ", "QSYJJ", "QSXCZX", "QSSTHJ", "QSRSJ", "QSNYJ",
                "BSZSH", "SMZDZB", "LTXSH", "XAZDZB", "BSZDZB", "LTXDZB"],
}

PLACES = ["青山县", "白水镇", "石门镇", "龙潭乡", "新安镇", "城关镇", "城北新区", "城南片区", "工业园区", "青山湖景区"]
VILLAGE_HEADS = "东西南北上下大小新老高前后中黄白石马牛柳杨桃李枫竹松梅"
VILLAGE_TAILS = "坪岭湾沟坝桥塘岗庄寨坡冲堡口溪"
SUBJECTS = ["城北片区", "G219线", "第二中学", "人民医院", "工业园区", "农村供水", "城乡环卫一体化", "滨河路",
            "县城污水处理厂", "中医医院", "职业中学", "文化体育中心", "老旧小区", "冷链物流园", "青山湖",
            "高标准农田", "白水河", "石门水库", "新安大道", "第三小学", "妇幼保健院", "垃圾焚烧发电"]
KINDS = ["新建工程", "改扩建工程", "建设项目", "提升改造项目", "综合治理工程", "二期工程", "配套基础设施项目"]
GOODS = ["医疗设备", "教学仪器", "办公家具", "信息化系统", "环卫车辆", "物业管理服务", "食堂食材配送服务",
         "图书", "安防监控设备", "绿化养护服务", "体育器材", "课桌椅"]
ORGS = ["青山县人民医院", "青山县第一中学", "青山县教育局", "青山县城市管理局", "青山县中医医院", "青山县疾控中心"]
COMPANIES = ["青山县城市建设投资有限公司", "青山水务有限公司", "青山县交通投资有限公司", "青山县农业发展有限公司"]
MINERALS = ["建筑用砂石", "石灰岩", "花岗岩", "页岩", "高岭土"]
KEYWORDS = {
    "projects": ["项目", "批复", "招标", "征地", "施工", "竣工", "质量安全", "审批"],
    "resources": ["出让", "采购", "招标投标", "产权交易", "保障性住房", "矿业权", "土地"],
    "welfare": ["救助", "教育", "医疗卫生", "文化体育", "环境保护", "乡村振兴", "资金"],
}

TITLES = {
    "approval_service": ["{project}审批服务指南", "{dept}投资项目审批事项办事指南（{year}年版）"],
    "approval_result": ["关于{project}可行性研究报告的批复", "关于{project}核准的批复",
                        "{project}建设用地规划许可批前公示", "关于{project}初步设计的批复"],
    "bidding": ["{project}施工招标公告", "{project}中标候选人公示", "{project}监理招标公告"],
    "land_expropriation": ["{place}{year}年第{n}批次征收土地预公告", "征地补偿安置方案公告（{place}{year}-{n}号）"],
    "design_change": ["{project}重大设计变更批复"],
    "construction": ["{project}施工有关信息公开"],
    "quality_safety": ["{project}质量安全监督检查情况通报", "{project}质量安全行政处罚决定（青建罚〔{year}〕{n}号）"],
    "completion": ["{project}竣工验收备案公示"],
    "supervision": ["{project}项目监管检查情况"],
    "housing": ["{year}年{place}公共租赁住房配租结果公示", "{place}保障性住房资格审核公示（第{n}批）"],
    "land_use_right": ["国有建设用地使用权出让公告（青山〔{year}〕{n}号宗地）",
                       "国有建设用地使用权出让结果公示（青山〔{year}〕{n}号宗地）"],
    "mining_right": ["{place}{mineral}矿采矿权出让公告", "采矿权出让结果公示（{place}{mineral}矿）"],
    "procurement": ["{org}{goods}采购项目中标（成交）结果公告", "{org}{goods}采购项目公开招标公告", "{org}{goods}采购意向公开"],
    "state_property": ["{company}股权转让项目信息披露", "{company}资产租赁项目公告"],
    "construction_bidding": ["{project}施工招标公告", "{project}中标结果公示"],
    "poverty_alleviation": ["{year}年度防止返贫监测对象识别结果公示（{place}）", "{year}年{place}衔接推进乡村振兴补助资金项目公告"],
    "education": ["{year}年秋季学期家庭经济困难学生认定结果", "{org}{year}年招生工作方案"],
    "health": ["{year}年基本公共卫生服务项目绩效评价结果", "{org}医疗服务价格公示"],
    "culture_sports": ["{year}年{place}公共文化服务项目实施情况", "{place}全民健身设施建设公示"],
    "social_assistance": ["{year}年第{q}季度城乡最低生活保障资金发放情况", "{place}{year}年{month}月特困人员供养名单公示"],
    "environment": ["{project}环境影响报告表审批结果公告", "{year}年{month}月{place}环境空气质量状况"],
    "disaster_relief": ["{place}{year}年{month}月洪涝灾害救助资金发放公示", "{place}森林火灾应急处置情况通报"],
}
OPENING = ("根据《中华人民共和国政府信息公开条例》和《关于推进重大建设项目批准和实施、公共资源配置、"
           "社会公益事业建设领域政府信息公开的意见》要求，现将{title}有关情况公开如下：")
SECTIONS = ["一、基本情况。", "二、主要内容。", "三、办理依据。", "四、实施进展。", "五、资金安排。", "六、下一步工作。"]
SENTENCES = [
    "项目总投资{money}万元，建设地点位于{place}{village}，建设期{num}个月。",
    "本次共涉及{num}个乡镇{num2}个行政村，资金已按程序拨付到位。",
    "经审核，符合条件的对象共{num3}户，已完成入户核查和公示。",
    "本年度计划完成投资{money}万元，截至目前完成{pct}%。",
    "各项指标符合国家标准要求，未发现违法违规情形。",
    "经{dept}研究，同意该项目按程序开展前期工作，请严格执行基本建设程序。",
    "项目建设内容主要包括道路、给排水、电力、绿化及附属设施等工程。",
    "请项目单位据此抓紧落实各项建设条件，加快推进项目建设，确保按期建成投用。",
    "{village}群众代表参加了现场踏勘和评审会议，对方案无异议。",
    "招标人为{org}，招标代理机构为青山建设工程咨询有限公司，资金来源为财政资金。",
    "投标人须具备建筑工程施工总承包三级及以上资质，并在人员、设备、资金等方面具有相应的施工能力。",
    "中标候选人第一名为云岭建工集团有限公司，投标报价{money}万元，工期{num}日历天。",
    "公示期为{num}个工作日，公示期内对结果有异议的，可以书面形式向{dept}提出。",
    "本批次征收土地面积{num}.{num2}公顷，涉及{place}{village}集体土地，补偿标准按照自治区有关规定执行。",
    "住房保障对象通过公开摇号方式确定配租房源，全过程接受纪检监察部门和群众代表监督。",
    "宗地位于{place}，土地用途为城镇住宅用地，出让年限70年，起始价{money}万元。",
    "竞得人应在签订成交确认书后{num}个工作日内与自然资源部门签订国有建设用地使用权出让合同。",
    "采购预算{money}万元，最高限价{money}万元，本项目不接受联合体投标。",
    "评标委员会由{num}人组成，其中经济技术专家不少于成员总数的三分之二。",
    "{year}年全县城乡低保对象{num3}人，累计发放低保金{money}万元，做到应保尽保、按标施保。",
    "学生资助资金通过一卡通直接发放到学生或家长账户，严禁截留、挤占、挪用。",
    "全县基本公共卫生服务项目人均补助标准提高到{num}元，居民健康档案规范化电子建档率达到{pct}%。",
    "公共文化设施免费开放，全年开展送戏下乡、送书下乡活动{num}场次，惠及群众{num3}人次。",
    "项目环境影响报告表提出的各项污染防治措施可行，同意按照报告表所列建设内容进行建设。",
    "灾害发生后，{dept}立即启动应急预案，转移安置受灾群众{num3}人，发放救灾物资{num}批次。",
    "救助资金实行专户管理、专账核算，资金发放情况在村务公开栏同步公示。",
    "对公开内容如有异议，请在公开之日起7个工作日内向{dept}反映，监督电话：0908-42{phone}。",
    "本信息由{dept}负责解释，联系地址：青山县政务服务中心{num}楼。",
    "下一步，将继续加强项目全过程监管，按照“谁主管、谁负责，谁公开、谁负责”的原则做好信息公开工作。",
    "{village}{project}现场施工有序推进，累计完成工程量的{pct}%。",
]

PUBLIC_STATES = [(Status.PUBLISHED, 0.935), (Status.WITHDRAWN, 0.005)]
UNPUBLISHED_STATES = [(Status.DRAFT, 0.025), (Status.SUBMITTED, 0.02), (Status.REVIEWED, 0.01), (Status.APPROVED, 0.005)]
LOCAL = ZoneInfo(settings.TIME_ZONE)

_CONTEXT: dict = {}  # read by the worker processes (inherited by fork)


def _copy_text(value) -> str:
    """One field in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _weighted(rng, pairs):
    pick, total = rng.random(), 0.0
    for value, weight in pairs:
        total += weight
        if pick < total:
            return value
    return pairs[-1][0]


def _body_length(rng) -> int:
    """200–2,000 characters: most notices are short, a few are long."""
    return min(2000, max(200, int(rng.lognormvariate(6.15, 0.55))))


def _fill(rng, template: str, **known) -> str:
    values = {
        "place": rng.choice(PLACES),
        "village": rng.choice(VILLAGE_HEADS) + rng.choice(VILLAGE_TAILS) + "村",
        "money": f"{rng.randint(50, 90000):,}",
        "num": rng.randint(2, 60),
        "num2": rng.randint(1, 30),
        "num3": rng.randint(20, 5000),
        "pct": rng.randint(30, 100),
        "phone": f"{rng.randint(0, 99):02d}",
        "org": rng.choice(ORGS),
        "project": rng.choice(PLACES[:5]) + rng.choice(SUBJECTS) + rng.choice(KINDS),
        "year": rng.randint(2016, 2026),
        **known,
    }
    return template.format(**values)


def _sentence_pool(rng, departments: list[str], size: int = 120) -> list[tuple[str, list[str]]]:
    """Filled sentences with their search terms, built once: bodies are made of them.

    Every sentence (and section heading) ends with Chinese punctuation, so the terms of a body made
    of them are the concatenation of theirs: computed once here instead of for every record."""
    pool = []
    for template in SENTENCES:
        for _ in range(size):
            text = _fill(rng, template, dept=rng.choice(departments))
            pool.append((text, terms(text)))
    return pool


def _generate(job: tuple[int, int, int, int, int]) -> tuple[bytes, bytes]:
    """Rows [first_id, first_id + count) of the load's rows [first, first + total) as COPY text for both tables.

    Rows are written in the order a real archive grows: a published record formed later has a higher id
    and lies later in the table. Its formation date is drawn from the same distribution as before, one
    stratum per row (the row's place in the load plus a uniform draw), so the archive is as large per year
    as before; publication still lags formation by a random number of working days, so neighbours are
    not strictly in publication order. (In random order every index-only scan re-pinned a visibility-map
    page for most entries: 8,325 buffer hits for list page 500's 10,021, which a portal whose clerks
    enter records day by day does not pay; docs/performance.md, 第四轮.)"""
    first_id, count, seed, first, total = job
    ctx = _CONTEXT
    rng = random.Random(seed * 1_000_003 + first_id)
    records, search_rows = io.StringIO(), io.StringIO()
    today, pool, sections = ctx["today"], ctx["pool"], ctx["sections"]
    for pk in range(first_id, first_id + count):
        domain = _weighted(rng, ctx["domain_weights"])
        category = _weighted(rng, ctx["category_weights"][domain])
        department = rng.choice(ctx["departments"][domain])
        state = _weighted(rng, ctx["states"])
        unpublished = state in ctx["unpublished"]
        if unpublished:  # drafts are recent: formed in the last 40 days, a third of them past due
            formed_on = today - datetime.timedelta(days=rng.randint(0, 40))
        else:
            # more records in recent years: the square root of a uniform leans towards today
            stratum = (pk - first + rng.random()) / total  # uniform over the load, rising with the id
            formed_on = today - datetime.timedelta(days=int(ctx["days"] * (1 - stratum**0.6)) + 1)
        deadline_days = ctx["deadline_days"]
        due_on = formed_on + datetime.timedelta(days=deadline_days * 7 // 5)
        year = formed_on.year
        title = _fill(
            rng, rng.choice(TITLES.get(category, ["{place}{year}年信息公开"])),
            dept=department["name"], year=year, n=rng.randint(1, 99), q=rng.randint(1, 4),
            month=rng.randint(1, 12), mineral=rng.choice(MINERALS), goods=rng.choice(GOODS),
            company=rng.choice(COMPANIES),
        )
        length = _body_length(rng)
        opening = OPENING.format(title=title)
        paragraphs, body_terms = [opening], [terms(opening)]
        size, section = len(opening), 0
        while size < length:
            parts = [sections[section]] if section < len(sections) else []
            parts += rng.choices(pool, k=rng.randint(2, 4))
            text = "".join(part[0] for part in parts)
            paragraphs.append(text)
            body_terms.extend(part[1] for part in parts)
            size += len(text)
            section += 1
        if rng.random() < RARE_PROBABILITY * len(RARE_VILLAGES):
            text = f"涉及{rng.choice(RARE_VILLAGES)}等村组，相关情况已张榜公布。"
            paragraphs.append(text)
            body_terms.append(terms(text))
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        details, details_json, detail_values, detail_terms = rng.choice(ctx["details"][(domain, category)])
        mode = _weighted(rng, ctx["modes"])
        entry_ids = ctx["entries"].get((domain, category)) or [None]
        published_at = index_no = late = flagged = None
        withdrawn_at = None
        withdrawal_reason = ""
        if not unpublished:
            lag = max(0, int(rng.expovariate(1 / 8)))  # working days from formation to publication
            published_day = formed_on + datetime.timedelta(days=lag * 7 // 5)
            published_day = min(published_day, today)
            published_at = datetime.datetime.combine(
                published_day, datetime.time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)), LOCAL
            )
            late = max(0, lag - deadline_days)
            # 流水号 from 9,000,000 + id: unique, and far above what the daily publications reach
            index_no = department["pattern"].format(
                dept_code=department["code"], jurisdiction_code=department["jurisdiction_code"],
                year=published_day.year, seq=BULK_SEQ_BASE + pk,
            )
            if state == Status.WITHDRAWN:
                withdrawn_at = published_at + datetime.timedelta(days=rng.randint(1, 60))
                withdrawal_reason = "信息有误，已重新发布。"
        elif due_on < today:
            flagged = datetime.datetime.combine(due_on + datetime.timedelta(days=1), datetime.time(1, 0), LOCAL)
        created_at = datetime.datetime.combine(formed_on, datetime.time(9, 0), LOCAL)
        updated_at = withdrawn_at or published_at or created_at
        user = ctx["user_id"]
        doc_no = f"青{department['code'][2:4]}发〔{year}〕{rng.randint(1, 200)}号" if rng.random() < 0.4 else ""
        keywords = "、".join(rng.sample(KEYWORDS[domain], 2))
        values = {
            "id": pk,
            "domain": domain,
            "category": category,
            "jurisdiction_id": department["jurisdiction_id"],
            "department_id": department["id"],
            "index_no": index_no,
            "title": title,
            "doc_no": doc_no,
            "written_on": formed_on,
            "formed_on": formed_on,
            "keywords": keywords,
            "disclosure_mode": mode,
            "mode_reason": "" if mode == DisclosureMode.ACTIVE else "涉及个人隐私，依申请公开。",
            "urgent": category in ctx["urgent"] and rng.random() < 0.05,
            "body": body,
            "details": details_json,
            "catalogue_entry_id": rng.choice(entry_ids),
            "due_on": due_on,
            "deadline_days": deadline_days,
            "deadline_rule": f"{deadline_days}个工作日",
            "overdue_flagged_at": flagged,
            "late_working_days": late,
            "status": state,
            "version": 0 if unpublished else 1,
            "created_by_id": user,
            "created_at": created_at,
            "updated_at": updated_at,
            "submitted_by_id": user if state != Status.DRAFT else None,
            "submitted_at": created_at if state != Status.DRAFT else None,
            "published_by_id": user if published_at else None,
            "published_at": published_at,
            "withdrawn_by_id": user if withdrawn_at else None,
            "withdrawn_at": withdrawn_at,
            "withdrawal_reason": withdrawal_reason,
        }
        records.write("\t".join(_copy_text(values[c]) if c in values else d for c, d in ctx["columns"]))
        records.write("\n")
        if state == Status.PUBLISHED and mode != DisclosureMode.NOT_DISCLOSED:
            # exactly what disclosures.search.index_record stores: chunks of document_text(record)
            if mode == DisclosureMode.ACTIVE:
                parts = [title, doc_no, keywords, index_no, department["name"], *detail_values, "".join(paragraphs)]
                text = "\n".join(part for part in parts if part)
            else:
                text = f"{title}\n{doc_no}\n{index_no}"
            rows = chunks(text)
            if len(rows) == 1 and mode == DisclosureMode.ACTIVE:
                # the parts are joined by newlines, so the text's terms are the parts' terms in turn:
                # the body's come from the sentence pool (the same set as lexemes(text); the test checks)
                found = [terms(title), terms(doc_no), terms(keywords), terms(index_no), department["terms"]]
                found = chain(*found, detail_terms, *body_terms)
                rows = [(rows[0], " ".join(dict.fromkeys(found)))]
            else:
                rows = [(chunk, lexemes(chunk)) for chunk in rows]
            for position, (chunk, chunk_lexemes) in enumerate(rows):
                search_rows.write(f"{pk}\t{position}\t{_copy_text(chunk)}\t{chunk_lexemes}\n")
    return records.getvalue().encode(), search_rows.getvalue().encode()


def _details_maker(domain: str, category: str):
    """A function rng -> valid structured fields for the category (choices picked at random)."""
    form_class = details_form_for(domain, category)
    if form_class is None:
        return lambda rng: {}
    fields = []
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ChoiceField):
            choices = [code for code, _ in field.choices if code not in ("", None)]
            fields.append((name, "choice", choices))
        elif isinstance(field, forms.DateField):
            fields.append((name, "date", None))
        elif isinstance(field, forms.DecimalField | forms.IntegerField):
            fields.append((name, "number", None))
        elif isinstance(field, forms.BooleanField):
            fields.append((name, "bool", None))
        elif field.required:
            fields.append((name, "text", str(field.label)))

    def make(rng):
        out = {}
        for name, kind, extra in fields:
            if kind == "choice" and extra:
                out[name] = rng.choice(extra)
            elif kind == "date":
                out[name] = (datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randint(0, 3650))).isoformat()
            elif kind == "number":
                out[name] = str(rng.randint(1, 500))
            elif kind == "bool":
                out[name] = rng.random() < 0.5
            elif kind == "text":
                out[name] = extra
        return out

    return make


def _details_pool(rng, domain: str, category: str, size: int = 40) -> list[tuple[dict, str, list[str], list[str]]]:
    """Variants of a category's structured fields: (details, as JSON, their displayed values, their terms)."""
    make = _details_maker(domain, category)
    pool = []
    for _ in range(size):
        details = make(rng)
        values = [value for _, value in details_rows(Disclosure(domain=domain, category=category, details=details))]
        found = [term for value in values for term in terms(value)]
        pool.append((details, json.dumps(details, ensure_ascii=False), values, found))
    return pool


class Command(BaseCommand):
    help = "批量生成大规模演示数据（仅 PostgreSQL；用于性能测试，默认 100 万条）。"

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=1_000_000, help="生成的记录数（默认 1000000）。")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026）。")
        parser.add_argument("--processes", type=int, default=2, help="生成数据的进程数（默认 2）。")
        parser.add_argument(
            "--i-know-this-is-not-production", action="store_true", dest="not_production",
            help="DEBUG 关闭时也允许运行（确认这不是生产数据库）。",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["not_production"]:
            raise CommandError(
                "批量演示数据只能在 DEBUG 模式下生成；确认不是生产数据库时请加 --i-know-this-is-not-production。"
            )
        if connection.vendor != "postgresql":
            raise CommandError("seed_bulk 只支持 PostgreSQL（请设置 DATABASE_URL）。")
        started = time.monotonic()
        self.verbosity = options["verbosity"]
        total = options["records"]
        self.prepare_context(options["seed"])
        connections.close_all()  # the workers are forked: no shared database connection
        mp = multiprocessing.get_context("fork")
        with mp.Pool(max(1, options["processes"])) as pool:
            loaded, chunk_rows, dropped = self.load(pool, total, options["seed"])
        rebuilt = time.monotonic()
        self.rebuild(dropped)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"重建索引和外键、VACUUM ANALYZE：{time.monotonic() - rebuilt:.1f} s；"
            f"共 {loaded:,} 条记录、{chunk_rows:,} 条检索索引，总耗时 {elapsed:.1f} s（{loaded / elapsed:,.0f} 条/秒）"
        )

    # ------------------------------------------------------------------------------------
    def prepare_context(self, seed: int) -> None:
        rng = random.Random(seed)
        departments = self.ensure_departments()
        user, _ = get_user_model().objects.get_or_create(
            username=BULK_USER, defaults={"first_name": "批量导入", "is_active": False}
        )
        domains = all_domains()
        entries: dict = {}
        for entry in CatalogueEntry.objects.filter(is_active=True).values("id", "domain", "category"):
            entries.setdefault((entry["domain"], entry["category"]), []).append(entry["id"])
        domain_share = {"projects": 0.40, "resources": 0.35, "welfare": 0.25}
        category_weights = {}
        for domain in domains:
            # a skewed but stable share per category (some categories publish much more)
            raw = [(code, rng.uniform(0.3, 3.0)) for code, _ in domain.category_choices]
            norm = sum(w for _, w in raw)
            category_weights[domain.code] = [(code, w / norm) for code, w in raw]
        total_share = sum(domain_share.get(d.code, 0.1) for d in domains)
        by_domain = {}
        for domain in domains:
            codes = DOMAIN_DEPARTMENTS.get(domain.code) or list(departments)
            by_domain[domain.code] = [departments[c] for c in codes if c in departments]
        states = PUBLIC_STATES + UNPUBLISHED_STATES
        columns = []
        for field in Disclosure._meta.concrete_fields:
            default = field.get_default() if field.has_default() or not field.null else None
            if isinstance(default, dict | list):
                default = json.dumps(default)
            columns.append((field.column, _copy_text(default)))
        _CONTEXT.update(
            today=timezone.localdate(),
            days=YEARS * 365,
            domain_weights=[(d.code, domain_share.get(d.code, 0.1) / total_share) for d in domains],
            category_weights=category_weights,
            departments=by_domain,
            states=[(s, w / sum(w for _, w in states)) for s, w in states],
            unpublished={s for s, _ in UNPUBLISHED_STATES},
            modes=[(DisclosureMode.ACTIVE, 0.95), (DisclosureMode.ON_REQUEST, 0.04), (DisclosureMode.NOT_DISCLOSED, 0.01)],
            urgent={code for d in domains for code in d.urgent_categories},
            entries=entries,
            details={(d.code, c): _details_pool(rng, d.code, c) for d in domains for c, _ in d.category_choices},
            pool=_sentence_pool(rng, [dep["name"] for dep in departments.values()]),
            sections=[(heading, terms(heading)) for heading in SECTIONS],
            deadline_days=settings.PORTAL_DEFAULT_DEADLINE_DAYS,
            user_id=user.pk,
            columns=[(c, d) for c, d in columns],
        )

    def ensure_departments(self) -> dict[str, dict]:
        """The county, its towns and ~30 departments (created if missing; existing ones reused)."""
        with transaction.atomic():
            county, _ = Jurisdiction.objects.get_or_create(
                code=COUNTY[0], defaults={"name": COUNTY[1], "level": JurisdictionLevel.COUNTY}
            )
            for order, (code, name, is_office) in enumerate(COUNTY_DEPARTMENTS):
                Department.objects.get_or_create(
                    code=code, defaults={"jurisdiction": county, "name": name, "is_office": is_office, "ordering": order}
                )
            for (town_code, town_name), rows in TOWNS.items():
                town, _ = Jurisdiction.objects.get_or_create(
                    code=town_code, defaults={"name": town_name, "level": JurisdictionLevel.TOWN, "parent": county}
                )
                for code, name, is_office in rows:
                    Department.objects.get_or_create(
                        code=code, defaults={"jurisdiction": town, "name": name, "is_office": is_office}
                    )
        return {
            d.code: {
                "id": d.pk, "code": d.code, "name": d.name, "jurisdiction_id": d.jurisdiction_id,
                "jurisdiction_code": d.jurisdiction.code, "pattern": d.jurisdiction.index_no_pattern,
                "terms": terms(d.name),
            }
            for d in Department.objects.select_related("jurisdiction")
        }

    def load(self, pool, total: int, seed: int) -> tuple[int, int, list[str]]:
        """COPY the rows with the tables' secondary indexes and foreign keys dropped, in one transaction.

        Returns the statements that recreate what was dropped (run by `rebuild`)."""
        record_table, chunk_table = Disclosure._meta.db_table, SearchChunk._meta.db_table
        columns = ", ".join(c for c, _ in _CONTEXT["columns"])
        loaded = chunk_rows = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
            if cursor.fetchone()[0]:  # bodies and chunks are compressed as they are written: lz4 is ~3x faster than pglz
                cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
            cursor.execute(f"LOCK TABLE {record_table}, {chunk_table} IN EXCLUSIVE MODE")
            dropped = self.drop_indexes_and_keys(cursor, [record_table, chunk_table])
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {record_table}")  # noqa: S608 - our table name
            first = cursor.fetchone()[0] + 1
            jobs = [(first + start, min(BATCH, total - start), seed, first, total) for start in range(0, total, BATCH)]
            t0 = time.monotonic()
            raw = cursor.cursor  # psycopg 3 cursor, for COPY
            for record_data, chunk_data in pool.imap(_generate, jobs):
                with raw.copy(f"COPY {record_table} ({columns}) FROM STDIN") as copy:
                    copy.write(record_data)
                with raw.copy(f"COPY {chunk_table} (disclosure_id, position, text, lexemes) FROM STDIN") as copy:
                    copy.write(chunk_data)
                loaded += record_data.count(b"\n")
                chunk_rows += chunk_data.count(b"\n")
                if loaded % 100_000 < BATCH:
                    rate = loaded / (time.monotonic() - t0)
                    self.stdout.write(f"  已写入 {loaded:,} 条（{rate:,.0f} 条/秒）")
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{record_table}', 'id'), (SELECT max(id) FROM {record_table}))"  # noqa: S608
            )
        self.stdout.write(f"COPY {loaded:,} 条记录、{chunk_rows:,} 条检索索引：{time.monotonic() - t0:.1f} s")
        return loaded, chunk_rows, dropped

    def rebuild(self, dropped: list[str]) -> None:
        """Recreate the indexes and keys on two connections at once, as `pg_restore -j` does.

        PostgreSQL 15 builds a GIN index on one core (the search index: about half the load); the
        other core meanwhile builds the B-tree indexes, validates the records' keys and vacuums the
        records (index-only scans need the visibility map). The search table's own key waits for
        its GIN index (the two locks conflict), then the search table is analyzed."""
        chunk_table = SearchChunk._meta.db_table
        gin = [statement for statement in dropped if " USING gin " in statement]
        chunk_keys = [s for s in dropped if s.startswith(f"ALTER TABLE {chunk_table} ")]
        rest = [s for s in dropped if s not in gin and s not in chunk_keys]
        lanes = [
            (["SET maintenance_work_mem = '1GB'"], gin),
            (
                ["SET maintenance_work_mem = '512MB'", "SET max_parallel_maintenance_workers = 0"],
                [*rest, f"VACUUM (ANALYZE) {Disclosure._meta.db_table}"],
            ),
        ]
        errors: list[BaseException] = []
        threads = [threading.Thread(target=self._run, args=(setup, statements, errors)) for setup, statements in lanes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise CommandError(f"重建索引失败：{errors[0]}（未完成的语句见上方输出）") from errors[0]
        self._run([], [*chunk_keys, f"ANALYZE {chunk_table}"], errors)
        if errors:
            raise CommandError(f"重建索引失败：{errors[0]}") from errors[0]

    def _run(self, setup: list[str], statements: list[str], errors: list) -> None:
        try:
            with connection.cursor() as cursor:
                for statement in setup:
                    cursor.execute(statement)
                for statement in statements:
                    started = time.monotonic()
                    try:
                        cursor.execute(statement)
                    except Exception:
                        self.stderr.write(f"失败：{statement}")
                        raise
                    if self.verbosity > 1:
                        self.stdout.write(f"  {time.monotonic() - started:6.1f} s  {statement[:100]}")
        except Exception as exc:  # noqa: BLE001 - reported by rebuild()
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    def drop_indexes_and_keys(self, cursor, tables: list[str]) -> list[str]:
        """Drop secondary indexes and foreign keys of `tables`; return the statements that recreate them."""
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
            """,
            [tables],
        )
        keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid::regclass::text = ANY(%s)
              AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        return [definition for _, definition in indexes] + [
            f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for table, name, definition in keys
        ]
