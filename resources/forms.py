"""Structured fields of each public-resource area (seed 002 §四(二)).

One form per area; the record's `item_type` (公告, 结果, 合同…) decides which fields are required. Item types
of records made before issue 27 split them (农村危房改造 as one item) stay valid and keep their label, but are
not offered for new records (`disclosures.details.HistoricChoiceField`; the kernel's `disclosure_create` refuses them).
"""

from decimal import Decimal

from django import forms

from disclosures.details import HistoricChoiceField

from .choices import ResourceArea

MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("9999999999999.99")}


TEXT = {"widget": forms.Textarea(attrs={"rows": 2})}
UNITS = {"min_value": 0, "max_value": 10_000_000}
CREDIT_LIST = ("credit_list", "严重失信主体名单（“黑名单”）信息")


class AreaDetails(forms.Form):
    """Base: `item_type` first; `REQUIRED[item_type]` lists the fields that item must carry. `ITEM_TYPES` holds
    every item type (historic ones last, for their labels); `HISTORIC` those no longer offered."""

    ITEM_TYPES: list[tuple[str, str]] = []
    HISTORIC: frozenset[str] = frozenset()
    ITEM_FIELD = "item_type"  # chooses the catalogue entry (disclosures.services.default_catalogue_entry)
    REQUIRED: dict[str, tuple[str, ...]] = {}
    MESSAGES: dict = {}  # a field's message, by field name or by (item type, field name)

    def clean(self):
        cleaned = super().clean()
        item = cleaned.get("item_type")
        labels = dict(self.ITEM_TYPES)
        for name in self.REQUIRED.get(item, ()):
            if cleaned.get(name) in (None, "", []) and name not in self.errors:
                message = (
                    self.MESSAGES.get((item, name)) or self.MESSAGES.get(name)
                    or f"“{labels.get(item, item)}”必须填写{self.fields[name].label}。"
                )
                self.add_error(name, message)
        return cleaned


class HousingDetails(AreaDetails):
    """住房保障 (seed 002 §四(二)1; 国办发〔2017〕97号 三(一)): 保障性安居工程 规划建设方案, 年度建设计划 (任务量, 计划项目,
    计划户型), 建设计划完成情况 (完成进度, 已开工/已竣工项目, 配套设施建设情况); 农村危房改造 政策, 对象认定过程, 补助资金分配,
    补助标准, 建设结果 (each its own item type since issue 27); 保障性住房 分配政策…分配结果."""

    OFFERED = [
        ("construction_plan", "保障性安居工程规划建设方案"),
        ("annual_plan", "年度建设计划"),
        ("plan_progress", "建设计划完成情况"),
        ("rural_policy", "农村危房改造政策"),
        ("rural_standard", "农村危房改造补助标准"),
        ("rural_identification", "农村危房改造对象认定过程"),
        ("rural_funds", "农村危房改造补助资金分配"),
        ("rural_result", "农村危房改造建设结果"),
        ("allocation_policy", "分配政策"),
        ("allocation_targets", "分配对象"),
        ("housing_supply", "房源信息"),
        ("allocation_process", "分配程序及过程"),
        ("allocation_result", "分配结果"),
        CREDIT_LIST,
    ]
    HISTORIC_TYPES = [("rural_renovation", "农村危房改造（2018年综合信息）")]
    ITEM_TYPES = OFFERED + HISTORIC_TYPES
    HISTORIC = frozenset({"rural_renovation"})
    REQUIRED = {
        "annual_plan": ("task_units", "planned_projects"),
        "plan_progress": ("started_units", "completed_units"),
        "rural_standard": ("subsidy_standard",),
        "rural_identification": ("identification_process", "households"),
        "rural_funds": ("subsidy_amount", "households"),
        "rural_result": ("households", "renovated_households"),
        "allocation_result": ("allocated_units",),
        "housing_supply": ("available_units",),
    }
    item_type = HistoricChoiceField(label="信息类型", choices=OFFERED, historic=HISTORIC_TYPES)
    task_units = forms.IntegerField(label="计划任务量（套/户）", required=False, **UNITS)
    planned_projects = forms.CharField(label="计划项目", required=False, **TEXT)
    unit_types = forms.CharField(label="计划户型", required=False, max_length=200)
    progress_percent = forms.DecimalField(
        label="计划任务完成进度（%）", required=False, max_digits=5, decimal_places=1, min_value=Decimal("0"),
        max_value=Decimal("100"),
    )
    started_units = forms.IntegerField(label="已开工（套/户）", required=False, **UNITS)
    completed_units = forms.IntegerField(label="已竣工（套/户）", required=False, **UNITS)
    started_projects = forms.CharField(label="已开工项目基本信息", required=False, **TEXT)
    completed_projects = forms.CharField(label="已竣工项目基本信息", required=False, **TEXT)
    supporting_facilities = forms.CharField(
        label="配套设施建设情况", required=False, **TEXT,
        help_text="水、电、路、气、学校、医疗等配套基础设施和公共服务设施的建设进度（国办发〔2017〕97号：建设计划完成情况信息）。",
    )
    identification_process = forms.CharField(
        label="对象认定过程", required=False, **TEXT,
        help_text="农户申请、村民评议和公示、乡镇审核、县级审批（房屋危险性鉴定）的过程和时间；涉及个人的名单另附公示名单，去标识化。",
    )
    households = forms.IntegerField(label="改造对象（户）", required=False, **UNITS)
    subsidy_amount = forms.DecimalField(label="补助资金（元）", required=False, **MONEY)
    subsidy_standard = forms.CharField(label="补助标准", required=False, max_length=200)
    renovated_households = forms.IntegerField(label="已竣工验收（户）", required=False, **UNITS)
    available_units = forms.IntegerField(label="房源数量（套）", required=False, **UNITS)
    allocated_units = forms.IntegerField(label="分配套数", required=False, **UNITS)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("completed_units") or 0) > (cleaned.get("started_units") or 0) and cleaned.get("started_units") is not None:
            self.add_error("completed_units", "已竣工数不能大于已开工数。")
        done, planned = cleaned.get("renovated_households"), cleaned.get("households")
        if done is not None and planned is not None and done > planned and "renovated_households" not in self.errors:
            self.add_error("renovated_households", "已竣工验收户数不能大于改造对象户数。")
        return cleaned


class LandUseRightDetails(AreaDetails):
    """国有土地使用权出让 (seed 002 §四(二)2); 合同履约 and 履约验收 (the §四(二) closing paragraph: 合同履约信息由
    管理或实施公共资源配置的行政机关…依法公开; 国办发〔2017〕97号): the 出让合同's agreed 动工/竣工 dates against the
    actual ones, and the 竣工验收（履约核验） result."""

    ITEM_TYPES = [
        ("policy", "用地政策"),
        ("approval", "用地批准文件"),
        ("supply_plan", "土地供应计划"),
        ("notice", "出让公告"),
        ("result", "出让结果"),
        ("performance", "出让合同履约情况"),
        ("acceptance", "出让合同履约验收（竣工核验）"),
        CREDIT_LIST,
    ]
    REQUIRED = {
        "notice": ("parcel_no", "location", "area_sqm", "land_use", "term_years", "starting_price"),
        "result": ("parcel_no", "transferee", "deal_price"),
        "performance": ("parcel_no", "contract_no", "transferee", "agreed_start", "agreed_completion", "performance"),
        "acceptance": ("parcel_no", "contract_no", "transferee", "accepted_on", "acceptance_result"),
    }
    MESSAGES = {("result", "transferee"): "出让结果必须填写受让人（有成交价就必须有受让人）。"}
    item_type = forms.ChoiceField(label="信息类型", choices=ITEM_TYPES)
    parcel_no = forms.CharField(label="宗地编号", required=False, max_length=50)
    location = forms.CharField(label="宗地位置", required=False, max_length=200)
    area_sqm = forms.DecimalField(label="面积（平方米）", required=False, max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    land_use = forms.ChoiceField(
        label="土地用途", required=False,
        choices=[("", "---------"), ("residential", "住宅用地"), ("commercial", "商服用地"), ("industrial", "工业用地"), ("public", "公共管理与公共服务用地"), ("other", "其他")],
    )
    term_years = forms.IntegerField(label="出让年限（年）", required=False, min_value=1, max_value=70)
    starting_price = forms.DecimalField(label="起始价（元）", required=False, **MONEY)
    transferee = forms.CharField(label="受让人", required=False, max_length=200)
    deal_price = forms.DecimalField(label="成交价（元）", required=False, **MONEY)
    contract_no = forms.CharField(label="出让合同编号", required=False, max_length=60)
    agreed_start = forms.DateField(label="约定动工日期", required=False)
    agreed_completion = forms.DateField(label="约定竣工日期", required=False)
    actual_start = forms.DateField(label="实际动工日期", required=False)
    actual_completion = forms.DateField(label="实际竣工日期", required=False)
    performance = forms.CharField(label="履约情况", required=False, **TEXT, help_text="出让价款缴纳、动工竣工、投资强度等合同约定事项的履行情况。")
    accepted_on = forms.DateField(label="验收（核验）日期", required=False)
    acceptance_result = forms.ChoiceField(
        label="验收（核验）结果", required=False, choices=[("", "---------"), ("passed", "合格（已履约）"), ("failed", "不合格（未按约履行）")],
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deal_price") is not None and not cleaned.get("transferee") and "transferee" not in self.errors:
            self.add_error("transferee", "填写成交价时必须填写受让人。")
        for agreed, actual in (("agreed_start", "agreed_completion"), ("actual_start", "actual_completion")):
            if cleaned.get(agreed) and cleaned.get(actual) and cleaned[actual] < cleaned[agreed]:
                self.add_error(actual, f"{self.fields[actual].label}不能早于{self.fields[agreed].label}。")
        return cleaned


class MiningRightDetails(AreaDetails):
    ITEM_TYPES = [("approval", "审批结果"), ("notice", "出让公告"), ("result", "出让结果"), CREDIT_LIST]
    REQUIRED = {"notice": ("mineral", "mining_area", "starting_price"), "result": ("transferee", "deal_price")}
    item_type = forms.ChoiceField(label="信息类型", choices=ITEM_TYPES)
    right_type = forms.ChoiceField(label="矿业权类型", required=False, choices=[("", "---------"), ("mining", "采矿权"), ("exploration", "探矿权")])
    mineral = forms.CharField(label="矿种", required=False, max_length=50)
    mining_area = forms.CharField(label="矿区范围", required=False, max_length=200)
    starting_price = forms.DecimalField(label="起始价（元）", required=False, **MONEY)
    transferee = forms.CharField(label="竞得人", required=False, max_length=200)
    deal_price = forms.DecimalField(label="成交价（元）", required=False, **MONEY)


class ProcurementDetails(AreaDetails):
    """政府采购 (seed 002 §四(二)4). Since issue 27 also: 合同履约 and 履约验收 (政府采购法第四十一条, 政府采购法实施条例
    第四十五条; 《财政部关于进一步加强政府采购需求和履约验收管理的指导意见》（财库〔2016〕205号）: 公共服务项目的验收结果
    向社会公告), 对集中采购机构的考核结果 (政府采购法第五十九条、第六十六条), and 违法失信行为记录 (a 行政处罚 decision:
    published within 7 working days of its date, 国办发〔2018〕118号)."""

    ITEM_TYPES = [
        ("catalogue", "政府集中采购目录"),
        ("threshold", "采购限额标准"),
        ("agency_list", "代理机构名录"),
        ("notice", "采购公告"),
        ("documents", "采购文件"),
        ("result", "采购结果"),
        ("contract", "采购合同"),
        ("performance", "合同履约情况"),
        ("acceptance", "履约验收结果"),
        ("complaint", "投诉处理决定"),
        ("penalty", "监督检查处罚"),
        ("assessment", "集中采购机构考核结果"),
        ("credit_record", "违法失信行为记录"),
        CREDIT_LIST,
    ]
    DECISION_DATE_FIELD = "decision_date"  # a 违法失信行为记录's clock runs from its decision (disclosures.services)
    REQUIRED = {
        "notice": ("budget", "method"),
        "result": ("supplier", "deal_amount"),
        "contract": ("supplier", "deal_amount"),
        "performance": ("supplier", "performance"),
        "acceptance": ("supplier", "accepted_on", "acceptance_result"),
        "assessment": ("agency", "assessment_year", "assessment_result"),
        "credit_record": ("party", "violation", "penalty_basis", "penalty_result", "decision_date"),
    }
    item_type = forms.ChoiceField(label="信息类型", choices=ITEM_TYPES)
    project_no = forms.CharField(label="采购项目编号", required=False, max_length=60)
    budget = forms.DecimalField(label="预算金额（元）", required=False, **MONEY)
    method = forms.ChoiceField(
        label="采购方式", required=False,
        choices=[("", "---------"), ("open", "公开招标"), ("invited", "邀请招标"), ("competitive_negotiation", "竞争性谈判"),
                 ("competitive_consultation", "竞争性磋商"), ("inquiry", "询价"), ("single_source", "单一来源")],
    )
    supplier = forms.CharField(label="供应商", required=False, max_length=200)
    deal_amount = forms.DecimalField(label="成交金额（元）", required=False, **MONEY)
    performance = forms.CharField(label="履约情况", required=False, **TEXT, help_text="合同约定的交付（服务）进度、付款和变更情况。")
    accepted_on = forms.DateField(label="验收日期", required=False)
    acceptance_result = forms.ChoiceField(
        label="验收结果", required=False, choices=[("", "---------"), ("passed", "验收合格"), ("failed", "验收不合格")],
        help_text="政府采购法实施条例第四十五条：按合同约定的技术、服务、安全标准组织验收，出具验收书。",
    )
    agency = forms.CharField(label="集中采购机构", required=False, max_length=200)
    assessment_year = forms.IntegerField(label="考核年度", required=False, min_value=2000, max_value=2100)
    assessment_result = forms.CharField(
        label="考核结果", required=False, **TEXT,
        help_text="政府采购法第六十六条：政府采购监督管理部门对集中采购机构的采购价格、节约资金效果、服务质量、信誉状况、有无违法行为等事项考核，并定期公布考核结果。",
    )
    party = forms.CharField(label="当事人", required=False, max_length=200, help_text="供应商、采购代理机构或评审专家；自然人只写姓氏加“某”。")
    violation = forms.CharField(label="违法失信行为", required=False, **TEXT)
    penalty_basis = forms.CharField(label="处理依据", required=False, max_length=300)
    penalty_result = forms.CharField(label="处理结果", required=False, **TEXT)
    decision_date = forms.DateField(label="决定日期", required=False)

    def clean(self):
        cleaned = super().clean()
        budget, amount = cleaned.get("budget"), cleaned.get("deal_amount")
        if budget is not None and amount is not None and amount > budget:
            self.add_error("deal_amount", "成交金额不能超过预算金额。")
        return cleaned


class StatePropertyDetails(AreaDetails):
    ITEM_TYPES = [
        ("decision", "交易决策及批准"),
        ("project", "交易项目信息"),
        ("result", "交易结果"),
        ("audit", "中介机构审计结果"),
        CREDIT_LIST,
    ]
    REQUIRED = {"project": ("reserve_price",), "result": ("transferee", "deal_price"), "audit": ("auditor",)}
    item_type = forms.ChoiceField(label="信息类型", choices=ITEM_TYPES)
    reserve_price = forms.DecimalField(label="转让底价（元）", required=False, **MONEY)
    transferee = forms.CharField(label="受让方", required=False, max_length=200)
    deal_price = forms.DecimalField(label="交易价格（元）", required=False, **MONEY)
    auditor = forms.CharField(label="中介机构", required=False, max_length=200)
    audit_result = forms.CharField(label="审计（评估）结果", required=False, max_length=300)


class ConstructionBiddingDetails(AreaDetails):
    ITEM_TYPES = [
        ("approval", "审批核准信息"),
        ("prequalification", "资格预审公告"),
        ("tender_notice", "招标公告"),
        ("candidates", "中标候选人公示"),
        ("award", "中标结果"),
        ("contract", "合同订立及履行"),
        ("penalty", "违法处罚"),
    ]
    REQUIRED = {"tender_notice": ("bid_section",), "candidates": ("candidates",), "award": ("winner", "amount"), "contract": ("winner", "amount")}
    item_type = forms.ChoiceField(label="信息类型", choices=ITEM_TYPES)
    bid_section = forms.CharField(label="标段", required=False, max_length=100)
    candidates = forms.CharField(label="中标候选人（按排名）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    winner = forms.CharField(label="中标人", required=False, max_length=200)
    amount = forms.DecimalField(label="中标金额（元）", required=False, **MONEY)


CATEGORY_FORMS: dict[str, type[forms.Form]] = {
    ResourceArea.HOUSING: HousingDetails,
    ResourceArea.LAND_USE_RIGHT: LandUseRightDetails,
    ResourceArea.MINING_RIGHT: MiningRightDetails,
    ResourceArea.PROCUREMENT: ProcurementDetails,
    ResourceArea.STATE_PROPERTY: StatePropertyDetails,
    ResourceArea.CONSTRUCTION_BIDDING: ConstructionBiddingDetails,
}


def _item_fields(form: type[forms.Form]) -> dict[str, tuple[str, ...]]:
    """What each item type shows on the clerk's form (`ITEM_FIELDS`, read by disclosures/forms.py): its own
    REQUIRED fields and the fields no item type requires (the area's common ones); another item type's required
    fields are hidden (a 分配结果 shows no 农村危房改造 fields)."""
    specific = {name for names in form.REQUIRED.values() for name in names}
    return {
        item: tuple(name for name in form.base_fields if name not in specific or name in form.REQUIRED.get(item, ()))
        for item, _label in form.ITEM_TYPES
    }


for _form in CATEGORY_FORMS.values():
    _form.ITEM_FIELDS = _item_fields(_form)
