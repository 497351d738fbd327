"""The statutory retirement age (法定退休年龄) under the 2024 gradual-delay decision.

《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》(2024-09-13, in force
2025-01-01) and its annex 《国务院关于渐进式延迟法定退休年龄的办法》 §2: from 2025-01-01 the
retirement age of men (originally 60) and of the women whose original age was 55 rises by one
month every four months, up to 63 and 58; that of the women whose original age was 50 rises by
one month every two months, up to 55. The step is counted from the month a person would have
retired under the old rule, so it is computed from the birth month and the category — never a
fixed 60/55/50 (hall_domain.md §4.3).

Worked rows of the annex tables, which the tests check: a man born in January 1965 retires at 60
and 1 month; one born in September 1976 or later at 63. A woman of the 50 category born in
January 1975 retires at 50 and 1 month, one born in November 1984 or later at 55. A woman of the
55 category born in January 1970 retires at 55 and 1 month, one born in September 1981 or later
at 58.

Voluntary early (弹性提前, up to three years, never below the original age) and voluntary late
retirement are the applicant's choice and are not modelled here: this module gives the statutory
age, against which the pre-check tests "has reached the statutory retirement age".
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "RETIREMENT_CATEGORY_CODES",
    "RetirementAge",
    "RetirementCategory",
    "add_months",
    "parse_retirement_category",
    "statutory_retirement",
]

# The first month the delay applies: retirements originally due in January 2025.
_REFORM_START_MONTH = 2025 * 12 + 0


class RetirementCategory(StrEnum):
    """The categories the decision distinguishes, by their original statutory age."""

    MALE = "male"  # 男职工：60 → 63
    FEMALE_55 = "female_55"  # 原法定退休年龄为55周岁的女职工（管理、技术岗位）：55 → 58
    FEMALE_50 = "female_50"  # 原法定退休年龄为50周岁的女职工（生产岗位）：50 → 55

    @property
    def label(self) -> str:
        return {
            "male": "男职工",
            "female_55": "原法定退休年龄为五十五周岁的女职工",
            "female_50": "原法定退休年龄为五十周岁的女职工",
        }[self.value]


@dataclass(frozen=True, slots=True)
class _Rule:
    original_years: int
    months_per_step: int  # every this many months of original retirement date, one month more
    max_delay_months: int


_RULES = {
    RetirementCategory.MALE: _Rule(60, 4, 36),
    RetirementCategory.FEMALE_55: _Rule(55, 4, 36),
    RetirementCategory.FEMALE_50: _Rule(50, 2, 60),
}

# Choice codes a catalog's retirement-category field may use, mapped to the category. The
# canonical codes are the enum values; the others are the names a catalog author is likely to
# write (女干部 / 女工人 is how the old rules named the two women's categories).
RETIREMENT_CATEGORY_CODES: dict[str, RetirementCategory] = {
    "male": RetirementCategory.MALE,
    "man": RetirementCategory.MALE,
    "female_55": RetirementCategory.FEMALE_55,
    "female_cadre": RetirementCategory.FEMALE_55,
    "female_50": RetirementCategory.FEMALE_50,
    "female_worker": RetirementCategory.FEMALE_50,
}


def parse_retirement_category(code: str) -> RetirementCategory | None:
    """The category a choice code stands for, or None if the code is not one we know."""
    return RETIREMENT_CATEGORY_CODES.get(code.strip().lower())


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; a missing day becomes the month's last (民法典 §202)."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


@dataclass(frozen=True, slots=True)
class RetirementAge:
    """A statutory retirement age and the date it is reached."""

    category: RetirementCategory
    years: int
    months: int
    reached_on: dt.date

    @property
    def label(self) -> str:
        """周岁 and months as printed: 60周岁 / 60周岁1个月."""
        return f"{self.years}周岁" + (f"{self.months}个月" if self.months else "")

    @property
    def label_en(self) -> str:
        return f"{self.years} years" + (f" {self.months} months" if self.months else "")


def statutory_retirement(birth: dt.date, category: RetirementCategory) -> RetirementAge:
    """The statutory retirement age of a person born on `birth` in `category`."""
    rule = _RULES[category]
    original_month = birth.year * 12 + birth.month - 1 + rule.original_years * 12
    if original_month < _REFORM_START_MONTH:
        delay = 0  # would have retired before 2025 under the old rule: unchanged
    else:
        # The month of original retirement counts as the first of its step: January to April
        # 2025 (men) all get one month, May to August two, and so on up to the cap.
        steps = (original_month - _REFORM_START_MONTH) // rule.months_per_step + 1
        delay = min(steps, rule.max_delay_months)
    total = rule.original_years * 12 + delay
    return RetirementAge(category, total // 12, total % 12, add_months(birth, total))
