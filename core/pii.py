"""
The personal-data guard (seed 001 §五: 不得公开涉及身份证号、银行账号、个人电话…，公开时要去标识化处理).

Before a record is submitted and again before it is published, its title, body, structured fields,
更正说明 and every part of its attachments (read once per file by attachment_scan.py) are scanned for:

- `id_card`   18-digit 公民身份号码 (GB 11643 check digit, a province code and a plausible birth date),
              and 15-digit old numbers (province code, a plausible 19xx birth date);
- `mobile`    mainland mobile numbers 1[3-9]xxxxxxxxx, not part of a longer run of digits;
- `bank_card` Luhn-valid 16–19 digit card numbers (not an ID number, not a 统一社会信用代码);
- `landline`  fixed-line numbers only where the nearest words mark them as personal (家庭电话, 本人,
              联系人…电话, 手机…), never where they are official (举报电话, 监督电话, 咨询电话, 服务热线…).

Numbers count as a reader sees them:
- full-width digits (０-９) and Chinese numerals (一三八零零一三八零零零, 〇 for zero, 幺 for one, 大写
  壹贰叁…; seven numerals or more, so a date such as 二〇二六年 is not read as a number);
- split by spaces or hyphens (138 1234 5678, 110101-1990-0307-1234);
- split by dots, slashes or underscores only in the shapes of an ID number (110101.19900307.1234,
  110101/1990/0307/1234, 110101_19900307_123X) or of a mobile number (138.0013.8000), with the same
  separator throughout and not inside a longer dotted number: 1.3912345678, 138.00, 2026.01.05 and
  192.168.1.1 are not personal numbers;
- a mobile number with its first three digits in brackets ((138)0013-8000, （138）0013 8000) or after a
  country code (+8613912345678, +86 139 1234 5678, 008613800138000, (+86)…): the mobile number is the
  finding, the country code is left as it is;
- with invisible characters between the digits (zero-width space, joiners, word joiner, BOM, soft
  hyphen, direction marks): they are skipped, and kept as they are when the digits are masked;
- in HTML, the text readers see and the alt and title attributes (read by screen readers, shown as
  tooltips).
Not personal data: 文号, 投资项目代码, 统一社会信用代码, 索引号 and other labelled codes (编号, 代码…),
amounts (a unit or an amount label beside the number), dates, numbers inside URLs.

Masking keeps every character in place and only turns digits (and Chinese numerals) into `*`, so a masked
number keeps its separators and every offset stays valid: 110101********1234, 138****5678,
6222********1234, 0871-****345, 110101.********.1234, +86139****5678, 一三八****八零零零.
"""

import dataclasses
import datetime
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .domains import details_form_for
from .exceptions import WorkflowError
from .validators import USCC_ALPHABET, uscc_check_character

KIND_LABELS = {
    "id_card": "身份证号",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "landline": "个人固定电话",
    "unreadable": "无法完整读取的附件",
}
# Not a number: an attachment (or a part of it) the reader could not read, so nobody can say it holds none.
# Its key is derived from the file's checksum (attachment_scan.unreadable_key): an override covers that file.
UNREADABLE = "unreadable"

# One character for one character, so offsets in the normalised text are offsets in the original.
_NORMALISE = str.maketrans(
    "０１２３４５６７８９Ｘｘ－‐‑–—―　\u00a0（）．＋／＿",
    "0123456789Xx------  ().+/_",
)


def normalise(text: str) -> str:
    return (text or "").translate(_NORMALISE)


# Characters a reader does not see (soft hyphen, Mongolian vowel separator, zero-width space, non-joiner and
# joiner, direction marks, word joiner, invisible operators, BOM): between digits they hide nothing.
_INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
# Numbers written out in Chinese numerals, as read aloud (〇 or 零, 幺 for one) or in 大写.
_CHINESE_DIGITS = "零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖"
_CHINESE_TO_DIGITS = str.maketrans(_CHINESE_DIGITS, "001234567891123456789")
_DIGIT_LIKE = frozenset("XxＸｘ" + _CHINESE_DIGITS)
_CHINESE_NUMBER = re.compile(rf"[{_CHINESE_DIGITS}](?:(?: ?- ?| )?[{_CHINESE_DIGITS}])*[Xx]?")
_CHINESE_NUMBER_MIN = 7  # numerals in a row that make a number (a date such as 二〇二六 has four)
# A country code before a mobile number, with the separator after it: +86, + 86, 0086, (+86).
_COUNTRY_CODE = re.compile(r"(?:\(\+?86\)|\+ ?86|(?<!\d)0086)[ .\-]?(?=\(?1[3-9]\d)")


def is_digit(char: str) -> bool:
    """Whether masking may turn `char` into `*`: a digit (full-width too), the X of an ID number, a Chinese numeral."""
    return char.isdecimal() or char in _DIGIT_LIKE


def _chinese_number(match: re.Match) -> str:
    number = match.group()
    if sum(char in _CHINESE_DIGITS for char in number) < _CHINESE_NUMBER_MIN:
        return number
    return number.translate(_CHINESE_TO_DIGITS)


def _reading(norm: str) -> tuple[str, list[int]]:
    """How a reader reads the numbers of a normalised text, and for each character the index in `norm` it
    stands for: invisible characters left out, Chinese numerals as digits, a country code before a mobile
    number as `+` (so the mobile number stands on its own)."""
    origin = [i for i, char in enumerate(norm) if char not in _INVISIBLE]
    view = "".join(norm[i] for i in origin) if len(origin) < len(norm) else norm
    view = _CHINESE_NUMBER.sub(_chinese_number, view)
    view = _COUNTRY_CODE.sub(lambda match: "+" * len(match.group()), view)
    return view, origin


# ---------------------------------------------------------------------------------------------
# Check digits and plausibility
# ---------------------------------------------------------------------------------------------
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)  # fmt: skip
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def _plausible_birth(year: int, month: int, day: int) -> bool:
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= timezone.localdate()


def is_id18(value: str) -> bool:
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit() or int(value[:2]) not in PROVINCES:
        return False
    if not _plausible_birth(int(value[6:10]), int(value[10:12]), int(value[12:14])):
        return False
    return id_check_character(value[:17]) == value[17]


def is_id15(value: str) -> bool:
    return (
        len(value) == 15
        and value.isdigit()
        and int(value[:2]) in PROVINCES
        and _plausible_birth(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    )


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_uscc(value: str) -> bool:
    value = value.upper()
    return len(value) == 18 and all(ch in USCC_ALPHABET for ch in value) and uscc_check_character(value[:17]) == value[17]


# ---------------------------------------------------------------------------------------------
# Context words
# ---------------------------------------------------------------------------------------------
# Labels of codes that are not personal data; the label sits right before the number.
_CODE_LABEL = re.compile(
    r"(编号|编码|代码|文号|证号|批号|流水号|流水|订单号|凭证号|序号|索引号|登记号|备案号|注册号|标段号|合同号|票号|发票号码|档案号|工单号|"
    r"案号|项目号|交易号|批次号|识别号|税号|邮编|邮政编码|准考证|许可证)[\s:：#为是(]*(No\.?)?[\s:：]*$",
    re.IGNORECASE,
)
# …unless the label names personal data (身份证号 ends in 证号).
_PERSONAL_LABEL = re.compile(r"(身份证|身份号码|证件号|卡号|账号|帐号|账户|社保卡|手机)[号码\s:：为是(]*$")
_AMOUNT_BEFORE = re.compile(
    r"(￥|¥|人民币|RMB|金额|价款|预算|报价|限价|造价|合计|总计|总额|资金|费用|补助|补贴|万元|元\)|面积|数量)[\s:：为是约(]*$",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"^\s*(元|万元|亿元|万|亿|千元|美元|平方米|平米|㎡|m²|m2|米|公里|千米|km|吨|亩|公顷|户|人次|人|个|次|份|件|台|套|间|辆|%|‰|千克|公斤|kg|"
    r"立方米|m³|千瓦|kW|MW|兆瓦|年|月|日|号楼|号)",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)[^\s\"'<>，。；、（）()\u4e00-\u9fff]+", re.IGNORECASE)
# Landlines: the nearest marker decides. Longer words first (举报人 is a person, 举报电话 is official).
_LANDLINE_MARKERS = re.compile(
    r"(?P<personal>举报人|投诉人|被征收人|承租人|权利人|受益人|委托人|代理人|个人|家庭|家中|住宅|宅电|本人|私人|手机|联系人|户主|申请人|当事人|家属|亲属|监护人|配偶|村民|住址)"
    r"|(?P<official>举报|监督|咨询|投诉|办公|热线|值班|服务|传真|受理|窗口|总机|客服|单位|机关|科室|中心|服务台)"
)
_STRONG_PERSONAL_LABEL = re.compile(r"(家庭|家中|住宅|个人|私人|本人)(联系)?电话[\s:：为是]*$|宅电[\s:：]*$")
_BANK_LABEL = re.compile(r"卡号|账号|帐号|账户|银行|开户|存折")
_BANK_OFFICIAL = re.compile(r"对公|单位账户|基本账户|基本户|财政专户|非税|专户|国库|户名[:：]?[^，,]*?(局|委|办|中心|公司|政府|学校|医院)")
_USCC_CONTEXT = re.compile(r"信用代码|机构代码|纳税人识别号|税号")
_CLAUSE_END = re.compile(r"[。！？!?\n\t|]")

_CHUNK = re.compile(r"\d+(?:(?: ?- ?| )\d+)*(?:[Xx](?![A-Za-z0-9]))?")
_GROUP = re.compile(r"\d+[Xx]?")
_PAREN_LANDLINE = re.compile(r"\((0(?:10|2\d|[3-9]\d{2}))\) ?([2-9]\d{6,7})(?![\d.])")
# Split by dots, slashes or underscores (a decimal, a date, an IP address or a version number is too), an
# ID number or a mobile number is one only in its own shape (6.8.4 or 6.4.4.4, 3.4.4), with one separator
# throughout and not inside a longer dotted number; a mobile number may have its first three digits in
# brackets: (138)0013-8000.
_SPLIT_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_./])"
    r"(?:\d{6}(?P<id>[./_])(?:\d{8}|\d{4}(?P=id)\d{4})(?P=id)\d{3}[\dXx]"
    r"|1[3-9]\d(?P<mobile>[./_])\d{4}(?P=mobile)\d{4}"
    r"|\(1[3-9]\d\)[ -]?\d{4}[ -]?\d{4})"
    r"(?![A-Za-z0-9_]|[./]\d)"
)


def _clause_before(text: str, start: int, limit: int = 40) -> str:
    window = text[max(0, start - limit) : start]
    ends = list(_CLAUSE_END.finditer(window))
    return window[ends[-1].end() :] if ends else window


def _clause_after(text: str, end: int, limit: int = 15) -> str:
    window = text[end : end + limit]
    stop = _CLAUSE_END.search(window)
    return window[: stop.start()] if stop else window


def _labelled_code(text: str, start: int) -> bool:
    before = text[max(0, start - 21) : start].rstrip("+")[-16:]  # a country code reads as + (see `_reading`)
    return not _PERSONAL_LABEL.search(before) and bool(_CODE_LABEL.search(before))


def _amount(text: str, start: int, end: int) -> bool:
    return bool(_UNIT_AFTER.match(text[end : end + 6]) or _AMOUNT_BEFORE.search(text[max(0, start - 12) : start]))


def _landline_is_personal(text: str, start: int, end: int) -> bool:
    markers = list(_LANDLINE_MARKERS.finditer(_clause_before(text, start)))
    if markers:
        return markers[-1].lastgroup == "personal"
    after = _LANDLINE_MARKERS.search(_clause_after(text, end))
    return after is not None and after.lastgroup == "personal"


# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    """One suspected item of personal data. `value` (the digits) never leaves the server."""

    kind: str
    start: int
    end: int
    masked: str  # the number as it reads once masked, separators kept
    excerpt: str = ""  # a little context around it, every number in it masked
    field: str = ""  # 标题 / 正文 / a structured field's label / 附件“文件名”…
    value: str = dataclasses.field(default="", repr=False, compare=False)
    keep_head: int = dataclasses.field(default=0, repr=False, compare=False)
    keep_tail: int = dataclasses.field(default=0, repr=False, compare=False)
    # The key as stored with an attachment's scan (attachment_scan.py), where `value` is not kept.
    stored_key: str = dataclasses.field(default="", repr=False, compare=False)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def position(self) -> int:
        """Which character of the field it starts at, counting from 1 (0 for an unreadable attachment)."""
        return self.start + 1

    @property
    def key(self) -> str:
        """What an override remembers: the number itself, keyed (not reversible without the SECRET_KEY)."""
        if self.stored_key:
            return self.stored_key
        # The salt keeps its old module name: every stored override key (pii_override_keys) derives from it.
        return salted_hmac("disclosures.pii.override", f"{self.kind}:{self.value}").hexdigest()[:32]

    @property
    def maskable(self) -> bool:
        return not self.field.startswith("附件")

    def as_dict(self) -> dict:
        return {"field": self.field, "kind": self.kind, "position": self.position, "excerpt": self.excerpt}

    def describe(self) -> str:
        if self.kind == UNREADABLE:
            return f"{self.field}{self.excerpt}"
        return f"{self.field}第{self.position}字 {self.kind_label}：{self.excerpt}"


def _digit_positions(norm: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if is_digit(norm[i])]


def _masked_positions(norm: str, finding: Finding) -> list[int]:
    """Where the digits to hide are (in the normalised text, which has the original's offsets)."""
    positions = _digit_positions(norm, finding.start, finding.end)
    return positions[finding.keep_head : len(positions) - finding.keep_tail]


def _candidate(text: str, kind: str, start: int, end: int, keep_head: int, keep_tail: int) -> Finding:
    value = "".join(text[i] for i in _digit_positions(text, start, end)).upper()
    return Finding(kind=kind, start=start, end=end, masked="", value=value, keep_head=keep_head, keep_tail=keep_tail)


def _classify(text: str, groups: list[re.Match]) -> Finding | None:
    """The kind of personal number the digit groups form together, if any."""
    start, end = groups[0].start(), groups[-1].end()
    value = "".join(g.group() for g in groups).upper()
    shape = tuple(len(g.group()) for g in groups)
    has_x = value.endswith("X")
    if _labelled_code(text, start) or _amount(text, start, end):
        return None
    if len(value) == 18 and len(groups) <= 5 and is_id18(value):
        if not (is_uscc(value) and _USCC_CONTEXT.search(_clause_before(text, start))):
            return _candidate(text, "id_card", start, end, 6, 4)
    if has_x:
        return None
    if len(value) == 15 and shape in {(15,), (6, 6, 3), (6, 9)} and is_id15(value):
        return _candidate(text, "id_card", start, end, 6, 3)
    if len(value) == 11 and shape in {(11,), (3, 4, 4), (3, 8), (7, 4)} and re.fullmatch(r"1[3-9]\d{9}", value):
        if value[3:] != "00000000":
            return _candidate(text, "mobile", start, end, 3, 4)
    if 16 <= len(value) <= 19 and value[0] in "34569" and luhn_valid(value) and not is_uscc(value):
        clause = _clause_before(text, start)
        split = len(groups) > 1
        bank_shape = shape == (len(value),) or (
            len(shape) >= 4 and all(n == 4 for n in shape[:-1]) and 1 <= shape[-1] <= 4
        ) or (len(shape) == 2 and shape[0] == 6)
        if bank_shape and not _BANK_OFFICIAL.search(clause) and (
            not split or value.startswith("62") or _BANK_LABEL.search(clause)
        ):
            return _candidate(text, "bank_card", start, end, 4, 4)
    landline = _landline(value, shape)
    if landline is not None and _landline_is_personal(text, start, end):
        return _candidate(text, "landline", start, end, landline, 3)
    if (
        shape in {(7,), (8,), (3, 4), (4, 4)}
        and value[0] in "23456789"
        and _STRONG_PERSONAL_LABEL.search(text[max(0, start - 12) : start])
    ):
        return _candidate(text, "landline", start, end, 0, 3)
    return None


def _landline(value: str, shape: tuple[int, ...]) -> int | None:
    """The length of the area code if the digits are a landline with one, else None."""
    if len(shape) == 2:
        area, local = value[: shape[0]], value[shape[0] :]
        if re.fullmatch(r"0(?:10|2\d|[3-9]\d{2})", area) and re.fullmatch(r"[2-9]\d{6,7}", local):
            return len(area)
        return None
    if len(shape) == 1:
        match = re.fullmatch(r"(0(?:10|2\d))[2-9]\d{7}|(0[3-9]\d{2})[2-9]\d{6,7}", value)
        if match:
            return len(match.group(1) or match.group(2))
    return None


def _detect(text: str) -> list[Finding]:
    """The findings in `text`, with its offsets (what is read skips invisible characters: see `_reading`)."""
    view, origin = _reading(normalise(text))
    return [replace(f, start=origin[f.start], end=origin[f.end - 1] + 1) for f in _findings(view)]


def _findings(norm: str) -> list[Finding]:
    urls = [m.span() for m in _URL.finditer(norm)]
    taken: list[tuple[int, int]] = []
    found: list[Finding] = []

    def free(start, end):
        return not any(s < end and start < e for s, e in urls + taken)

    for match in _PAREN_LANDLINE.finditer(norm):
        start, end = match.span()
        if free(start, end) and _landline_is_personal(norm, start, end) and not _labelled_code(norm, start):
            found.append(_candidate(norm, "landline", start, end, len(match.group(1)), 3))
            taken.append((start, end))

    for match in _SPLIT_NUMBER.finditer(norm):
        start, end = match.span()
        finding = _classify(norm, list(_GROUP.finditer(norm, start, end))) if free(start, end) else None
        if finding is not None:
            found.append(finding)
            taken.append((start, end))

    for chunk in _CHUNK.finditer(norm):
        groups = list(_GROUP.finditer(norm, chunk.start(), chunk.end()))
        usable = [free(g.start(), g.end()) for g in groups]
        # Digits glued to letters (MA6K1234, QS2026) belong to a code; digits after "1." or before ".5" to a decimal.
        if re.search(r"([A-Za-z_]|\d\.)$", norm[max(0, chunk.start() - 2) : chunk.start()]):
            usable[0] = False
        if re.match(r"[A-Za-z0-9_]|\.\d", norm[chunk.end() : chunk.end() + 2]):
            usable[-1] = False
        if re.fullmatch(r"\d{4}-\d{6}-\d{2}-\d{2}-\d{6}", chunk.group()):
            continue  # 投资项目统一代码
        i = 0
        while i < len(groups):
            for j in range(min(len(groups), i + 5), i, -1):
                if not all(usable[i:j]):
                    continue
                finding = _classify(norm, groups[i:j])
                if finding is not None:
                    found.append(finding)
                    i = j
                    break
            else:
                i += 1
    return sorted(found, key=lambda f: f.start)


def _detect_in(text: str, context: str = "") -> list[Finding]:
    """Findings in `text`, read after `context` (a field's label, which decides e.g. 监督电话 or 家庭电话)."""
    if not context:
        return _detect(text)
    context = context + "："
    shift = len(context)
    return [
        replace(f, start=f.start - shift, end=f.end - shift) for f in _detect(context + text) if f.start >= shift
    ]


def _mask_chars(chars: list[str], text: str, findings: Iterable[Finding]) -> None:
    norm = normalise(text)
    for finding in findings:
        for position in _masked_positions(norm, finding):
            chars[position] = "*"


def _excerpt(masked: str, start: int, end: int, context: int = 10) -> str:
    left, right = max(0, start - context), min(len(masked), end + context)
    piece = re.sub(r"\s+", " ", masked[left:right]).strip()
    return ("…" if left else "") + piece + ("…" if right < len(masked) else "")


def scan_text(text: str, *, field: str = "", context: str = "") -> list[Finding]:
    """The personal numbers in `text`, each with its masked form and a masked excerpt around it.

    `context`: words read before the text but not part of it (a structured field's label)."""
    text = text or ""
    found = _detect_in(text, context)
    chars = list(text)
    _mask_chars(chars, text, found)
    masked = "".join(chars)
    return [
        replace(f, masked=masked[f.start : f.end], excerpt=_excerpt(masked, f.start, f.end), field=field)
        for f in found
    ]


def mask_text(text: str, *, context: str = "") -> str:
    """`text` with every finding masked in place (same length, separators kept)."""
    text = text or ""
    chars = list(text)
    _mask_chars(chars, text, _detect_in(text, context))
    return "".join(chars)


# ---------------------------------------------------------------------------------------------
# HTML: scan what readers see, mask in the source
# ---------------------------------------------------------------------------------------------
_HTML_TOKEN = re.compile(
    r"<!--.*?-->|<[^>]*>|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|[^<&]+|[<&]", re.DOTALL
)
_BLOCK_TAG = re.compile(r"</?(p|div|br|li|ul|ol|tr|table|h[1-6]|blockquote|section|article|pre|hr)\b", re.IGNORECASE)
_CELL_TAG = re.compile(r"</?(td|th)\b", re.IGNORECASE)
_START_TAG = re.compile(r"<[A-Za-z][^\s/>]*")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_READ_ATTRIBUTES = frozenset({"alt", "title"})  # read by screen readers, shown as tooltips
_ATTRIBUTE_PIECE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|[^&]+|&")


def _append(out: list[str], origin: list[int], piece: str, at: int) -> None:
    """Add the text of `piece` (found at `at` in the source); an entity's characters all come from its `&`."""
    if piece.startswith("&") and piece.endswith(";"):
        text = html.unescape(piece)
        out.extend(text)
        origin.extend([at] * len(text))
    else:
        out.extend(piece)
        origin.extend(range(at, at + len(piece)))


def _attribute_texts(tag: str, at: int) -> list[tuple[list[str], list[int]]]:
    """The alt and title texts of a start tag found at `at`, with the index in the source of each character."""
    name = _START_TAG.match(tag)
    texts = []
    for attribute in _ATTRIBUTE.finditer(tag, name.end()) if name else ():
        group = next((g for g in (2, 3, 4) if attribute.group(g) is not None), None)
        if group is None or attribute.group(1).lower() not in _READ_ATTRIBUTES:
            continue
        out: list[str] = []
        origin: list[int] = []
        for piece in _ATTRIBUTE_PIECE.finditer(attribute.group(group)):
            _append(out, origin, piece.group(), at + attribute.start(group) + piece.start())
        if "".join(out).strip():
            texts.append((out, origin))
    return texts


def html_text(source: str) -> tuple[str, list[int]]:
    """The text of an HTML fragment and, for each of its characters, the index in `source` it came from.

    The alt and title texts follow the text, one line each, so positions in the text stay those a reader counts."""
    out: list[str] = []
    origin: list[int] = []
    attributes: list[tuple[list[str], list[int]]] = []
    for token in _HTML_TOKEN.finditer(source or ""):
        piece, at = token.group(), token.start()
        if piece.startswith("<") and len(piece) > 1:
            emitted = "\n" if _BLOCK_TAG.match(piece) else "\t" if _CELL_TAG.match(piece) else ""
            if emitted == "\n" and (not out or out[-1] == "\n"):
                emitted = ""  # positions count what a reader sees: no blank lines before or between blocks
            out.extend(emitted)
            origin.extend([at] * len(emitted))
            attributes += _attribute_texts(piece, at)
        else:
            _append(out, origin, piece, at)
    for text, where in attributes:
        if out and out[-1] != "\n":
            out.append("\n")
            origin.append(where[0])
        out.extend(text)
        origin.extend(where)
    return "".join(out), origin


def mask_html(source: str) -> tuple[str, int]:
    """Mask the numbers readers would see in an HTML fragment; returns the new source and how many were masked."""
    text, origin = html_text(source)
    findings = _detect(text)
    chars = list(source)
    norm = normalise(text)
    for finding in findings:
        for position in _masked_positions(norm, finding):
            index = origin[position]
            if is_digit(chars[index]):
                chars[index] = "*"
    return "".join(chars), len(findings)


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------
def _details_labels(record) -> dict[str, str]:
    form_class = details_form_for(record.domain, record.category)
    if form_class is None:
        return {}
    return {name: str(f.label or name) for name, f in form_class.base_fields.items()}


def _detail_texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, int) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, list):
        return [text for item in value for text in _detail_texts(item)]
    if isinstance(value, dict):  # a table's row (e.g. 中标候选人)
        return [text for item in value.values() for text in _detail_texts(item)]
    return []


# Which fields the guard reads. Not a hand-kept list of what is public: every text a model holds is
# guarded (so a new field is guarded the day it is added), except choices (fixed values) and the fields
# a model declares in `pii_unguarded` with the reason they are never shown, or shown only masked.
# tests/test_pii_coverage.py derives what the public serializers, templates, feeds and exports show
# and fails when one of those fields is not guarded.
def guarded_fields(model) -> list:
    """The concrete text fields of `model` the personal-data guard reads, in declaration order."""
    unguarded = getattr(model, "pii_unguarded", {})
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.choices
        and field.name not in unguarded
    ]


def _html_fields(model) -> frozenset[str]:
    return frozenset(getattr(model, "pii_html_fields", ()))


def _plain_fields(model) -> list[str]:
    """Guarded fields holding plain text (masked character by character)."""
    html_fields = _html_fields(model)
    return [
        f.name for f in guarded_fields(model) if not isinstance(f, models.JSONField) and f.name not in html_fields
    ]


def _scan_field(instance, field) -> list[Finding]:
    """Findings in one field: HTML as readers see it, structured JSON after each key's label, plain text as is.

    Plain fields are read without their label (a label such as 文号 or 编号 would excuse any number), except
    统一社会信用代码 fields."""
    label = str(field.verbose_name)
    value = field.value_from_object(instance)
    if field.name in _html_fields(type(instance)):
        text, _ = html_text(value or "")
        return scan_text(text, field=label)
    if isinstance(field, models.JSONField):
        if not isinstance(value, dict):
            return [finding for text in _detail_texts(value) for finding in scan_text(text, field=label)]
        labels = _details_labels(instance) if hasattr(instance, "category") else {}
        findings = []
        for name, item in value.items():
            item_label = labels.get(name, name)
            for text in _detail_texts(item):
                findings += scan_text(text, field=item_label, context=item_label)
        return findings
    # A field labelled 统一社会信用代码 is read after its label: a valid code is not taken for an ID number.
    context = label if _USCC_CONTEXT.search(label) else ""
    findings = scan_text("" if value is None else str(value), field=label, context=context)
    if _CODE_LABEL.search(label + "："):
        # 文号 and other code fields hold long digit runs (an 18-digit 施工许可证编号): one in ten passes
        # the Luhn check, so only numbers with a stronger shape (ID check digit and birth date, mobile) count.
        findings = [finding for finding in findings if finding.kind != "bank_card"]
    return findings


def scan_instance(instance) -> list[Finding]:
    """Every finding in the guarded fields of any model instance (a project, a matter, a 黑名单 entry…)."""
    return [finding for field in guarded_fields(type(instance)) for finding in _scan_field(instance, field)]


class PublicTextHasPersonalData(WorkflowError):
    """A text published as it is typed (an annual report, a 通报) holds personal data: the step is refused (409)
    with the findings, masked (《政府信息公开条例》第十五条)."""

    code = "pii_found"

    def __init__(self, findings: list[Finding], noun: str):
        self.findings = findings
        shown = "；".join(finding.describe() for finding in findings[:5])
        super().__init__(f"{noun}中发现{len(findings)}处疑似个人信息（{shown}），公开前请删除（《政府信息公开条例》第十五条）。")


def guard_public_text(instance, noun: str) -> None:
    """Refuse the step when any guarded field of `instance` holds personal data."""
    findings = scan_instance(instance)
    if findings:
        raise PublicTextHasPersonalData(findings, noun)


def public_text_error(findings: list[Finding], what: str) -> str:
    """The clerk's message for personal data in a field that is published as it is typed."""
    where = "；".join(f"第{f.position}字 {f.kind_label}：{f.excerpt}" for f in findings[:3])
    more = f"等{len(findings)}处" if len(findings) > 3 else ""
    return (
        f"{what}将向社会公开，不得包含个人信息（{where}{more}）。"
        "请删除或改为部分隐藏（如 138****5678）。依据：《政府信息公开条例》第十五条。"
    )


def check_public_text(instance) -> None:
    """Refuse to save a subject (project, matter, programme, 黑名单 entry, name-list row…) whose public text
    holds personal data: one ValidationError naming each field. Called from the models' `clean()`, which
    every door (admin form, API, Excel import, services' full_clean) runs before saving.

    Unlike a record, a subject has no review step and no office override: its text is public as soon as
    one of its records is, so it must hold none (seed 001 §五; 条例 第十五条)."""
    errors = public_text_errors(instance)
    if errors:
        raise ValidationError(errors)


def public_text_errors(instance) -> dict[str, str]:
    """`check_public_text`'s errors, for a `clean()` that gathers its own errors first."""
    errors = {}
    for field in guarded_fields(type(instance)):
        findings = _scan_field(instance, field)
        if findings:
            errors[field.name] = public_text_error(findings, str(field.verbose_name))
    return errors


def check_text(value: str, *, field: str, label: str) -> None:
    """Refuse a single public text (e.g. the 撤回理由 shown on the withdrawn record's notice)."""
    findings = scan_text(value, field=label)
    if findings:
        raise ValidationError({field: [public_text_error(findings, label)]})


def scan_disclosure(record, *, attachments: bool = True) -> list[Finding]:
    """Every finding of a record: each of its guarded fields (`guarded_fields`: title, 文号, 发文机构,
    主题词, 依申请公开理由, body, structured fields, 更正说明, 撤回理由…), then its current attachments.

    Name lists (namelists) are checked on their own: their names and numbers are always shown masked,
    their other columns are guarded when saved (`check_public_text`)."""
    findings = []
    for field in guarded_fields(type(record)):
        findings += _scan_field(record, field)
    if attachments and record.pk:
        # attachment_scan reads files with this module's scanner (it imports this module).
        from .attachment_scan import attachment_findings

        findings += attachment_findings(record)
    return findings


def _mask_detail(value, label: str):
    if isinstance(value, str):
        return mask_text(value, context=label)
    if isinstance(value, list):
        return [_mask_detail(item, label) for item in value]
    if isinstance(value, dict):
        return {key: _mask_detail(item, label) for key, item in value.items()}
    if isinstance(value, int) and not isinstance(value, bool) and _detect_in(str(value), label):
        return mask_text(str(value), context=label)
    return value


def mask_disclosure(record) -> list[str]:
    """Mask every guarded field (title, body, structured fields, 文号, 主题词, 更正说明…) in place; returns the
    names of the fields changed.

    Attachments cannot be masked here: a finding in an attachment needs a new file or an override.
    """
    changed = []
    editable = {field.name for field in guarded_fields(type(record)) if field.editable}
    for name in _plain_fields(type(record)):
        if name not in editable or not getattr(record, name):
            continue  # what the clerk cannot edit (索引号, 撤回理由…) is never masked by a clerk's click
        masked = mask_text(getattr(record, name))
        if masked != getattr(record, name):
            setattr(record, name, masked)
            changed.append(name)
    body, count = mask_html(record.body)
    if count:
        record.body = body
        changed.append("body")
    labels = _details_labels(record)
    details = {name: _mask_detail(value, labels.get(name, name)) for name, value in (record.details or {}).items()}
    if details != (record.details or {}):
        record.details = details
        changed.append("details")
    return changed


def uncovered(findings: list[Finding], keys: Iterable[str] | None) -> list[Finding]:
    """The findings an office override (the keys it stored) does not cover."""
    allowed = set(keys or ())
    return [f for f in findings if f.key not in allowed]


def summary(findings: list[Finding]) -> str:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.kind_label] = counts.get(finding.kind_label, 0) + 1
    return "、".join(f"{label}{count}处" for label, count in counts.items())


class PiiFound(WorkflowError):
    """A step refused because the record contains personal data; carries the findings (masked)."""

    code = "pii_found"

    def __init__(self, findings: list[Finding], *, action_label: str, stage: str):
        """`stage`: "draft" (the clerk can fix it now), "in_review" (it can be returned to the clerk) or
        "approved" (签发 already: only an override is left)."""
        self.findings = findings
        numbers = [f for f in findings if f.kind != UNREADABLE]
        unreadable = [f for f in findings if f.kind == UNREADABLE]
        hints = []
        before = "" if stage == "draft" else "请退回草稿后由经办人"
        if stage == "approved":
            hints.append("已签发的记录不能再修改")
        else:
            if any(f.maskable for f in numbers):
                hints.append(f"{before or '经办人可在草稿中'}“一键脱敏”")
            if any(not f.maskable for f in numbers):
                hints.append(f"附件中的个人信息不能自动脱敏，{before or '请'}替换附件")
        if numbers:
            hints.append("确需公开的（如公开的服务热线），由政务公开办填写理由后放行")
        if unreadable:
            redo = f"{before or '请'}转换为可读取的 PDF 或 DOCX 后重新上传，或"
            hints.append(f"{'' if stage == 'approved' else redo}由政务公开办核对附件后填写理由放行")
        found = [f"发现{len(numbers)}处疑似个人信息（{summary(numbers)}）"] if numbers else []
        found += [finding.describe() for finding in unreadable]
        super().__init__(f"{'；'.join(found)}，不能{action_label}。{'；'.join(hints)}。")
