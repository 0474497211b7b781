"""Generated personal numbers with valid check digits, and the PII corpus that uses them.

Numbers are generated (seeded, so every run reads the same corpus), never typed by hand: an ID
number with a wrong check digit would make a "positive" that the guard rightly ignores.
"""

import datetime
import random
import re
from pathlib import Path

from core.pii import id_check_character
from core.validators import USCC_ALPHABET, uscc_check_character

CORPUS = Path(__file__).parent / "pii_corpus"
FULLWIDTH = str.maketrans("0123456789Xx-()", "０１２３４５６７８９Ｘｘ－（）")
REGIONS = [
    "110101", "110105", "130102", "140105", "150102", "210102", "220102", "230102", "310104", "320106",
    "330106", "340104", "350203", "360102", "370202", "410105", "420106", "430104", "440305", "450103",
    "460105", "500103", "510107", "520102", "522601", "530102", "530112", "530381", "532301", "533102",
    "533123", "540102", "610113", "620102", "630102", "640104", "650102",
]  # fmt: skip
MOBILE_PREFIXES = [
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152", "155", "157",
    "158", "159", "166", "170", "173", "175", "176", "177", "178", "180", "181", "182", "183", "185", "186",
    "187", "188", "189", "191", "198", "199",
]  # fmt: skip
BANK_BINS = ["622202", "622848", "621700", "621226", "623052", "621483", "622700", "621799", "622588", "625965"]
AREA_CODES = ["0871", "0870", "0872", "0873", "0874", "0875", "0877", "0883", "0886", "0888", "0851", "0691",
              "010", "020", "021", "023", "028"]  # fmt: skip


def luhn_check_digit(body: str) -> str:
    total = 0
    for position, char in enumerate(reversed(body)):
        value = int(char)
        if position % 2 == 0:  # doubled: the check digit will be appended to the right
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return str((10 - total % 10) % 10)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def id18(rng: random.Random, *, ending_x: bool | None = None) -> str:
    while True:
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(26000))
        first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{_digits(rng, 3)}"
        number = first17 + id_check_character(first17)
        if ending_x is None or ending_x == number.endswith("X"):
            return number


def id15(rng: random.Random) -> str:
    born = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randrange(25000))
    return f"{rng.choice(REGIONS)}{born:%y%m%d}{_digits(rng, 3)}"


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + _digits(rng, 8)


def bank_card(rng: random.Random) -> str:
    body = rng.choice(BANK_BINS) + _digits(rng, rng.choice([9, 12]))
    return body + luhn_check_digit(body)


def landline(rng: random.Random) -> tuple[str, str]:
    area = rng.choice(AREA_CODES)
    local = rng.choice("2345678") + _digits(rng, 7 if len(area) == 3 else rng.choice([6, 7]))
    return area, local


def uscc(rng: random.Random) -> str:
    letters = [ch for ch in USCC_ALPHABET]
    org = "".join(rng.choice(letters if rng.random() < 0.3 else "0123456789") for _ in range(9))
    first17 = rng.choice(["91", "12", "11", "52", "93"]) + rng.choice(REGIONS) + org
    return first17 + uscc_check_character(first17)


def project_code(rng: random.Random) -> str:
    return f"{rng.randrange(2016, 2027)}-{rng.choice(REGIONS)}-{rng.randrange(1, 90):02d}-{rng.randrange(1, 4):02d}-{_digits(rng, 6)}"


def _split(number: str, sizes: list[int], sep: str) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(number[at : at + size])
        at += size
    if at < len(number):
        parts.append(number[at:])
    return sep.join(p for p in parts if p)


# Characters a reader does not see: zero-width space, non-joiner, joiner, word joiner, BOM, soft hyphen.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
CHINESE = str.maketrans("0123456789", "零一二三四五六七八九")
CHINESE_FORMAL = str.maketrans("0123456789", "零壹贰叁肆伍陆柒捌玖")


def _styled(number: str, style: str, sizes: list[int], rng: random.Random) -> str:
    """`number` written the way `style` says; the styles every kind of number shares."""
    if style == "fw":
        return number.translate(FULLWIDTH)
    separator = {"hy": "-", "sp": " ", "dot": ".", "slash": "/", "us": "_"}.get(style)
    if separator:
        return _split(number, sizes, separator)
    if style == "zw":  # a different invisible character between each group, and one inside the first
        parts = _split(number, sizes, "|").split("|")
        parts[0] = parts[0][:2] + rng.choice(INVISIBLE) + parts[0][2:]
        return "".join(part + rng.choice(INVISIBLE) for part in parts[:-1]) + parts[-1]
    if style == "shy":
        return _split(number, sizes, "\u00ad")
    if style == "cn":  # 一三八零零一三八零零零, or with 〇 for zero
        return number.translate(CHINESE).replace("零", rng.choice("零〇"))
    if style == "cnf":
        return number.translate(CHINESE_FORMAL)
    return number


def render(kind: str, style: str, rng: random.Random) -> str:
    if kind in {"id", "idx"}:
        number = id18(rng, ending_x=True if kind == "idx" else None)
        sizes = {"hy": [6, 4, 4, 4], "slash": [6, 4, 4, 4]}.get(style, [6, 8, 4])
        return _styled(number, style, sizes, rng)
    if kind == "id15":
        return id15(rng)
    if kind == "mobile":
        number = mobile(rng)
        if style == "paren":
            return f"({number[:3]}){number[3:7]}-{number[7:]}"
        if style == "fwparen":
            return f"（{number[:3]}）{number[3:7]} {number[7:]}"
        return _styled(number, style, [3, 4, 4], rng)
    if kind == "bank":
        number = bank_card(rng)
        return _styled(number, style, [4, 4, 4, 4], rng)
    if kind == "landline":
        area, local = landline(rng)
        return {
            "paren": f"({area}){local}",
            "fwparen": f"({area}){local}".translate(FULLWIDTH),
            "sp": f"{area} {local}",
            "plain": f"{area}{local}",
            "local": local,
            "fw": f"{area}-{local}".translate(FULLWIDTH),
        }.get(style, f"{area}-{local}")
    if kind == "uscc":
        return uscc(rng)
    if kind == "project_code":
        return project_code(rng)
    raise KeyError(kind)


PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")


def expand(template: str, rng: random.Random) -> str:
    return PLACEHOLDER.sub(lambda m: render(m.group(1), m.group(2) or "", rng), template)


def _lines(name: str) -> list[str]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def positives(seed: int = 20261122) -> list[tuple[str, str]]:
    """(expected kind, sample) pairs."""
    rng = random.Random(seed)
    samples = []
    for line in _lines("positives.txt"):
        kind, _, template = line.partition("\t")
        samples.append((kind, expand(template, rng)))
    return samples


def negatives(seed: int = 20261122) -> list[str]:
    rng = random.Random(seed)
    return [expand(line, rng) for line in _lines("negatives.txt")]
