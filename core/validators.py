"""Validators for codes and dates that appear in several domains."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(ch) * weight for ch, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_uscc(value: str) -> None:
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码应为 18 位，当前为 {len(code)} 位。", code="uscc_length")
    bad = [ch for ch in code if ch not in USCC_ALPHABET]
    if bad:
        raise ValidationError(f"统一社会信用代码含无效字符“{''.join(bad)}”（不使用 I、O、S、V、Z）。", code="uscc_chars")
    if uscc_check_character(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对。", code="uscc_check")


PROJECT_CODE_RE = re.compile(r"^(\d{4})-?(\d{6})-?(\d{2})-?(\d{2})-?(\d{6})$")


def normalize_project_code(value: str) -> str:
    """投资项目统一代码 shown as NNNN-NNNNNN-NN-NN-NNNNNN (24 characters)."""
    match = PROJECT_CODE_RE.match((value or "").strip())
    return "-".join(match.groups()) if match else (value or "").strip()


def validate_project_code(value: str) -> None:
    match = PROJECT_CODE_RE.match((value or "").strip())
    if not match:
        raise ValidationError("投资项目统一代码格式应为 NNNN-NNNNNN-NN-NN-NNNNNN（20 位数字）。", code="project_code")
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise ValidationError(f"投资项目统一代码的年份“{year}”不合理。", code="project_code_year")


# ---------------------------------------------------------------------------------------------
# Dates a clerk types
# ---------------------------------------------------------------------------------------------
# 《中华人民共和国政府信息公开条例》 took effect on 2008-05-01 (revised 2019-05-15), but information formed
# before it may still be published (an old approval re-published with a change, a programme that began
# in the 1990s), so its date is not the bound. No government information of the People's Republic is older
# than 1949-10-01: an earlier date is a typing error (0001-01-01 was accepted and the page then said
# 逾期528262个工作日公开).
EARLIEST_DATE = datetime.date(1949, 10, 1)


def validate_not_before_1949(value: datetime.date | None) -> None:
    """A date the portal records (formed, written, started, listed…) is not before 1949-10-01."""
    if value is not None and value < EARLIEST_DATE:
        raise ValidationError(
            "日期不能早于 1949年10月1日，请核对是否误填。"
            "（《政府信息公开条例》2008年5月1日起施行，此前形成的信息也可以公开，但不会早于这一天。）",
            code="date_too_early",
        )


def validate_not_in_future(value: datetime.date | None) -> None:
    """The date something happened (信息形成、成文) is not after today (local date)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError("日期不能晚于今天。", code="date_in_future")
