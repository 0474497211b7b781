from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待部门负责人审核"
    REVIEWED = "reviewed", "待分管领导签发"
    APPROVED = "approved", "待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
    MERGED = "merged", "已并入更正"


class DisclosureMode(models.TextChoices):
    """The record's 公开属性. 条例第十三条 knows two 公开方式 (主动公开, 依申请公开); 不予公开 is the attribute of
    information 第十四条至第十六条 exempt. Only 主动公开 has a publication limit (第二十六条)."""

    ACTIVE = "active", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_DISCLOSED = "not_disclosed", "不予公开"


class WithholdingReason(models.TextChoices):
    """Why a record is 不予公开: the eight rows of the annual report's table 三 (国办公开办函〔2021〕30号),
    each the 条例 article that exempts the information."""

    STATE_SECRET = "state_secret", "属于国家秘密（第十四条）"
    LAW_FORBIDS = "law_forbids", "其他法律行政法规禁止公开（第十四条）"
    THREE_SAFETIES = "three_safeties", "危及“三安全一稳定”（第十四条）"
    THIRD_PARTY = "third_party", "保护第三方合法权益（第十五条）"
    INTERNAL_AFFAIRS = "internal_affairs", "属于三类内部事务信息（第十六条第一款）"
    PROCESS_INFO = "process_info", "属于四类过程性信息（第十六条第二款）"
    ENFORCEMENT_FILE = "enforcement_file", "属于行政执法案卷（第十六条第二款）"
    QUERY_MATTER = "query_matter", "属于行政查询事项（第三十六条第五项）"


class DocumentKind(models.TextChoices):
    """What kind of document a record is, as the annual report's part 二 counts them (条例第二十条第（一）项:
    规章和规范性文件; 国办公开办函〔2021〕30号 prints 规章 and 行政规范性文件 rows). 规章 are made only by the
    governments of provinces and 设区的市 (《立法法》第九十三条); 行政规范性文件 are defined by 国办发〔2018〕37号."""

    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他"


class Validity(models.TextChoices):
    """Whether a document is in force (有效性): 失效 when its term ends, 废止 when it is abolished (国办发〔2018〕37号
    asks that 行政规范性文件 be cleared up and the abolished or invalid ones announced)."""

    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    ABOLISHED = "abolished", "废止"


# States in which the record is still the responsible department's to publish.
UNPUBLISHED_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.APPROVED)
