"""Structured fields of each welfare area (seed 002 §四(三)).

Every area shares the record kinds that carry numbers — 资金 (fund), 标准 (standard) — and names its
own item types; `item_type` decides which fields a record must carry.
"""

from decimal import Decimal

from django import forms

from .choices import WelfareArea

MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("9999999999999.99")}

COMMON_ITEMS = [
    ("policy", "政策文件"),
    ("fund", "资金分配和使用"),
    ("standard", "保障（补助）标准"),
    ("beneficiaries", "对象名单公示"),
]

AREA_ITEMS = {
    WelfareArea.POVERTY_ALLEVIATION: [("project", "扶贫项目"), ("identification", "贫困识别和退出"), ("helpers", "帮扶责任人"), ("outcome", "扶贫成效")],
    WelfareArea.EDUCATION: [("plan", "发展规划"), ("student_aid", "困难学生资助"), ("dropout", "控辍保学"), ("private_school", "民办学校资质和收费")],
    WelfareArea.HEALTH: [("disease_control", "重大疾病预防控制"), ("immunization", "免疫规划"), ("public_health_emergency", "突发公共卫生事件"), ("epidemic", "传染病疫情"), ("health_poverty", "健康扶贫"), ("food_safety_blacklist", "食品安全黑名单")],
    WelfareArea.CULTURE_SPORTS: [("facilities", "公共文化体育设施名录"), ("purchase_catalogue", "政府购买服务目录"), ("performance", "绩效评价结果"), ("donations", "受捐款物")],
    WelfareArea.SOCIAL_ASSISTANCE: [("procedure", "认定和申领程序"), ("goods", "款物管理使用"), ("subsidy_payment", "补贴发放")],
    WelfareArea.ENVIRONMENT: [("pollution_control", "污染防治政策与效果"), ("monitoring", "污染源监测"), ("eia_approval", "环评审批"), ("incident", "环境事件调查处理"), ("enforcement", "执法监管"), ("heavy_pollution_warning", "重污染天气预警")],
    WelfareArea.DISASTER_RELIEF: [("emergency_response", "应急处置动态"), ("relief_needs", "救助需求"), ("relief_goods", "救助和捐赠款物数量及使用"), ("recipients", "救助对象及数额"), ("reconstruction", "灾后重建进展")],
}


class WelfareDetails(forms.Form):
    ITEM_TYPES: list[tuple[str, str]] = COMMON_ITEMS
    ITEM_FIELD = "item_type"  # chooses the catalogue entry (disclosures.services.default_catalogue_entry)
    # Item types that are about money: they must say how much, and 已拨付 cannot exceed it.
    FUND_ITEMS = {"fund", "relief_goods", "subsidy_payment", "donations", "project"}

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
        return cleaned


def _area_form(area: str) -> type[forms.Form]:
    items = COMMON_ITEMS + AREA_ITEMS[area]
    return type(
        f"{area.title().replace('_', '')}Details",
        (WelfareDetails,),
        {"ITEM_TYPES": items, "item_type": forms.ChoiceField(label="信息类型", choices=items)},
    )


CATEGORY_FORMS: dict[str, type[forms.Form]] = {area: _area_form(area) for area in WelfareArea.values}
