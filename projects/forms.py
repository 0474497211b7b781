"""Forms of the projects domain: the structured fields of each of the nine categories.

These are plain forms; the kernel (disclosures.details) validates a record's `details` with them, so
the admin, the API and imports all give the same Chinese field errors.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from disclosures.details import HistoricChoiceField
from namelists.masking import mask_name

from .choices import PPPCapital, PPPMode, PPPReturn, ProjectCategory

TEXT = {"widget": forms.Textarea(attrs={"rows": 2})}
MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("9999999999999.99")}


def require(form: forms.Form, cleaned: dict, names, why: str) -> None:
    """Each of `names` must be filled: the error names the field and says why (e.g. 招标公告必须填写招标条件。)."""
    for name in names:
        if cleaned.get(name) in (None, "", []) and name not in form.errors:
            form.add_error(name, f"{why}必须填写{form.fields[name].label}。")


class ApprovalServiceDetails(forms.Form):
    requirements = forms.CharField(label="申报要求", widget=forms.Textarea(attrs={"rows": 2}))
    materials = forms.CharField(label="申报材料清单", widget=forms.Textarea(attrs={"rows": 2}))
    process = forms.CharField(label="批准流程", widget=forms.Textarea(attrs={"rows": 2}))
    time_limit = forms.CharField(label="办理时限", max_length=100)
    contact = forms.CharField(label="受理机构联系方式", max_length=200)
    complaint = forms.CharField(label="监督举报方式", max_length=200)


# 批准结果: the items of seed 002 §四(一)2 as today's procedures name them. Since 2019 the 建设项目选址意见书
# and the 用地预审 are one 用地预审与选址意见书, and the 建设用地批准书 is issued with the 建设用地规划许可证
# (《自然资源部关于以"多规合一"为基础推进规划用地"多审合一、多证合一"改革的通知》，自然资规〔2019〕2号);
# 取水许可 (《取水许可和水资源费征收管理条例》), 水土保持方案 (《水土保持法》第二十五条) and 洪水影响评价
# (《防洪法》第二十七条、《水法》第三十八条) are three decisions of their own.
APPROVAL_ITEMS = [
    ("proposal", "项目建议书审批"),
    ("feasibility", "可行性研究报告审批"),
    ("preliminary_design", "初步设计审批"),
    ("verification", "项目核准"),
    ("energy", "节能审查"),
    ("land_site_review", "用地预审与选址意见书"),
    ("forest_land", "使用林地审核（批）"),
    ("environment", "环境影响评价审批"),
    ("land_planning_permit", "建设用地规划许可（含建设用地批准书）"),
    ("engineering_planning", "建设工程规划许可"),
    ("construction_permit", "施工许可"),
    ("bidding_approval", "招标事项核准"),
    ("water_intake", "取水许可"),
    ("soil_conservation", "水土保持方案审批"),
    ("flood_impact", "洪水影响评价审批"),
]
# Items of records made before those reforms: still valid and shown, not offered for new records.
HISTORIC_APPROVAL_ITEMS = [
    ("site_selection", "建设项目选址意见（2019年改革前）"),
    ("land_pre_review", "建设项目用地预审（2019年改革前）"),
    ("land_use_planning", "建设用地规划许可（2019年改革前）"),
    ("water", "取水许可/水土保持/洪水影响评价（合并记录）"),
]


class ApprovalResultDetails(forms.Form):
    # The item type chooses the catalogue entry (disclosures.services.default_catalogue_entry); the 批复日期
    # starts the decision's 7-working-day clock (国办发〔2018〕118号).
    ITEM_FIELD = "approval_item"
    DECISION_DATE_FIELD = "approved_on"
    DOC_NO_FIELD = "reply_no"  # the record's 文号: the clerk enters one, the form fills the other

    approval_item = HistoricChoiceField(
        label="审批事项", choices=APPROVAL_ITEMS, historic=HISTORIC_APPROVAL_ITEMS,
        help_text="标准目录事项只对应一种审批事项时可不填。用地预审与选址意见书、建设用地规划许可（含建设用地批准书）"
        "按自然资规〔2019〕2号合并办理；涉水事项分三项记录（取水许可；水土保持方案审批；洪水影响评价审批）。",
    )
    reply_no = forms.CharField(label="批复文号", max_length=100, help_text="与记录的文号相同时可不填。")
    authority = forms.CharField(label="批复机关", max_length=100)
    approved_on = forms.DateField(label="批复日期")
    result = forms.ChoiceField(
        label="审批结果", choices=[("approved", "同意"), ("conditional", "有条件同意"), ("rejected", "不予批准")]
    )


# 招标投标: seed 002 §四(一)3 item by item; what a 招标公告 and a 中标候选人公示 contain is
# 《招标公告和公示信息发布管理办法》（国家发展改革委令第10号）第五条、第六条.
BIDDING_STAGES = [
    ("approval_filing", "依法必须招标项目审批核准备案信息"),
    ("prequalification", "资格预审公告"),
    ("tender_notice", "招标公告"),
    ("candidates", "中标候选人公示"),
    ("award", "中标结果"),
    ("contract", "合同订立"),
    ("performance", "合同履行"),
    ("credit", "市场主体信用信息"),
    ("penalty", "招标投标违法处罚"),
]
# 《招标投标法》第十条: 招标分为公开招标和邀请招标. 竞争性谈判 and 磋商 are 政府采购 methods (《政府采购法》
# 第二十六条); records made before carry them and stay valid.
BIDDING_METHODS = [("open", "公开招标"), ("invited", "邀请招标")]
HISTORIC_BIDDING_METHODS = [("negotiated", "竞争性谈判（历史记录）"), ("other", "其他（历史记录）")]
NOTICE_FIELDS = ("conditions", "scope", "qualification", "documents_access", "submission")
PENALTY_FIELDS = ("penalized", "facts", "penalty_basis", "penalty_result", "decided_on")
METHOD_STAGES = {"prequalification", "tender_notice", "candidates", "award", "contract"}


class CandidatesField(forms.Field):
    """中标候选人 as a table: one row per candidate (《招标公告和公示信息发布管理办法》第六条; 《招标投标法实施条例》
    第五十四条). The API sends a list of objects; the admin a textarea, one candidate a line, the columns
    separated by "|". The 项目负责人 is a natural person: public pages and the API show the name masked
    (张*明, seed 001 §五 去标识化); the guard (core.pii) reads every column for ID and phone numbers."""

    COLUMNS = [
        ("rank", "排序"), ("name", "名称"), ("bid_price", "投标报价（元）"), ("duration", "工期"),
        ("evaluation", "评标情况"), ("manager", "项目负责人"), ("manager_record", "个人业绩"),
        ("certificates", "证书及编号"), ("qualification", "资格能力条件"),
    ]
    REQUIRED = ("rank", "name", "bid_price", "manager")
    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "每行一名候选人，各栏用“|”分隔：排序|名称|投标报价（元）|工期|评标情况|项目负责人|个人业绩|证书及编号|"
            "资格能力条件。项目负责人姓名在公开页面和接口中脱敏显示。",
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join("|".join(str(row.get(key, "")) for key, _ in self.COLUMNS) for row in value if isinstance(row, dict))
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if isinstance(value, str):
            rows = []
            for line in value.splitlines():
                if not line.strip():
                    continue
                cells = [cell.strip() for cell in line.replace("｜", "|").split("|")]
                if len(cells) > len(self.COLUMNS):
                    raise ValidationError(f"中标候选人每行最多 {len(self.COLUMNS)} 栏，用“|”分隔。")
                rows.append(dict(zip([key for key, _ in self.COLUMNS], cells, strict=False)))
            value = rows
        if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
            raise ValidationError("中标候选人必须是候选人的列表，每名候选人一行（对象）。")
        labels = dict(self.COLUMNS)
        cleaned, ranks = [], set()
        for number, row in enumerate(value, start=1):
            unknown = set(row) - set(labels)
            if unknown:
                raise ValidationError(f"中标候选人第 {number} 行有未知的栏目：{'、'.join(sorted(map(str, unknown)))}。")
            item = {key: str(row.get(key) if row.get(key) is not None else "").strip() for key in labels}
            for key in self.REQUIRED:
                if not item[key]:
                    raise ValidationError(f"中标候选人第 {number} 行必须填写{labels[key]}。")
            try:
                rank = int(item["rank"])
            except ValueError:
                raise ValidationError(f"中标候选人第 {number} 行的排序必须是正整数。") from None
            if rank < 1 or rank in ranks:
                raise ValidationError(f"中标候选人第 {number} 行的排序必须是不重复的正整数。")
            ranks.add(rank)
            try:
                price = Decimal(item["bid_price"].replace(",", ""))
            except InvalidOperation:
                raise ValidationError(f"中标候选人第 {number} 行的投标报价必须是金额（元）。") from None
            if not price.is_finite() or price < 0 or price > MONEY["max_value"]:
                raise ValidationError(f"中标候选人第 {number} 行的投标报价必须是不小于 0 的金额（元）。")
            for key, text in item.items():
                if len(text) > 500:
                    raise ValidationError(f"中标候选人第 {number} 行的{labels[key]}不能超过 500 字。")
            cleaned.append({**{k: v for k, v in item.items() if v}, "rank": rank, "bid_price": str(price.quantize(Decimal("0.01")))})
        return sorted(cleaned, key=lambda row: row["rank"])

    def public_value(self, value):
        """The rows as the public reads them: the 项目负责人's name masked."""
        if not isinstance(value, list):
            return value
        return [{**row, "manager": mask_name(row.get("manager", ""))} if isinstance(row, dict) else row for row in value]

    def display_value(self, value) -> str:
        """One line per candidate, the public way (masked 项目负责人), for the record page, search and exports."""
        labels = dict(self.COLUMNS)
        lines = []
        for row in self.public_value(value) or []:
            if not isinstance(row, dict):
                continue
            parts = [f"第{row.get('rank')}名 {row.get('name', '')}"]
            for key in ("bid_price", "duration", "evaluation", "manager", "manager_record", "certificates", "qualification"):
                if row.get(key):
                    text = f"{Decimal(str(row[key])):,.2f}" if key == "bid_price" else row[key]
                    parts.append(f"{labels[key]}：{text}")
            lines.append("，".join(parts))
        return "；\n".join(lines)


class BiddingDetails(forms.Form):
    """招标投标信息 (seed 002 §四(一)3; 国办发〔2017〕94号). Each stage's own fields are required for that stage:
    招标公告's five elements (国家发展改革委令第10号 第五条), 中标候选人 with its table and 异议渠道
    (第六条; 《招标投标法实施条例》第五十四条), 合同履行 (进度、变更、验收), and a 违法处罚 decision's fields
    (《行政处罚法》第四十八条), whose 决定日期 starts the 7-working-day clock (国办发〔2018〕118号)."""

    ITEM_FIELD = "stage"
    DECISION_DATE_FIELD = "decided_on"
    PLACEHOLDER = {"stage": "prequalification", "method": "open"}  # disclosures.details.placeholder_details

    # What each stage shows on the clerk's form (the other stages' fields are hidden: disclosures/forms.py puts
    # this on the stage's select, static/js/admin_details.js reads it): what `clean` requires, and what it may add.
    ITEM_FIELDS = {
        "approval_filing": ("tender_scope", "method", "tender_organization"),
        "prequalification": ("method", "lot"),
        "tender_notice": ("method", "lot", *NOTICE_FIELDS),
        "candidates": ("method", "lot", "candidates", "objection"),
        "award": ("method", "lot", "winner", "amount"),
        "contract": ("method", "lot", "winner", "amount"),
        "performance": ("lot", "winner", "progress", "changes", "acceptance"),
        "credit": ("market_entity", "credit_info"),
        "penalty": tuple(PENALTY_FIELDS),
    }

    stage = forms.ChoiceField(label="阶段", choices=BIDDING_STAGES)
    method = HistoricChoiceField(
        label="招标方式", choices=BIDDING_METHODS, historic=HISTORIC_BIDDING_METHODS, required=False,
        help_text="《招标投标法》第十条：招标分为公开招标和邀请招标。竞争性谈判、磋商属于政府采购方式。",
    )
    lot = forms.CharField(label="标段", max_length=100, required=False)
    # 依法必须招标项目的审批核准备案信息 (《招标投标法实施条例》第七条)
    tender_scope = forms.CharField(label="招标范围", required=False, **TEXT)
    tender_organization = forms.ChoiceField(
        label="招标组织形式", required=False, choices=[("", "—"), ("self", "自行招标"), ("entrusted", "委托招标")],
        help_text="《招标投标法实施条例》第七条：审批、核准项目的招标范围、招标方式、招标组织形式。",
    )
    # 招标公告 / 资格预审公告 (国家发展改革委令第10号 第五条)
    conditions = forms.CharField(label="招标条件", required=False, **TEXT)
    scope = forms.CharField(label="项目概况与招标范围", required=False, **TEXT)
    qualification = forms.CharField(label="投标人资格要求", required=False, **TEXT)
    documents_access = forms.CharField(label="招标文件获取", required=False, **TEXT, help_text="获取时间、地点、方式。")
    submission = forms.CharField(label="投标文件递交", required=False, **TEXT, help_text="递交截止时间、地点、方式。")
    # 中标候选人公示 (第六条)
    candidates = CandidatesField(label="中标候选人", required=False)
    objection = forms.CharField(
        label="异议渠道和方式", required=False, **TEXT,
        help_text="《招标投标法实施条例》第五十四条：投标人或者其他利害关系人对评标结果有异议的，应当在公示期间提出。",
    )
    # 中标结果 / 合同订立
    winner = forms.CharField(label="中标单位", max_length=200, required=False)
    amount = forms.DecimalField(label="中标金额（元）", required=False, **MONEY)
    # 合同履行
    progress = forms.CharField(label="履行进度", required=False, **TEXT)
    changes = forms.CharField(label="合同变更", required=False, **TEXT)
    acceptance = forms.CharField(label="验收情况", required=False, **TEXT)
    # 市场主体信用信息
    market_entity = forms.CharField(label="市场主体名称", max_length=200, required=False)
    credit_info = forms.CharField(label="信用信息", required=False, **TEXT, help_text="信用评价、良好行为和不良行为记录等。")
    # 招标投标违法处罚 (《行政处罚法》第四十八条)
    penalized = forms.CharField(label="被处罚人", max_length=200, required=False)
    facts = forms.CharField(label="违法事实", required=False, **TEXT)
    penalty_basis = forms.CharField(label="处罚依据", required=False, **TEXT)
    penalty_result = forms.CharField(label="处罚结果", required=False, **TEXT)
    decided_on = forms.DateField(label="决定日期", required=False, help_text="行政处罚决定自作出之日起7个工作日内公开（国办发〔2018〕118号）。")

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("stage")
        if stage in METHOD_STAGES:
            require(self, cleaned, ["method"], "招标公告、中标候选人、中标结果和合同订立")
        if stage == "approval_filing":
            require(self, cleaned, ["tender_scope", "method", "tender_organization"], "依法必须招标项目的审批核准备案信息")
        if stage == "tender_notice":
            require(self, cleaned, NOTICE_FIELDS, "招标公告")
        if stage == "candidates":
            require(self, cleaned, ["candidates", "objection"], "中标候选人公示")
        if stage in {"award", "contract"}:
            if not cleaned.get("winner"):
                self.add_error("winner", "中标结果和合同订立必须填写中标单位。")
            if cleaned.get("amount") in (None, ""):
                self.add_error("amount", "中标结果和合同订立必须填写中标金额。")
        if stage == "performance":
            require(self, cleaned, ["progress"], "合同履行")
        if stage == "credit":
            require(self, cleaned, ["market_entity", "credit_info"], "市场主体信用信息")
        if stage == "penalty":
            require(self, cleaned, PENALTY_FIELDS, "招标投标违法处罚")
        return cleaned


# 征收土地: 《土地管理法》(2019) 第四十七条 and 《土地管理法实施条例》(2021) 第二十六条至第三十一条 set today's
# procedure; the 征地告知书 and the "一书四方案" of seed 002 §四(一)4 belong to the procedure before 2020 and
# stay for the records made under it.
LAND_DOCUMENTS = [
    ("pre_announcement", "征收土地预公告"),
    ("status_survey", "土地现状调查"),
    ("risk_assessment", "社会稳定风险评估"),
    ("compensation_plan", "征地补偿安置方案公告"),
    ("hearing", "听证"),
    ("pre_approval_materials", "履行征地报批前程序的相关证明材料"),
    ("expropriation_announcement", "征收土地公告"),
]
HISTORIC_LAND_DOCUMENTS = [
    ("notice_of_intent", "征地告知书（2020年前）"),
    ("submission_statement", "建设项目用地呈报说明书（2020年前）"),
    ("farmland_conversion", "农用地转用方案（2020年前）"),
    ("farmland_supplement", "补充耕地方案（2020年前）"),
    ("expropriation_plan", "征收土地方案（2020年前）"),
    ("land_supply_plan", "供地方案（2020年前）"),
    ("expropriation_notice", "征地公告（2020年前）"),
    ("compensation_notice", "征地补偿安置方案公告（2020年前）"),
]
COMPENSATION_NOTICE_DAYS = 30  # 《土地管理法》第四十七条第二款、实施条例第二十八条：公告时间不少于三十日


class LandExpropriationDetails(forms.Form):
    """征收土地信息 (《土地管理法》第四十七条，《土地管理法实施条例》第二十六条至第三十一条)."""

    ITEM_FIELD = "document_type"
    PLACEHOLDER = {"document_type": "status_survey", "summary": "土地现状调查结果"}

    document_type = HistoricChoiceField(
        label="文件类型", choices=LAND_DOCUMENTS, historic=HISTORIC_LAND_DOCUMENTS,
        help_text="《土地管理法》第四十七条、《土地管理法实施条例》第二十六条至第三十一条规定的征地程序文件。",
    )
    area_hectares = forms.DecimalField(
        label="面积（公顷）", max_digits=12, decimal_places=4, min_value=Decimal("0.0001"), max_value=Decimal("1000000")
    )
    authority = forms.CharField(label="批准机关", max_length=100, help_text="征收土地公告填写批准征收的人民政府；其他文件填写发布或组织单位。")
    notice_starts_on = forms.DateField(label="公告开始日期", required=False)
    notice_ends_on = forms.DateField(
        label="公告截止日期", required=False,
        help_text="征地补偿安置方案公告时间不少于三十日（《土地管理法》第四十七条、实施条例第二十八条）；"
        "预公告时间不少于十个工作日（实施条例第二十六条）。",
    )
    approved_on = forms.DateField(
        label="收到征收批准文件日期", required=False,
        help_text="征收土地公告应自收到批准文件之日起十五个工作日内发布（实施条例第三十一条）。",
    )
    approval_no = forms.CharField(label="批准文号", max_length=100, required=False)
    summary = forms.CharField(
        label="主要内容", required=False, **TEXT,
        help_text="预公告：征收范围、征收目的、开展土地现状调查的安排；补偿安置方案：征收范围、土地现状、征收目的、"
        "补偿方式和标准、安置对象、安置方式、社会保障；听证：申请、举行情况和结果；征收土地公告：征收范围、征收时间等具体工作安排。",
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("document_type")
        starts, ends = cleaned.get("notice_starts_on"), cleaned.get("notice_ends_on")
        if starts and ends and ends < starts:
            self.add_error("notice_ends_on", "公告截止日期不能早于公告开始日期。")
        if kind in {"pre_announcement", "compensation_plan"}:
            require(self, cleaned, ["notice_starts_on", "notice_ends_on", "summary"], dict(LAND_DOCUMENTS)[kind])
        if kind == "compensation_plan" and starts and ends and (ends - starts).days + 1 < COMPENSATION_NOTICE_DAYS:
            self.add_error(
                "notice_ends_on",
                "征地补偿安置方案公告时间不少于三十日（《土地管理法》第四十七条、《土地管理法实施条例》第二十八条）。",
            )
        if kind == "expropriation_announcement":
            require(self, cleaned, ["approved_on", "approval_no", "summary"], "征收土地公告")
        if kind in {"status_survey", "risk_assessment", "hearing", "pre_approval_materials"}:
            require(self, cleaned, ["summary"], dict(LAND_DOCUMENTS)[kind])
        return cleaned


class DesignChangeDetails(forms.Form):
    reason = forms.CharField(label="变更原因", widget=forms.Textarea(attrs={"rows": 2}))
    content = forms.CharField(label="主要变更内容", widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label="变更依据", max_length=300)
    approver = forms.CharField(label="批准单位", max_length=100)
    result = forms.CharField(label="变更结果", max_length=300)


class ConstructionDetails(forms.Form):
    """施工有关信息 (seed 002 §四(一)6; 《建设工程质量管理条例》): each party with its 主要负责人 (法定代表人) and
    its 项目负责人, and the 施工单位项目管理机构 (设置、职责、制度)."""

    owner_unit = forms.CharField(label="建设单位（项目法人）", max_length=200)
    owner_principal = forms.CharField(label="建设单位主要负责人（法定代表人）", max_length=50, required=False)
    owner_person = forms.CharField(label="建设单位项目负责人", max_length=50)
    designer_unit = forms.CharField(label="设计单位", max_length=200)
    designer_principal = forms.CharField(label="设计单位主要负责人（法定代表人）", max_length=50, required=False)
    designer_person = forms.CharField(label="设计单位项目负责人", max_length=50)
    designer_qualification = forms.CharField(label="设计单位资质", max_length=100)
    contractor_unit = forms.CharField(label="施工单位", max_length=200)
    contractor_principal = forms.CharField(label="施工单位主要负责人（法定代表人）", max_length=50, required=False)
    contractor_person = forms.CharField(label="施工单位项目负责人", max_length=50)
    contractor_qualification = forms.CharField(label="施工单位资质", max_length=100)
    supervisor_unit = forms.CharField(label="监理单位", max_length=200)
    supervisor_principal = forms.CharField(label="监理单位主要负责人（法定代表人）", max_length=50, required=False)
    supervisor_person = forms.CharField(label="总监理工程师", max_length=50)
    supervisor_qualification = forms.CharField(label="监理单位资质", max_length=100)
    management_setup = forms.CharField(label="项目管理机构设置", required=False, **TEXT)
    management_duties = forms.CharField(label="项目管理机构工作职责", required=False, **TEXT)
    management_rules = forms.CharField(label="主要管理制度", required=False, **TEXT)
    management = forms.CharField(
        label="项目管理机构及职责", required=False, **TEXT, help_text="2026年前的记录合并填写的内容；新记录分别填写设置、职责和制度。"
    )
    environmental_measures = forms.CharField(label="施工期环境保护措施落实情况", required=False, **TEXT)


class QualitySafetyDetails(forms.Form):
    """质量安全监督信息 (seed 002 §四(一)7). A 质量安全行政处罚 is a decision with the same fields as every
    penalty (《行政处罚法》第四十八条), published within 7 working days of its 决定日期 (国办发〔2018〕118号)."""

    ITEM_FIELD = "item_type"
    DECISION_DATE_FIELD = "decided_on"

    item_type = forms.ChoiceField(
        label="信息类型", required=False,
        choices=[("", "—"), ("agency", "质量安全监督机构及联系方式"), ("penalty", "质量安全行政处罚")],
        help_text="标准目录事项只对应一种信息类型时可不填。",
    )
    agency = forms.CharField(label="质量安全监督机构", max_length=200)
    contact = forms.CharField(label="监督机构联系方式", max_length=100)
    penalized = forms.CharField(label="被处罚人", max_length=200, required=False)
    facts = forms.CharField(label="违法事实", required=False, **TEXT)
    penalty_basis = forms.CharField(label="处罚依据", required=False, **TEXT)
    penalty_result = forms.CharField(label="处罚结果", required=False, **TEXT)
    decided_on = forms.DateField(label="决定日期", required=False, help_text="行政处罚决定自作出之日起7个工作日内公开（国办发〔2018〕118号）。")
    penalty = forms.CharField(label="质量安全行政处罚情况", required=False, **TEXT, help_text="早先记录的处罚情况（一段文字）。")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("item_type") == "penalty":
            require(self, cleaned, PENALTY_FIELDS, "质量安全行政处罚")
        return cleaned


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


# PPP (seed 001 二.6; 《国务院办公厅转发财政部发展改革委人民银行关于在公共服务领域推广政府和社会资本合作模式
# 指导意见的通知》国办发〔2015〕42号; 财政部《政府和社会资本合作（PPP）综合信息平台信息公开管理暂行办法》
# 财金〔2017〕1号): the items the seed lists, each recorded about the project.
PPP_ITEMS = [
    ("legal_basis", "法律依据和投融资政策"),
    ("progress", "项目进展"),
    ("model_project", "样板工程"),
    ("expert_pool", "专家库"),
    ("capital", "资本参与方式"),
    ("cooperation_mode", "合作模式"),
    ("return_mechanism", "回报机制"),
]
PPP_STAGES = [("identification", "项目识别"), ("preparation", "项目准备"), ("procurement", "项目采购"),
              ("execution", "项目执行"), ("transfer", "项目移交")]


class PPPDetails(forms.Form):
    """PPP项目信息 (seed 001 二.6): only about a project marked PPP (projects.services.project_record_create)."""

    ITEM_FIELD = "item_type"
    PLACEHOLDER = {"item_type": "capital", "capital": "equity"}

    item_type = forms.ChoiceField(label="信息类型", choices=PPP_ITEMS, help_text="标准目录事项只对应一种信息类型时可不填。")
    legal_basis = forms.CharField(label="法律依据", required=False, **TEXT)
    financing_policy = forms.CharField(label="投融资政策", required=False, **TEXT)
    ppp_stage = forms.ChoiceField(
        label="项目阶段", required=False, choices=[("", "—"), *PPP_STAGES],
        help_text="财金〔2014〕113号《政府和社会资本合作模式操作指南》的五个阶段。",
    )
    progress = forms.CharField(label="进展情况", required=False, **TEXT)
    model_level = forms.ChoiceField(
        label="示范层级", required=False, choices=[("", "—"), ("national", "国家级示范项目"), ("provincial", "省级示范项目"), ("local", "州（市）级示范项目")]
    )
    model_batch = forms.CharField(label="示范批次及文号", max_length=200, required=False)
    expert_pool = forms.CharField(label="专家库名称", max_length=200, required=False)
    expert_count = forms.IntegerField(label="入库专家人数", required=False, min_value=0, max_value=100000)
    expert_manager = forms.CharField(label="专家库管理单位", max_length=200, required=False)
    capital = forms.ChoiceField(label="社会资本参与方式", required=False, choices=[("", "—"), *PPPCapital.choices])
    mode = forms.ChoiceField(label="合作模式", required=False, choices=[("", "—"), *PPPMode.choices])
    term_years = forms.IntegerField(label="合作期限（年）", required=False, min_value=1, max_value=99)
    return_mechanism = forms.ChoiceField(label="回报机制", required=False, choices=[("", "—"), *PPPReturn.choices])
    description = forms.CharField(label="说明", required=False, **TEXT)

    NEEDS = {
        "legal_basis": ("legal_basis", "financing_policy"),
        "progress": ("ppp_stage", "progress"),
        "model_project": ("model_level", "model_batch"),
        "expert_pool": ("expert_pool", "expert_count", "expert_manager"),
        "capital": ("capital",),
        "cooperation_mode": ("mode", "term_years"),
        "return_mechanism": ("return_mechanism",),
    }

    def clean(self):
        cleaned = super().clean()
        item = cleaned.get("item_type")
        if item in self.NEEDS:
            require(self, cleaned, self.NEEDS[item], dict(PPP_ITEMS)[item])
        return cleaned


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
    ProjectCategory.PPP: PPPDetails,
}


def validate_record_against_project(project, category: str, details: dict) -> None:
    """Rules for a new record about `project` that a category form cannot see: 竣工 before 开工; PPP项目信息
    only about a PPP project (seed 001 二.6). (A historic choice — a pre-2019 审批事项, 竞争性谈判 as a 招标方式,
    a pre-2020 征地 document — is refused on every new record by the kernel: disclosures.details.historic_choice_errors.)"""
    errors = {}
    if category == ProjectCategory.COMPLETION and project.started_on and details.get("accepted_on"):
        if str(details["accepted_on"]) < project.started_on.isoformat():
            errors["details.accepted_on"] = ["竣工验收时间不能早于项目开工日期。"]
    if category == ProjectCategory.PPP and not project.is_ppp:
        errors["category"] = ["PPP项目信息只能记录在标为 PPP 的项目下，请先在项目中填写 PPP 合作模式、回报机制和资本参与方式。"]
    if errors:
        raise ValidationError(errors)
