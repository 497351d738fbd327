"""The statutory retirement age under the 2024 gradual-delay decision, against its annex tables."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallcore.case.retirement import (
    RetirementCategory,
    add_months,
    parse_retirement_category,
    statutory_retirement,
)

D = dt.date
M = RetirementCategory.MALE
F55 = RetirementCategory.FEMALE_55
F50 = RetirementCategory.FEMALE_50


@pytest.mark.parametrize(
    ("birth", "category", "years", "months"),
    [
        (D(1964, 12, 1), M, 60, 0),
        (D(1965, 1, 1), M, 60, 1),
        (D(1965, 4, 30), M, 60, 1),
        (D(1965, 5, 1), M, 60, 2),
        (D(1976, 8, 1), M, 62, 11),
        (D(1976, 9, 1), M, 63, 0),
        (D(1990, 1, 1), M, 63, 0),
        (D(1974, 12, 1), F50, 50, 0),
        (D(1975, 1, 1), F50, 50, 1),
        (D(1975, 3, 1), F50, 50, 2),
        (D(1984, 10, 1), F50, 54, 11),
        (D(1984, 11, 1), F50, 55, 0),
        (D(1969, 12, 1), F55, 55, 0),
        (D(1970, 1, 1), F55, 55, 1),
        (D(1981, 9, 1), F55, 58, 0),
    ],
)
def test_annex_rows(birth: dt.date, category: RetirementCategory, years: int, months: int) -> None:
    age = statutory_retirement(birth, category)
    assert (age.years, age.months) == (years, months)
    assert age.reached_on == add_months(birth, years * 12 + months)


def test_month_end_birthdays_clamp() -> None:
    assert add_months(D(1965, 1, 31), 721) == D(2025, 2, 28)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)


def test_category_codes() -> None:
    assert parse_retirement_category(" Female_Worker ") is F50
    assert parse_retirement_category("female_cadre") is F55
    assert parse_retirement_category("other") is None


@given(
    st.dates(D(1940, 1, 1), D(2000, 12, 31)),
    st.dates(D(1940, 1, 1), D(2000, 12, 31)),
    st.sampled_from(list(RetirementCategory)),
)
def test_later_birth_never_retires_younger(
    a: dt.date, b: dt.date, category: RetirementCategory
) -> None:
    first, second = sorted((a, b))
    x, y = statutory_retirement(first, category), statutory_retirement(second, category)
    assert (x.years, x.months) <= (y.years, y.months)
    assert x.reached_on <= y.reached_on
