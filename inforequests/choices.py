"""The vocabulary of an information request (依申请公开), in the words of 《政府信息公开条例》(2019) and of
the annual report's table 三 (国办公开办函〔2021〕30号), whose rows and columns the statistics reproduce."""

from django.db import models


class Channel(models.TextChoices):
    """How the application arrived; it decides the receipt date (条例第三十一条)."""

    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "邮政特快专递、挂号信"
    ORDINARY_POST = "ordinary_post", "平常信函"
    ONLINE = "online", "互联网渠道（在线申请）"
    FAX = "fax", "传真"
    ORAL = "oral", "口头提出（代为填写）"


# 条例第三十一条: what the receipt date is, by channel (shown to the office at intake and confirmation).
RECEIPT_RULE = {
    Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日（第三十一条第一项）。",
    Channel.ORAL: "口头提出、由工作机构代为填写的，以提出之日为收到申请之日（第二十九条、第三十一条第一项）。",
    Channel.REGISTERED_POST: "以邮政特快专递、挂号信等需要签收的邮寄方式提交的，以签收之日为收到申请之日（第三十一条第二项）。",
    Channel.ORDINARY_POST: "以平常信函等无需签收的邮寄方式提交的，以与申请人确认之日为收到申请之日（第三十一条第二项）。",
    Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第三项）。",
    Channel.FAX: "通过传真提交的，以双方确认之日为收到申请之日（第三十一条第三项）。",
}
# Channels whose receipt waits for the office to confirm with the applicant.
CONFIRMED_CHANNELS = frozenset({Channel.ORDINARY_POST, Channel.ONLINE, Channel.FAX})


class ApplicantType(models.TextChoices):
    """The columns of table 三: 自然人, then 法人或其他组织 in five kinds."""

    PERSON = "person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER = "other", "其他"


class IdType(models.TextChoices):
    ID_CARD = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    OTHER_ID = "other_id", "其他有效身份证件"
    CREDIT_CODE = "credit_code", "统一社会信用代码"


class InfoForm(models.TextChoices):
    """所需政府信息的形式要求 (第二十九条第二款第三项)."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子数据"
    OTHER = "other", "其他"


class Delivery(models.TextChoices):
    """获取信息的方式 (第二十九条第二款第三项)."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "在线查看"
    FAX = "fax", "传真"


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "待确认"
    RECEIVED = "received", "待分办"
    CORRECTING = "correcting", "待补正"
    HANDLING = "handling", "办理中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    REVIEWING = "reviewing", "答复待审核"
    ANSWERED = "answered", "已答复"
    ABANDONED = "abandoned", "视为放弃"
    WITHDRAWN = "withdrawn", "申请人撤回"


OPEN_STATUSES = (Status.RECEIVED, Status.CORRECTING, Status.HANDLING, Status.AWAITING_FEE, Status.REVIEWING)
CLOSED_STATUSES = (Status.ANSWERED, Status.ABANDONED, Status.WITHDRAWN)


class ReplyType(models.TextChoices):
    """The answer types: table 三's rows (一)–(六) (条例第三十六条至第三十九条)."""

    DISCLOSED = "disclosed", "予以公开"
    PARTLY = "partly", "部分公开"
    REFUSED = "refused", "不予公开"
    UNAVAILABLE = "unavailable", "无法提供"
    NOT_PROCESSED = "not_processed", "不予处理"
    OTHER = "other", "其他处理"


class FeeMode(models.TextChoices):
    """信息处理费的计收方式 (国办函〔2020〕109号 第三条: 按件或者按量, 不得重复计算)."""

    PER_PIECE = "per_piece", "按件计收"
    PER_VOLUME = "per_volume", "按量计收"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见（第三十二条）"
    OTHER_BODY = "other_body", "征求其他机关意见（第三十四条）"


class ConsultationOutcome(models.TextChoices):
    PENDING = "pending", "等待答复"
    AGREES = "agrees", "同意公开"
    OBJECTS = "objects", "不同意公开"
    SILENT = "silent", "逾期未提出意见"
