"""Forms of the projects domain: the structured fields of each of the nine categories.

These are plain forms; the kernel (disclosures.details) validates a record's `details` with them, so
the admin, the API and imports all give the same Chinese field errors.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from .choices import ProjectCategory

MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("9999999999999.99")}


class ApprovalServiceDetails(forms.Form):
    requirements = forms.CharField(label="申报要求", widget=forms.Textarea(attrs={"rows": 2}))
    materials = forms.CharField(label="申报材料清单", widget=forms.Textarea(attrs={"rows": 2}))
    process = forms.CharField(label="批准流程", widget=forms.Textarea(attrs={"rows": 2}))
    time_limit = forms.CharField(label="办理时限", max_length=100)
    contact = forms.CharField(label="受理机构联系方式", max_length=200)
    complaint = forms.CharField(label="监督举报方式", max_length=200)


APPROVAL_ITEMS = [
    ("proposal", "项目建议书审批"),
    ("feasibility", "可行性研究报告审批"),
    ("preliminary_design", "初步设计审批"),
    ("verification", "项目核准"),
    ("energy", "节能审查"),
    ("site_selection", "建设项目选址意见"),
    ("land_pre_review", "建设项目用地预审"),
    ("forest_land", "使用林地审核（批）"),
    ("environment", "环境影响评价审批"),
    ("land_use_planning", "建设用地规划许可"),
    ("engineering_planning", "建设工程规划许可"),
    ("construction_permit", "施工许可"),
    ("bidding_approval", "招标事项核准"),
    ("water", "取水许可/水土保持/洪水影响评价"),
]


class ApprovalResultDetails(forms.Form):
    # The item type chooses the catalogue entry (disclosures.services.default_catalogue_entry); the 批复日期
    # starts the decision's 7-working-day clock (国办发〔2018〕118号).
    ITEM_FIELD = "approval_item"
    DECISION_DATE_FIELD = "approved_on"
    DOC_NO_FIELD = "reply_no"  # the record's 文号: the clerk enters one, the form fills the other

    approval_item = forms.ChoiceField(label="审批事项", choices=APPROVAL_ITEMS, help_text="标准目录事项只对应一种审批事项时可不填。")
    reply_no = forms.CharField(label="批复文号", max_length=100, help_text="与记录的文号相同时可不填。")
    authority = forms.CharField(label="批复机关", max_length=100)
    approved_on = forms.DateField(label="批复日期")
    result = forms.ChoiceField(
        label="审批结果", choices=[("approved", "同意"), ("conditional", "有条件同意"), ("rejected", "不予批准")]
    )


BIDDING_STAGES = [
    ("prequalification", "资格预审公告"),
    ("tender_notice", "招标公告"),
    ("candidates", "中标候选人公示"),
    ("award", "中标结果"),
    ("contract", "合同订立"),
    ("performance", "合同履行"),
    ("penalty", "违法处罚"),
]


class BiddingDetails(forms.Form):
    ITEM_FIELD = "stage"

    stage = forms.ChoiceField(label="阶段", choices=BIDDING_STAGES)
    method = forms.ChoiceField(
        label="招标方式", choices=[("open", "公开招标"), ("invited", "邀请招标"), ("negotiated", "竞争性谈判"), ("other", "其他")]
    )
    lot = forms.CharField(label="标段", max_length=100, required=False)
    winner = forms.CharField(label="中标单位", max_length=200, required=False)
    amount = forms.DecimalField(label="中标金额（元）", required=False, **MONEY)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stage") in {"award", "contract"}:
            if not cleaned.get("winner"):
                self.add_error("winner", "中标结果和合同订立必须填写中标单位。")
            if cleaned.get("amount") in (None, ""):
                self.add_error("amount", "中标结果和合同订立必须填写中标金额。")
        return cleaned


LAND_DOCUMENTS = [
    ("notice_of_intent", "征地告知书"),
    ("submission_statement", "建设项目用地呈报说明书"),
    ("farmland_conversion", "农用地转用方案"),
    ("farmland_supplement", "补充耕地方案"),
    ("expropriation_plan", "征收土地方案"),
    ("land_supply_plan", "供地方案"),
    ("expropriation_notice", "征地公告"),
    ("compensation_notice", "征地补偿安置方案公告"),
]


class LandExpropriationDetails(forms.Form):
    ITEM_FIELD = "document_type"

    document_type = forms.ChoiceField(label="文件类型", choices=LAND_DOCUMENTS)
    area_hectares = forms.DecimalField(
        label="面积（公顷）", max_digits=12, decimal_places=4, min_value=Decimal("0.0001"), max_value=Decimal("1000000")
    )
    authority = forms.CharField(label="批准机关", max_length=100)


class DesignChangeDetails(forms.Form):
    reason = forms.CharField(label="变更原因", widget=forms.Textarea(attrs={"rows": 2}))
    content = forms.CharField(label="主要变更内容", widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label="变更依据", max_length=300)
    approver = forms.CharField(label="批准单位", max_length=100)
    result = forms.CharField(label="变更结果", max_length=300)


class ConstructionDetails(forms.Form):
    owner_unit = forms.CharField(label="建设单位（项目法人）", max_length=200)
    owner_person = forms.CharField(label="建设单位负责人", max_length=50)
    designer_unit = forms.CharField(label="设计单位", max_length=200)
    designer_person = forms.CharField(label="设计单位项目负责人", max_length=50)
    designer_qualification = forms.CharField(label="设计单位资质", max_length=100)
    contractor_unit = forms.CharField(label="施工单位", max_length=200)
    contractor_person = forms.CharField(label="施工单位项目负责人", max_length=50)
    contractor_qualification = forms.CharField(label="施工单位资质", max_length=100)
    supervisor_unit = forms.CharField(label="监理单位", max_length=200)
    supervisor_person = forms.CharField(label="总监理工程师", max_length=50)
    supervisor_qualification = forms.CharField(label="监理单位资质", max_length=100)
    management = forms.CharField(label="项目管理机构及职责", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    environmental_measures = forms.CharField(
        label="施工期环境保护措施落实情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QualitySafetyDetails(forms.Form):
    agency = forms.CharField(label="质量安全监督机构", max_length=200)
    contact = forms.CharField(label="监督机构联系方式", max_length=100)
    penalty = forms.CharField(label="质量安全行政处罚情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CompletionDetails(forms.Form):
    accepted_on = forms.DateField(label="竣工验收时间")
    quality_result = forms.ChoiceField(label="工程质量验收结果", choices=[("passed", "合格"), ("failed", "不合格")])
    filed_on = forms.DateField(label="竣工验收备案时间")
    filing_no = forms.CharField(label="备案编号", max_length=100)
    filing_department = forms.CharField(label="备案部门", max_length=100)
    delivered_on = forms.DateField(label="交付使用时间", required=False)
    audit_unit = forms.CharField(label="竣工决算审计单位", max_length=200, required=False)
    final_amount = forms.DecimalField(label="财务决算金额（元）", required=False, **MONEY)

    def clean(self):
        cleaned = super().clean()
        accepted = cleaned.get("accepted_on")
        if accepted and cleaned.get("filed_on") and cleaned["filed_on"] < accepted:
            self.add_error("filed_on", "竣工验收备案时间不能早于竣工验收时间。")
        if accepted and cleaned.get("delivered_on") and cleaned["delivered_on"] < accepted:
            self.add_error("delivered_on", "交付使用时间不能早于竣工验收时间。")
        return cleaned


class SupervisionDetails(forms.Form):
    inspection = forms.CharField(label="监管检查情况", widget=forms.Textarea(attrs={"rows": 2}))
    rectification = forms.CharField(label="整改情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    penalty = forms.CharField(label="处罚情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))


CATEGORY_FORMS: dict[str, type[forms.Form]] = {
    ProjectCategory.APPROVAL_SERVICE: ApprovalServiceDetails,
    ProjectCategory.APPROVAL_RESULT: ApprovalResultDetails,
    ProjectCategory.BIDDING: BiddingDetails,
    ProjectCategory.LAND_EXPROPRIATION: LandExpropriationDetails,
    ProjectCategory.DESIGN_CHANGE: DesignChangeDetails,
    ProjectCategory.CONSTRUCTION: ConstructionDetails,
    ProjectCategory.QUALITY_SAFETY: QualitySafetyDetails,
    ProjectCategory.COMPLETION: CompletionDetails,
    ProjectCategory.SUPERVISION: SupervisionDetails,
}


def validate_record_against_project(project, category: str, details: dict) -> None:
    """Cross-object rules a category form cannot see (e.g. 竣工 before 开工)."""
    if category == ProjectCategory.COMPLETION and project.started_on and details.get("accepted_on"):
        if str(details["accepted_on"]) < project.started_on.isoformat():
            raise ValidationError({"details.accepted_on": ["竣工验收时间不能早于项目开工日期。"]})
