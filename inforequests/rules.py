"""The law of an information request as data and pure functions: the answer types and their sub-reasons
(table 三 of the annual report), the time limits of 《政府信息公开条例》(2019), and the 信息处理费 of
国办函〔2020〕109号. Nothing here touches the database; `services.py` applies it."""

from dataclasses import dataclass
from decimal import Decimal

from .choices import ReplyType

# ---------------------------------------------------------------------------------------------
# Time limits (working days unless said otherwise), each with its article
# ---------------------------------------------------------------------------------------------
ANSWER_DAYS = 20  # 第三十三条第二款: 自收到申请之日起20个工作日内予以答复
ANSWER_BASIS = "《政府信息公开条例》第三十三条第二款"
EXTENSION_MAX_DAYS = 20  # 第三十三条第二款: 延长的期限最长不得超过20个工作日
EXTENSION_BASIS = "《政府信息公开条例》第三十三条第二款"
DEFERRAL_BASIS = "《政府信息公开条例》第三十五条"  # a reasonable later date for an excessive but reasonable request
CORRECTION_NOTICE_DAYS = 7  # 第三十条: 自收到申请之日起7个工作日内一次性告知申请人作出补正
CORRECTION_BASIS = "《政府信息公开条例》第三十条"
CONSULTATION_DAYS = 15  # 第三十二条、第三十四条: 自收到征求意见书之日起15个工作日内提出意见
CONSULTATION_BASIS = {
    "third_party": "《政府信息公开条例》第三十二条、第三十三条第三款",
    "other_body": "《政府信息公开条例》第三十四条、第三十三条第三款",
}
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号 第七条: 收到收费通知次日起20个工作日内缴纳, 逾期视为放弃
FEE_BASIS = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
PAUSE_CONSULTATION = "征求第三方意见，期间不计入答复期限"
PAUSE_OTHER_BODY = "征求其他机关意见，期间不计入答复期限"
PAUSE_FEE = "收费通知至缴费期间不计入答复期限"

# What every answer tells the applicant (第五十一条).
REMEDIES = (
    "如对本答复不服，可以自收到本答复之日起60日内向本级人民政府或者上一级主管部门申请行政复议，"
    "或者自收到本答复之日起6个月内向人民法院提起行政诉讼；认为本机关在政府信息公开工作中侵犯其合法权益的，"
    "也可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报（《政府信息公开条例》第五十一条）。"
)

# What the public pages (依申请公开 and the 政府信息公开指南) say about 监督和救济, each route with its source.
# 条例第五十一条 gives the three routes; 第四十七条第二款 says what the 主管部门 does with a complaint.
REMEDY_ROUTES = (
    ("投诉、举报",
     "认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门（县级以上"
     "人民政府办公室）投诉、举报（《政府信息公开条例》第五十一条）；认为行政机关未按照要求主动公开政府信息或者对"
     "政府信息公开申请不依法答复处理的，可以向政府信息公开工作主管部门提出，查证属实的，由其督促整改或者通报批评"
     "（第四十七条第二款）。"),
    ("行政复议",
     "可以自知道或者应当知道该行政行为之日起60日内依法申请行政复议（《政府信息公开条例》第五十一条，"
     "《中华人民共和国行政复议法》第二十条）。"),
    ("行政诉讼",
     "可以自知道或者应当知道作出行政行为之日起6个月内依法向人民法院提起行政诉讼（《政府信息公开条例》第五十一条，"
     "《中华人民共和国行政诉讼法》第四十六条）。"),
)


# ---------------------------------------------------------------------------------------------
# Answer types and sub-reasons: table 三's rows, each with the article an answer of that kind cites
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Subtype:
    code: str
    label: str
    basis: str  # the article the 答复书 cites; pre-filled, the clerk may make it more precise


SUBTYPES: dict[str, tuple[Subtype, ...]] = {
    ReplyType.DISCLOSED: (),
    ReplyType.PARTLY: (),
    ReplyType.REFUSED: (
        Subtype("state_secret", "属于国家秘密", "《政府信息公开条例》第十四条"),
        Subtype("prohibited", "其他法律行政法规禁止公开", "《政府信息公开条例》第十四条"),
        Subtype("security", "危及“三安全一稳定”", "《政府信息公开条例》第十四条"),
        Subtype("third_party", "保护第三方合法权益", "《政府信息公开条例》第十五条"),
        Subtype("internal", "属于三类内部事务信息", "《政府信息公开条例》第十六条第一款"),
        Subtype("process", "属于四类过程性信息", "《政府信息公开条例》第十六条第二款"),
        Subtype("enforcement", "属于行政执法案卷", "《政府信息公开条例》第十六条第二款"),
        Subtype("inquiry", "属于行政查询事项", "《政府信息公开条例》第三十六条第（七）项"),
    ),
    ReplyType.UNAVAILABLE: (
        Subtype("not_held", "本机关不掌握相关政府信息", "《政府信息公开条例》第三十六条第（四）项、第（五）项"),
        Subtype("needs_making", "没有现成信息需要另行制作", "《政府信息公开条例》第三十八条"),
        Subtype("still_unclear", "补正后申请内容仍不明确", "《政府信息公开条例》第三十条"),
    ),
    ReplyType.NOT_PROCESSED: (
        Subtype("petition", "信访举报投诉类申请", "《政府信息公开条例》第三十九条第一款"),
        Subtype("repeated", "重复申请", "《政府信息公开条例》第三十六条第（六）项"),
        Subtype("publication", "要求提供公开出版物", "《政府信息公开条例》第三十九条第二款"),
        Subtype("excessive", "无正当理由大量反复申请", "《政府信息公开条例》第三十五条"),
        Subtype("confirmation", "要求行政机关确认或重新出具已获取信息", "《政府信息公开条例》第三十九条"),
    ),
    ReplyType.OTHER: (
        Subtype("no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "《政府信息公开条例》第三十条"),
        Subtype("fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", FEE_BASIS + "第七条"),
        Subtype("other", "其他", ""),
    ),
}
# The answers that must say why, citing the law (第三十六条第（三）项: 告知申请人不予公开并说明理由; 第三十七条).
BASIS_REQUIRED = frozenset({ReplyType.PARTLY, ReplyType.REFUSED, ReplyType.UNAVAILABLE, ReplyType.NOT_PROCESSED})
PARTLY_BASIS = "《政府信息公开条例》第三十七条"


def subtype(reply_type: str, code: str) -> Subtype | None:
    return next((item for item in SUBTYPES.get(reply_type, ()) if item.code == code), None)


def subtype_choices() -> list[tuple[str, str]]:
    """(code, label) of every sub-reason, for the model field (codes are unique across types)."""
    return [(item.code, item.label) for items in SUBTYPES.values() for item in items]


def default_basis(reply_type: str, code: str = "") -> str:
    if reply_type == ReplyType.PARTLY:
        return PARTLY_BASIS
    item = subtype(reply_type, code)
    return item.basis if item else ""


# ---------------------------------------------------------------------------------------------
# 信息处理费 (国办函〔2020〕109号), in yuan
# ---------------------------------------------------------------------------------------------
PIECE_FREE = 10  # 第四条(一): 同一申请人一个自然月内累计申请10件以下（含10件）的，不收费
PIECE_BAND_START = 30  # 第四条(二): 11—30件（含30件）的部分：100元/件
PIECE_RATE = 100
PIECE_BAND = 10  # 第四条(三): 31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件

PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))  # 第五条: 30页以下不收费；31—100页 10元/页；101—200页 20元/页；200页以上 40元/页


def piece_fee(ordinal: int) -> Decimal:
    """按件计收: the fee of the applicant's `ordinal`-th application in a calendar month (第四条, 超额累进)."""
    if ordinal < 1:
        raise ValueError("an ordinal starts at 1")
    if ordinal <= PIECE_FREE:
        return Decimal(0)
    if ordinal <= PIECE_BAND_START:
        return Decimal(PIECE_RATE)
    bands = -(-(ordinal - PIECE_BAND_START) // PIECE_BAND)  # 31–40 → 1, 41–50 → 2, …
    return Decimal(PIECE_RATE * (1 + bands))


def volume_fee(pages: int) -> Decimal:
    """按量计收: the fee of one application of `pages` pages (第五条, 超额累进): 150 pages → ¥1,700."""
    if pages < 0:
        raise ValueError("pages cannot be negative")
    total, floor = 0, 0
    for ceiling, rate in PAGE_BANDS:
        top = pages if ceiling is None else min(pages, ceiling)
        if top > floor:
            total += (top - floor) * rate
        if ceiling is None or pages <= ceiling:
            break
        floor = ceiling
    return Decimal(total)


def fee_explanation(mode: str, *, ordinal: int = 0, pages: int = 0) -> str:
    if mode == "per_piece":
        return f"按件计收：本自然月内第 {ordinal} 件申请，收费 {piece_fee(ordinal)} 元（{FEE_BASIS}第四条）。"
    return f"按量计收：共 {pages} 页，收费 {volume_fee(pages)} 元（{FEE_BASIS}第五条）。"


# ---------------------------------------------------------------------------------------------
# The 答复书: one opening and one paragraph per answer type, the clerk's text, the basis, the remedies
# ---------------------------------------------------------------------------------------------
REPLY_PARAGRAPHS = {
    ReplyType.DISCLOSED: "您申请获取的政府信息属于公开范围，本机关予以公开（《政府信息公开条例》第三十六条第（二）项）。",
    ReplyType.PARTLY: "您申请获取的政府信息中有不应当公开的内容，但能够作区分处理，本机关向您提供可以公开的内容，"
    "并对不予公开的内容说明理由（《政府信息公开条例》第三十七条）。",
    ReplyType.REFUSED: "您申请获取的政府信息属于不予公开的范围，本机关决定不予公开，理由和依据如下（《政府信息公开条例》"
    "第三十六条第（三）项）。",
    ReplyType.UNAVAILABLE: "本机关无法向您提供所申请的政府信息，理由和依据如下。",
    ReplyType.NOT_PROCESSED: "本机关对您的申请不予处理，理由和依据如下。",
    ReplyType.OTHER: "",
}


def _chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def reply_letter(request, body_name: str) -> list[str]:
    """The 答复书 as paragraphs: addressed to the applicant, what was asked and when it was received, the
    answer type's paragraph, the clerk's text, the legal basis, the remedies (第五十一条), the body and date."""
    received = _chinese_date(request.received_on) if request.received_on else "（待确认）"
    paragraphs = [
        f"{request.applicant_name}：",
        f"本机关于{received}收到您提出的政府信息公开申请（申请编号 {request.number}），申请获取“{request.description}”。"
        "经审查，现答复如下：",
    ]
    opening = REPLY_PARAGRAPHS.get(request.reply_type, "")
    sub = subtype(request.reply_type, request.reply_subtype)
    if opening:
        paragraphs.append(opening + (f"具体情形：{sub.label}。" if sub else ""))
    paragraphs += [line for line in (request.reply_text or "").splitlines() if line.strip()]
    if request.reply_basis:
        paragraphs.append(f"依据：{request.reply_basis}。".replace("。。", "。"))
    paragraphs.append(REMEDIES)
    date = _chinese_date(request.replied_on) if request.replied_on else "（答复日期）"
    paragraphs += [body_name, date]
    return paragraphs
