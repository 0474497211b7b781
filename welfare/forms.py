"""Structured fields of each welfare area (seed 002 §四(三)).

Every area shares the record kinds that carry numbers — 资金 (fund), 标准 (standard) — and names its
own item types and fields (AREA_FIELDS); `item_type` decides which fields a record must carry
(ITEM_REQUIRED). A 行政处罚 decision (食品安全处罚) carries 被处罚人, 违法事实, 处罚依据, 处罚结果 and
决定日期, and is published within 7 working days of the decision (国办发〔2018〕118号); a natural person's
name is kept masked.
"""

import copy
from decimal import Decimal

from django import forms
from django.utils import timezone

from namelists.masking import mask_name

from .choices import WelfareArea

MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("9999999999999.99")}

COMMON_ITEMS = [
    ("policy", "政策文件"),
    ("fund", "资金分配和使用"),
    ("standard", "保障（补助）标准"),
    ("beneficiaries", "对象名单公示"),
]

# Item types per area, in the seed's order. Issue 27 added 检查验收结果, 县域义务教育均衡发展, 疾病应急救助,
# 食品安全抽检/处罚, 服务体系建设, 文化遗产保护, 公益性文化服务活动, 公益性体育赛事和活动, 投诉处理,
# 重污染天气信息发布/舆情引导, 企业环境信息依法披露, 医疗救护与卫生防疫 and 次生灾害预警防范.
# 脱贫攻坚's labels use today's vocabulary: 巩固拓展脱贫攻坚成果同乡村振兴有效衔接 (《中共中央 国务院关于
# 全面推进乡村振兴加快农业农村现代化的意见》, 2021年中央一号文件), the seed's 2018 name in brackets.
AREA_ITEMS = {
    WelfareArea.POVERTY_ALLEVIATION: [
        ("project", "衔接推进乡村振兴项目（扶贫项目）"),
        ("acceptance", "项目检查验收结果"),
        ("identification", "贫困识别和退出（防止返贫监测）"),
        ("helpers", "帮扶责任人"),
        ("outcome", "巩固拓展脱贫攻坚成果成效（扶贫成效）"),
    ],
    WelfareArea.EDUCATION: [
        ("plan", "发展规划"),
        ("student_aid", "困难学生资助"),
        ("dropout", "控辍保学"),
        ("balanced_development", "县域义务教育均衡发展进展"),
        ("private_school", "民办学校信息（办学资质、办学质量、招生范围、收费）"),
    ],
    WelfareArea.HEALTH: [
        ("disease_control", "重大疾病预防控制"),
        ("immunization", "免疫规划"),
        ("public_health_emergency", "突发公共卫生事件"),
        ("epidemic", "传染病疫情"),
        ("emergency_aid", "疾病应急救助"),
        ("health_poverty", "健康扶贫"),
        ("food_inspection", "食品安全抽检"),
        ("food_penalty", "食品安全行政处罚"),
        ("food_safety_blacklist", "食品安全黑名单"),
    ],
    WelfareArea.CULTURE_SPORTS: [
        ("service_system", "公共文化体育服务体系建设"),
        ("facilities", "公共文化体育设施名录"),
        ("purchase_catalogue", "政府购买服务目录"),
        ("performance", "绩效评价结果"),
        ("heritage", "文化遗产保护"),
        ("cultural_activity", "公益性文化服务活动"),
        ("sports_event", "公益性体育赛事和活动"),
        ("donations", "受捐款物"),
    ],
    WelfareArea.SOCIAL_ASSISTANCE: [("procedure", "认定和申领程序"), ("goods", "款物管理使用"), ("subsidy_payment", "补贴发放")],
    WelfareArea.ENVIRONMENT: [
        ("pollution_control", "污染防治政策与效果"),
        ("monitoring", "污染源监测"),
        ("eia_approval", "环评审批"),
        ("incident", "环境事件调查处理"),
        ("enforcement", "执法监管"),
        ("complaint", "环境投诉处理"),
        ("heavy_pollution_warning", "重污染天气预警"),
        ("heavy_pollution_release", "重污染天气期间信息发布"),
        ("heavy_pollution_opinion", "重污染天气舆情引导"),
        ("enterprise_disclosure", "企业环境信息依法披露"),
    ],
    WelfareArea.DISASTER_RELIEF: [
        ("emergency_response", "应急处置动态"),
        ("medical_rescue", "医疗救护与卫生防疫"),
        ("secondary_hazard", "次生灾害预警防范"),
        ("relief_needs", "救助需求"),
        ("relief_goods", "救助和捐赠款物数量及使用"),
        ("recipients", "救助对象及数额"),
        ("reconstruction", "灾后重建进展"),
    ],
}


def _text(label: str, help_text: str = "", rows: int = 2) -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


def _line(label: str, help_text: str = "", max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length, help_text=help_text)


def _date(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=False, help_text=help_text)


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=100_000_000)


def _choice(label: str, choices: list[tuple[str, str]], help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", "—")] + choices, help_text=help_text)


# 行政处罚 decisions (食品安全处罚; 环境保护执法监管 may carry them too). The record is published within 7 working
# days of the decision (国办发〔2018〕118号; seed 002 §五(二)); the 决定日期 starts that clock
# (disclosures.services.decision_date_of). 《行政处罚法》（2021）第四十八条: 具有一定社会影响的行政处罚决定应当依法公开.
PARTY_KINDS = [("organisation", "法人或其他组织"), ("individual_business", "个体工商户"), ("person", "自然人")]
PENALTY_FIELDS = {
    "party": _line("被处罚人", "被处罚人为自然人的，保存和公开时姓名自动去标识化（如 张*明）。", 200),
    "party_kind": _choice("被处罚人类别", PARTY_KINDS),
    "party_code": _line("被处罚人统一社会信用代码", "法人、其他组织或个体工商户填写；自然人不填写身份证号码。", 18),
    "violation": _text("违法事实"),
    "penalty_basis": _text("处罚依据", "作出处罚所依据的法律、法规、规章条款，例如：《中华人民共和国食品安全法》第一百二十四条。"),
    "penalty_result": _text("处罚结果", "处罚种类和金额，例如：警告、没收违法所得、罚款 5 万元。"),
    "decision_no": _line("处罚决定书文号", max_length=100),
    "decided_on": _date("决定日期", "行政处罚决定自作出之日起 7 个工作日内公开（国办发〔2018〕118号），自本日期起算。"),
}
PENALTY_REQUIRED = ("party", "party_kind", "violation", "penalty_basis", "penalty_result", "decided_on")

EDUCATION_STAGES = [
    ("compulsory", "义务教育"),
    ("preschool", "学前教育"),
    ("special", "特殊教育"),
    ("vocational", "职业教育"),
    ("higher", "高等教育"),
]
BALANCE_LEVELS = [
    ("basic_promoting", "基本均衡发展推进中"),
    ("basic_recognised", "基本均衡发展已通过国家督导评估认定"),
    ("quality_promoting", "优质均衡发展创建中"),
    ("quality_recognised", "优质均衡发展已通过国家督导评估认定"),
]
INSPECTION_RESULTS = [("passed", "合格"), ("failed", "不合格")]
ACCEPTANCE_RESULTS = [("passed", "验收合格"), ("rectify", "限期整改"), ("failed", "验收不合格")]
HERITAGE_KINDS = [("relic", "文物"), ("intangible", "非物质文化遗产")]
HERITAGE_LEVELS = [("national", "国家级"), ("provincial", "省（自治区）级"), ("prefecture", "州（市）级"), ("county", "县级")]
# 重污染天气预警分级: 黄色、橙色、红色 (环境空气质量预报等级; 《关于加强重污染天气应对夯实应急减排措施的指导意见》).
WARNING_LEVELS = [("yellow", "黄色预警"), ("orange", "橙色预警"), ("red", "红色预警")]
ENTERPRISE_REPORTS = [
    ("list", "依法披露企业名单"),
    ("annual", "年度环境信息依法披露报告"),
    ("temporary", "临时环境信息依法披露报告"),
]

# The fields each area adds to the common ones (the admin and API offer only the area's).
AREA_FIELDS: dict[str, dict[str, forms.Field]] = {
    WelfareArea.POVERTY_ALLEVIATION: {
        "accepted_on": _date("检查验收日期"),
        "acceptance_unit": _line("检查验收单位"),
        "acceptance_result": _choice("检查验收结论", ACCEPTANCE_RESULTS),
        "acceptance_findings": _text("发现问题及整改情况"),
    },
    WelfareArea.EDUCATION: {
        "stage": _choice(
            "学段", EDUCATION_STAGES,
            "义务教育、学前教育、特殊教育、职业教育、高等教育（国办发〔2018〕10号；seed 002 §四(三)2）。",
        ),
        "balance_level": _choice(
            "均衡发展进展", BALANCE_LEVELS,
            "《中华人民共和国义务教育法》第六条、第二十二条；《县域义务教育优质均衡发展督导评估办法》。",
        ),
        "progress": _text("工作进展情况"),
        "school_name": _line("民办学校名称"),
        "licence_no": _line("办学许可证编号", "办学资质：审批机关颁发的民办学校办学许可证（《中华人民共和国民办教育促进法》第十八条）。", 50),
        "school_quality": _text("办学质量", "年度检查、督导评估结果等。"),
        "enrolment_area": _text("招生范围", "招生范围、招生计划和招生方式。"),
        "fees": _text("收费项目和标准"),
    },
    WelfareArea.HEALTH: {
        "sampled_food": _line("抽检食品（类别）"),
        "sampled_unit": _line("被抽样单位"),
        "sampled_on": _date("抽样日期"),
        "batches": _count("抽检批次"),
        "failed_batches": _count("不合格批次"),
        "inspection_result": _choice("检验结论", INSPECTION_RESULTS),
        "failed_items": _text("不合格项目及处置情况"),
        **PENALTY_FIELDS,
    },
    WelfareArea.CULTURE_SPORTS: {
        "progress": _text("建设进展情况"),
        "heritage_name": _line("保护对象名称"),
        "heritage_kind": _choice("遗产类别", HERITAGE_KINDS),
        "heritage_level": _choice("保护级别", HERITAGE_LEVELS),
        "protection": _text("保护措施和情况"),
        "event_name": _line("活动（赛事）名称"),
        "event_on": _date("举办日期"),
        "venue": _line("举办地点"),
        "organiser": _line("主办单位"),
        "charge": _choice("收费情况", [("free", "免费"), ("reduced", "优惠"), ("paid", "收费")]),
        "participants": _count("参与人次"),
    },
    WelfareArea.ENVIRONMENT: {
        "complaints_received": _count("受理投诉举报件数"),
        "complaints_closed": _count("办结件数"),
        "handling": _text("处理情况"),
        "warning_level": _choice("预警级别", WARNING_LEVELS),
        "warning_from": _date("预警启动日期"),
        "warning_until": _date("预警解除日期"),
        "release": _text("信息发布情况", "重污染天气期间发布的空气质量、预警和应急措施信息及渠道。"),
        "opinion": _text("舆情引导情况", "回应关切、解读应急措施等情况。"),
        "enterprise": _line("企业名称"),
        "enterprise_code": _line("统一社会信用代码", max_length=18),
        "report_kind": _choice("披露类型", ENTERPRISE_REPORTS),
        "report_year": forms.IntegerField(label="披露年度", required=False, min_value=2021, max_value=2100),
        "report_url": forms.URLField(label="企业环境信息依法披露系统链接", required=False, max_length=300, assume_scheme="https"),
        **PENALTY_FIELDS,
    },
    WelfareArea.DISASTER_RELIEF: {
        "treated": _count("救治伤病员人数"),
        "medical_measures": _text("医疗救护与卫生防疫措施"),
        "hazard": _line("次生灾害种类", "例如：滑坡、泥石流、堰塞湖、山洪。"),
        "hazard_area": _line("影响范围"),
        "hazard_measures": _text("预警防范措施"),
    },
}

# The fields an item type must carry, with the message naming them; legal basis in each item's comment.
ITEM_REQUIRED: dict[str, tuple[str, ...]] = {
    # seed 002 §四(三)1 检查验收结果
    "acceptance": ("accepted_on", "acceptance_unit", "acceptance_result"),
    # 义务教育法 第二十二条: 县级以上人民政府及其教育行政部门应当促进学校均衡发展
    "balanced_development": ("balance_level", "progress"),
    # 《食品安全抽样检验管理办法》（市场监管总局令第15号）: 抽检结果向社会公布
    "food_inspection": ("sampled_food", "inspection_result"),
    "food_penalty": PENALTY_REQUIRED,
    "service_system": ("progress",),
    "heritage": ("heritage_name", "heritage_kind"),
    "cultural_activity": ("event_name", "event_on"),
    "sports_event": ("event_name", "event_on"),
    "complaint": ("complaints_received", "handling"),
    "heavy_pollution_release": ("release",),
    "heavy_pollution_opinion": ("opinion",),
    # 《企业环境信息依法披露管理办法》（生态环境部令第24号）
    "enterprise_disclosure": ("report_kind", "report_year"),
    "medical_rescue": ("medical_measures",),
    "secondary_hazard": ("hazard", "hazard_measures"),
}
# 民办学校: the four things seed 002 §四(三)2 names (办学资质、办学质量、招生范围和收费).
PRIVATE_SCHOOL_FACTS = ("licence_no", "school_quality", "enrolment_area", "fees")


class WelfareDetails(forms.Form):
    """The common fields; each area's form (`_area_form`) adds its item types and AREA_FIELDS."""

    ITEM_TYPES: list[tuple[str, str]] = COMMON_ITEMS
    ITEM_FIELD = "item_type"  # chooses the catalogue entry (disclosures.services.default_catalogue_entry)
    # A 行政处罚 decision's date starts its 7-working-day clock (国办发〔2018〕118号; disclosures.services).
    DECISION_DATE_FIELD = "decided_on"
    # Item types that are about money: they must say how much, and 已拨付 cannot exceed it.
    FUND_ITEMS = {"fund", "relief_goods", "subsidy_payment", "donations", "project", "emergency_aid"}

    item_type = forms.ChoiceField(label="信息类型", choices=COMMON_ITEMS)
    fund_source = forms.CharField(label="资金来源", required=False, max_length=200)
    amount = forms.DecimalField(label="资金金额（元）", required=False, **MONEY)
    recipients = forms.IntegerField(label="分配（救助）对象数", required=False, min_value=0, max_value=100_000_000)
    disbursed = forms.DecimalField(label="已拨付（元）", required=False, **MONEY)
    usage = forms.CharField(label="使用情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    standard = forms.CharField(label="保障（补助）标准", required=False, max_length=200)
    amount_per_person_month = forms.DecimalField(
        label="金额（元/人·月）", required=False, max_digits=10, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("100000")
    )
    period = forms.CharField(label="所属期间", required=False, max_length=50, help_text="例如 2026年第三季度。")

    def clean(self):
        cleaned = super().clean()
        item = cleaned.get("item_type")
        if item in self.FUND_ITEMS and cleaned.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", "资金类信息必须填写资金金额。")
        if item == "standard" and not cleaned.get("standard") and cleaned.get("amount_per_person_month") is None:
            self.add_error("standard", "保障标准信息必须填写标准或每人每月金额。")
        amount, disbursed = cleaned.get("amount"), cleaned.get("disbursed")
        if amount is not None and disbursed is not None and disbursed > amount:
            self.add_error("disbursed", f"已拨付（{disbursed} 元）不能超过资金金额（{amount} 元）。")
        self._clean_item_fields(item, cleaned)
        return cleaned

    def _clean_item_fields(self, item: str | None, cleaned: dict) -> None:
        """The fields the item type must carry (ITEM_REQUIRED), and the rules between them."""
        if not item:
            return
        item_label = dict(self.ITEM_TYPES).get(item, item)
        for name in ITEM_REQUIRED.get(item, ()):
            if name in self.fields and cleaned.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, f"{item_label}必须填写{self.fields[name].label}。")
        if item == "private_school" and any(cleaned.get(name) for name in PRIVATE_SCHOOL_FACTS) and not cleaned.get("school_name"):
            # A record written before issue 27 (a 年检结果公告 as text) carries none of them and stays valid.
            self.add_error("school_name", "填写民办学校的办学资质、办学质量、招生范围或收费时，必须填写民办学校名称。")
        self._check_not_more("complaints_closed", "complaints_received", cleaned)
        self._check_not_more("failed_batches", "batches", cleaned)
        self._check_not_before("warning_until", "warning_from", cleaned)
        decided = cleaned.get("decided_on")
        if decided and decided > timezone.localdate():
            self.add_error("decided_on", "决定日期不能晚于今天。")
        if cleaned.get("party_kind") == "person" and cleaned.get("party"):
            # A natural person's name is never kept or shown in full (seed 001 §五 去标识化; docs/privacy.md).
            cleaned["party"] = mask_name(cleaned["party"])
            if cleaned.get("party_code"):
                self.add_error("party_code", "被处罚人为自然人的，不填写统一社会信用代码或证件号码。")

    def _check_not_more(self, part: str, whole: str, cleaned: dict) -> None:
        if part in self.fields and cleaned.get(part) is not None and cleaned.get(whole) is not None:
            if cleaned[part] > cleaned[whole]:
                self.add_error(
                    part, f"{self.fields[part].label}（{cleaned[part]}）不能超过{self.fields[whole].label}（{cleaned[whole]}）。"
                )

    def _check_not_before(self, later: str, earlier: str, cleaned: dict) -> None:
        if later in self.fields and cleaned.get(later) and cleaned.get(earlier) and cleaned[later] < cleaned[earlier]:
            self.add_error(later, f"{self.fields[later].label}不能早于{self.fields[earlier].label}。")


def _area_form(area: str) -> type[forms.Form]:
    items = COMMON_ITEMS + AREA_ITEMS[area]
    attrs = {"ITEM_TYPES": items, "item_type": forms.ChoiceField(label="信息类型", choices=items)}
    attrs.update({name: copy.deepcopy(field) for name, field in AREA_FIELDS.get(area, {}).items()})
    return type(f"{area.title().replace('_', '')}Details", (WelfareDetails,), attrs)


CATEGORY_FORMS: dict[str, type[forms.Form]] = {area: _area_form(area) for area in WelfareArea.values}


# The area fields each item type shows on the admin's add page (`fields_for_item`); the API and the kernel accept
# every field of the area. Items named here show no money fields unless they are FUND_ITEMS.
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "acceptance": ("accepted_on", "acceptance_unit", "acceptance_result", "acceptance_findings"),
    "balanced_development": ("balance_level", "progress"),
    "private_school": ("school_name", "licence_no", "school_quality", "enrolment_area", "fees"),
    "emergency_aid": (),
    "food_inspection": ("sampled_food", "sampled_unit", "sampled_on", "batches", "failed_batches", "inspection_result", "failed_items"),
    "food_penalty": tuple(PENALTY_FIELDS),
    "enforcement": tuple(PENALTY_FIELDS),
    "service_system": ("progress",),
    "heritage": ("heritage_name", "heritage_kind", "heritage_level", "protection"),
    "cultural_activity": ("event_name", "event_on", "venue", "organiser", "charge", "participants"),
    "sports_event": ("event_name", "event_on", "venue", "organiser", "charge", "participants"),
    "complaint": ("complaints_received", "complaints_closed", "handling"),
    "heavy_pollution_release": ("warning_level", "warning_from", "warning_until", "release"),
    "heavy_pollution_opinion": ("warning_level", "warning_from", "warning_until", "opinion"),
    "enterprise_disclosure": ("enterprise", "enterprise_code", "report_kind", "report_year", "report_url"),
    "medical_rescue": ("treated", "medical_measures"),
    "secondary_hazard": ("hazard", "hazard_area", "hazard_measures"),
}
# Area fields every item type of the area shows (学段: any education record is about one).
AREA_WIDE_FIELDS = {WelfareArea.EDUCATION: ("stage",)}
# Items written before issue 27 keep showing the common (money and standard) fields.
ITEMS_WITHOUT_COMMON_FIELDS = frozenset(ITEM_FIELDS) - {"enforcement"}
COMMON_FIELDS = ("fund_source", "amount", "recipients", "disbursed", "usage", "standard", "amount_per_person_month", "period")


def fields_for_item(area: str, item: str) -> tuple[str, ...]:
    """The structured fields the admin shows for a record of `item` in `area`, in the form's order."""
    wanted = {"item_type", *AREA_WIDE_FIELDS.get(area, ()), *ITEM_FIELDS.get(item, ())}
    if item not in ITEMS_WITHOUT_COMMON_FIELDS or item in WelfareDetails.FUND_ITEMS:
        wanted |= set(COMMON_FIELDS)
    if item == "complaint":
        wanted.add("period")
    return tuple(name for name in CATEGORY_FORMS[area].base_fields if name in wanted)
