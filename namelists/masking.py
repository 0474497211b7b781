"""去标识化: how personal data looks whenever it leaves the building (seed 001 §五)."""

import re

FULLWIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")


def mask_name(name: str) -> str:
    """张三明 → 张*明, 张三 → 张*, 欧阳娜娜 → 欧**娜."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(value: str) -> str:
    """110101199003071234 → 110101********1234 (15-digit old numbers: first 6 and last 3)."""
    digits = re.sub(r"[\s-]", "", (value or "").translate(FULLWIDTH)).upper()
    if len(digits) == 18:
        return digits[:6] + "*" * 8 + digits[-4:]
    if len(digits) == 15:
        return digits[:6] + "*" * 6 + digits[-3:]
    return "*" * len(digits) if digits else ""


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; a landline keeps its area code and last 2 digits."""
    digits = re.sub(r"\D", "", (value or "").translate(FULLWIDTH))
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    if len(digits) >= 7:
        return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]
    return "*" * len(digits)


def mask_bank_account(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return ("*" * (len(digits) - 4) + digits[-4:]) if len(digits) > 4 else "*" * len(digits)
