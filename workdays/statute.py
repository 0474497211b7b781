"""
The holidays the law fixes for every year, for years whose State Council notice is not loaded yet.

《全国年节及纪念日放假办法》 as revised on 2024-11-10 (第四次修订, in force 2025-01-01):
- 第二条 全体公民放假的节日: 元旦 1 January; 春节 农历除夕、正月初一至初三; 清明节 农历清明当日;
  劳动节 1–2 May; 端午节 农历端午当日; 中秋节 农历中秋当日; 国庆节 1–3 October.
- 第六条 全体公民放假的假日，如果适逢周六、周日，应当在工作日补假. We place each 补假 day on the
  first working days after that festival's days (the yearly notice usually moves them further, with
  调休 weekends that no rule predicts: those are why the result stays 预计).
- 第四条 少数民族习惯的节日 are set by the local government: they are not here but in the office's
  regional table (`CalendarDay.jurisdiction`).

Lunar dates and the 清明 solar term come from `lunar-python` (6tail's lunar library), not a table.
"""

import datetime
from functools import lru_cache

from lunar_python import Lunar, Solar

ACT = "《全国年节及纪念日放假办法》（2024年修订）"
ONE_DAY = datetime.timedelta(days=1)


def _lunar(year: int, month: int, day: int) -> datetime.date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> datetime.date:
    solar = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def festivals(year: int) -> list[tuple[str, list[datetime.date]]]:
    """第二条's festivals of a Gregorian year, in calendar order, each with its days off."""
    new_year_lunar = _lunar(year, 1, 1)  # 正月初一 always falls in late January or February
    return [
        ("元旦", [datetime.date(year, 1, 1)]),
        ("春节", [new_year_lunar + datetime.timedelta(days=offset) for offset in range(-1, 3)]),  # 除夕 to 初三
        ("清明节", [_qingming(year)]),
        ("劳动节", [datetime.date(year, 5, 1), datetime.date(year, 5, 2)]),
        ("端午节", [_lunar(year, 5, 5)]),
        ("中秋节", [_lunar(year, 8, 15)]),
        ("国庆节", [datetime.date(year, 10, d) for d in (1, 2, 3)]),
    ]


def _is_weekend(date: datetime.date) -> bool:
    return date.weekday() >= 5


@lru_cache(maxsize=64)
def statutory_days_off(year: int) -> dict[datetime.date, str]:
    """Every statutory day off of `year` with its name: festival days (两节同日 named together) and 补假.

    The result is the law alone; the office's table and the State Council's notice come first.
    """
    days: dict[datetime.date, str] = {}
    festival_list = festivals(year)
    for name, dates in festival_list:
        for date in dates:
            days[date] = f"{days[date]}、{name}" if date in days else name
    for name, dates in festival_list:
        owed = sum(1 for date in dates if _is_weekend(date))
        candidate = max(dates)
        while owed:
            candidate += ONE_DAY
            if _is_weekend(candidate) or candidate in days:
                continue
            days[candidate] = f"{name}补假"
            owed -= 1
    return days
