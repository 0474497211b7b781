"""Structured fields of each public-resource area (seed 002 §四(二)).

One form per area; the record's `item_type` (公告, 结果, 合同…) decides which fields are required.
"""

from decimal import Decimal

from django import forms

from .choices import ResourceArea

MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("9999999999999.99")}


class AreaDetails(forms.Form):
    """Base: `item_type` first; `REQUIRED[item_type]` lists the fields that item must carry."""

    ITEM_TYPES: list[tuple[str, str]] = []
    ITEM_FIELD = "item_type"  # chooses the catalogue entry (disclosures.services.default_catalogue_entry)
    REQUIRED: dict[str, tuple[str, ...]] = {}
    MESSAGES: dict[str, str] = {}

    def clean(self):
        cleaned = super().clean()
        item = cleaned.get("item_type")
        labels = dict(self.ITEM_TYPES)
        for name in self.REQUIRED.get(item, ()):
            if cleaned.get(name) in (None, "", []) and name not in self.errors:
                message = self.MESSAGES.get(name) or f"“{labels.get(item, item)}”必须填写{self.fields[name].label}。"
                self.add_error(name, message)
        return cleaned


class HousingDetails(AreaDetails):
    ITEM_TYPES = [
        ("construction_plan", "保障性安居工程规划建设方案"),
        ("annual_plan", "年度建设计划"),
        ("plan_progress", "建设计划完成情况"),
        ("rural_renovation", "农村危房改造"),
        ("allocation_policy", "分配政策"),
        ("allocation_targets", "分配对象"),
        ("housing_supply", "房源信息"),
        ("allocation_process", "分配程序及过程"),
        ("allocation_result", "分配结果"),
    ]
    REQUIRED = {
        "annual_plan": ("task_units", "planned_projects"),
        "plan_progress": ("started_units", "completed_units"),
        "allocation_result": ("allocated_units",),
        "housing_supply": ("available_units",),
    }
    item_type = forms.ChoiceField(label="信息类型", choices=ITEM_TYPES)
    task_units = forms.IntegerField(label="计划任务量（套/户）", required=False, min_value=0, max_value=10_000_000)
    planned_projects = forms.CharField(label="计划项目", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    unit_types = forms.CharField(label="计划户型", required=False, max_length=200)
    started_units = forms.IntegerField(label="已开工（套/户）", required=False, min_value=0, max_value=10_000_000)
    completed_units = forms.IntegerField(label="已竣工（套/户）", required=False, min_value=0, max_value=10_000_000)
    subsidy_amount = forms.DecimalField(label="补助资金（元）", required=False, **MONEY)
    subsidy_standard = forms.CharField(label="补助标准", required=False, max_length=200)
    available_units = forms.IntegerField(label="房源数量（套）", required=False, min_value=0, max_value=10_000_000)
    allocated_units = forms.IntegerField(label="分配套数", required=False, min_value=0, max_value=10_000_000)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("completed_units") or 0) > (cleaned.get("started_units") or 0) and cleaned.get("started_units") is not None:
            self.add_error("completed_units", "已竣工数不能大于已开工数。")
        return cleaned


class LandUseRightDetails(AreaDetails):
    ITEM_TYPES = [
        ("policy", "用地政策"),
        ("approval", "用地批准文件"),
        ("supply_plan", "土地供应计划"),
        ("notice", "出让公告"),
        ("result", "出让结果"),
    ]
    REQUIRED = {
        "notice": ("parcel_no", "location", "area_sqm", "land_use", "term_years", "starting_price"),
        "result": ("parcel_no", "transferee", "deal_price"),
    }
    MESSAGES = {"transferee": "出让结果必须填写受让人（有成交价就必须有受让人）。"}
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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deal_price") is not None and not cleaned.get("transferee") and "transferee" not in self.errors:
            self.add_error("transferee", "填写成交价时必须填写受让人。")
        return cleaned


class MiningRightDetails(AreaDetails):
    ITEM_TYPES = [("approval", "审批结果"), ("notice", "出让公告"), ("result", "出让结果")]
    REQUIRED = {"notice": ("mineral", "mining_area", "starting_price"), "result": ("transferee", "deal_price")}
    item_type = forms.ChoiceField(label="信息类型", choices=ITEM_TYPES)
    right_type = forms.ChoiceField(label="矿业权类型", required=False, choices=[("", "---------"), ("mining", "采矿权"), ("exploration", "探矿权")])
    mineral = forms.CharField(label="矿种", required=False, max_length=50)
    mining_area = forms.CharField(label="矿区范围", required=False, max_length=200)
    starting_price = forms.DecimalField(label="起始价（元）", required=False, **MONEY)
    transferee = forms.CharField(label="竞得人", required=False, max_length=200)
    deal_price = forms.DecimalField(label="成交价（元）", required=False, **MONEY)


class ProcurementDetails(AreaDetails):
    ITEM_TYPES = [
        ("catalogue", "政府集中采购目录"),
        ("threshold", "采购限额标准"),
        ("agency_list", "代理机构名录"),
        ("notice", "采购公告"),
        ("documents", "采购文件"),
        ("result", "采购结果"),
        ("contract", "采购合同"),
        ("complaint", "投诉处理决定"),
        ("penalty", "监督检查处罚"),
    ]
    REQUIRED = {
        "notice": ("budget", "method"),
        "result": ("supplier", "deal_amount"),
        "contract": ("supplier", "deal_amount"),
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
