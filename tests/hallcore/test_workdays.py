"""Tests of the working-day calendar (hallcore.workdays).

The dates are real. The 2024 and 2025 facts are those of the State Council notices
(国办发明电〔2023〕7号 for 2024, 国办发明电〔2024〕12号 for 2025) and are checked against
chinese_calendar's own data below, so a disagreement between the two shows up here first:

* 2024 国庆节: 10月1日至7日放假调休，共7天。9月29日（周日）、10月12日（周六）上班。
* 2025 春节: 1月28日至2月4日放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
* 2025 国庆节、中秋节: 10月1日至8日放假调休，共8天。9月28日（周日）、10月11日（周六）上班。

Schedules for 2027 and 2031 below are invented, shaped like a notice: the point is that the hall
can supply a year, not what that year will hold.
"""

import datetime as dt
from collections.abc import Callable

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallcore.workdays import (
    CalendarError,
    CalendarNotCovered,
    DayInfo,
    DayKind,
    HallDayOverride,
    HolidayPeriod,
    InvalidCalendarData,
    WorkingCalendar,
    YearSchedule,
    library_years,
)

D = dt.date
LIB_FIRST = min(library_years())
LIB_LAST = max(library_years())
UNCOVERED = 2031  # far enough that a library upgrade will not cover it soon

# One shared calendar: its per-year cache is what production uses, and hypothesis examples
# would otherwise rebuild it for every example.
CAL = WorkingCalendar()


def oracle_is_workday(day: dt.date) -> bool:
    """chinese_calendar's own answer, independent of our implementation."""
    return bool(chinese_calendar.is_workday(day))


def oracle_add(start: dt.date, n: int) -> dt.date:
    """Day-by-day reference for add_working_days over library data."""
    step = dt.timedelta(days=1 if n > 0 else -1)
    day, left = start, abs(n)
    while left:
        day += step
        if oracle_is_workday(day):
            left -= 1
    return day


# --- the library's data and coverage ------------------------------------------------------------


def test_library_covers_2004_to_2026_at_least() -> None:
    years = library_years()
    assert set(range(2004, 2027)) <= years
    assert years == set(range(LIB_FIRST, LIB_LAST + 1)), "a gap in the library's years"
    assert CAL.covered_years == years
    assert CAL.covers(2024)
    assert not CAL.covers(2003)
    assert not CAL.covers(UNCOVERED)


def test_every_covered_day_agrees_with_chinese_calendar() -> None:
    day = D(LIB_FIRST, 1, 1)
    disagreements = []
    while day <= D(LIB_LAST, 12, 31):
        if CAL.is_working_day(day) != oracle_is_workday(day):
            disagreements.append(day)
        day += dt.timedelta(days=1)
    assert disagreements == []


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2024 国庆节
        (D(2024, 9, 29), True),  # Sunday, 调休上班
        (D(2024, 10, 12), True),  # Saturday, 调休上班
        *((D(2024, 10, d), False) for d in range(1, 8)),
        (D(2024, 10, 8), True),
        (D(2024, 10, 13), False),  # an ordinary Sunday
        # 2025 春节
        (D(2025, 1, 26), True),  # Sunday, 调休上班
        *((D(2025, 1, d), False) for d in range(28, 32)),
        *((D(2025, 2, d), False) for d in range(1, 5)),
        (D(2025, 2, 8), True),  # Saturday, 调休上班
        # 2025 国庆节、中秋节
        (D(2025, 9, 28), True),  # Sunday, 调休上班
        *((D(2025, 10, d), False) for d in range(1, 9)),
        (D(2025, 10, 9), True),
        (D(2025, 10, 11), True),  # Saturday, 调休上班
        (D(2025, 10, 12), False),  # an ordinary Sunday
    ],
)
def test_official_2024_2025_schedules(day: dt.date, working: bool) -> None:
    assert oracle_is_workday(day) is working, "the library disagrees with the notice"
    assert CAL.is_working_day(day) is working


def test_day_info_and_holiday_names() -> None:
    assert CAL.day_info(D(2024, 10, 1)) == DayInfo(D(2024, 10, 1), False, DayKind.HOLIDAY, "国庆节")
    assert CAL.day_info(D(2024, 10, 12)) == DayInfo(
        D(2024, 10, 12), True, DayKind.ADJUSTED_WORKDAY, "国庆节"
    )
    assert CAL.day_info(D(2024, 10, 15)) == DayInfo(D(2024, 10, 15), True, DayKind.WORKDAY, None)
    assert CAL.day_info(D(2024, 10, 19)) == DayInfo(D(2024, 10, 19), False, DayKind.WEEKEND, None)
    # The notice's names, not the library's short ones (清明, 端午, 中秋).
    assert CAL.holiday_name(D(2024, 9, 17)) == "中秋节"
    assert CAL.holiday_name(D(2024, 6, 10)) == "端午节"
    assert CAL.holiday_name(D(2024, 4, 4)) == "清明节"
    assert CAL.holiday_name(D(2025, 1, 29)) == "春节"
    assert CAL.holiday_name(D(2025, 1, 1)) == "元旦"
    assert CAL.holiday_name(D(2024, 10, 15)) is None


# --- counting -----------------------------------------------------------------------------------


def test_friday_plus_five_is_next_friday_without_holiday() -> None:
    assert D(2024, 11, 1).weekday() == 4
    assert CAL.add_working_days(D(2024, 11, 1), 5) == D(2024, 11, 8)


def test_zero_returns_start_even_on_a_rest_day() -> None:
    assert CAL.add_working_days(D(2024, 10, 1), 0) == D(2024, 10, 1)


def test_add_across_national_day_2024() -> None:
    # Received Friday 9-27: 9-29 (Sun, 调休) 1, 9-30 2, [10-1..7 off], 10-8 3, 10-9 4, 10-10 5.
    assert CAL.add_working_days(D(2024, 9, 27), 5) == D(2024, 10, 10)
    assert CAL.add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)
    # Received during the holiday: counting starts with the first working day after it.
    assert CAL.add_working_days(D(2024, 10, 3), 1) == D(2024, 10, 8)


def test_add_across_spring_festival_2025() -> None:
    # Friday 1-24: 1-26 (Sun, 调休) 1, 1-27 2, [1-28..2-4 off], 2-5 3, 2-6 4, 2-7 5.
    assert CAL.add_working_days(D(2025, 1, 24), 5) == D(2025, 2, 7)
    # And the 调休 Saturday 2-8 is the sixth.
    assert CAL.add_working_days(D(2025, 1, 24), 6) == D(2025, 2, 8)


def test_add_lands_on_adjusted_weekend_days() -> None:
    assert CAL.add_working_days(D(2024, 10, 11), 1) == D(2024, 10, 12)  # Fri -> 调休 Sat
    assert CAL.add_working_days(D(2024, 10, 12), 1) == D(2024, 10, 14)  # -> Mon
    assert CAL.add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)  # Fri -> 调休 Sun


def test_add_across_new_year() -> None:
    assert CAL.add_working_days(D(2024, 12, 31), 1) == D(2025, 1, 2)
    # 20 working days for a decision, received on 2024-12-20 (Fri).
    assert CAL.add_working_days(D(2024, 12, 20), 20) == oracle_add(D(2024, 12, 20), 20)


def test_negative_counts_backwards() -> None:
    assert CAL.add_working_days(D(2024, 10, 8), -1) == D(2024, 9, 30)
    assert CAL.add_working_days(D(2024, 10, 14), -1) == D(2024, 10, 12)  # the 调休 Saturday
    # 10-9, 10-8, 9-30, 9-29 (调休 Sunday), 9-27: the inverse of 9-27 + 5 above.
    assert CAL.add_working_days(D(2024, 10, 10), -5) == D(2024, 9, 27)
    assert CAL.add_working_days(D(2025, 1, 2), -1) == D(2024, 12, 31)


def test_next_working_day() -> None:
    assert CAL.next_working_day(D(2024, 10, 8)) == D(2024, 10, 8)  # itself
    assert CAL.next_working_day(D(2024, 10, 1)) == D(2024, 10, 8)
    assert CAL.next_working_day(D(2024, 10, 12)) == D(2024, 10, 12)  # 调休 Saturday
    assert CAL.next_working_day(D(2024, 10, 13)) == D(2024, 10, 14)
    assert CAL.next_working_day(D(2025, 1, 1)) == D(2025, 1, 2)


def test_working_days_between() -> None:
    assert CAL.working_days_between(D(2024, 9, 27), D(2024, 10, 10)) == 5
    assert CAL.working_days_between(D(2024, 9, 30), D(2024, 10, 7)) == 0  # all holiday
    assert CAL.working_days_between(D(2024, 10, 7), D(2024, 10, 8)) == 1
    assert CAL.working_days_between(D(2024, 10, 11), D(2024, 10, 13)) == 1  # the 调休 Saturday
    assert CAL.working_days_between(D(2024, 12, 30), D(2025, 1, 2)) == 2  # 12-31, 1-2


def test_working_days_between_is_zero_when_end_not_after_start() -> None:
    assert CAL.working_days_between(D(2024, 10, 8), D(2024, 10, 8)) == 0
    assert CAL.working_days_between(D(2024, 10, 10), D(2024, 10, 8)) == 0
    # No schedule is needed for an empty span.
    assert CAL.working_days_between(D(UNCOVERED, 5, 1), D(UNCOVERED, 4, 1)) == 0


def test_supplement_notice_within_five_working_days() -> None:
    received = D(2024, 9, 27)
    assert CAL.working_days_between(received, D(2024, 10, 10)) <= 5  # in time
    assert CAL.working_days_between(received, D(2024, 10, 11)) > 5  # deemed accepted


def test_large_counts_span_many_years() -> None:
    assert CAL.add_working_days(D(2005, 3, 1), 4000) == oracle_add(D(2005, 3, 1), 4000)
    end = CAL.add_working_days(D(2005, 3, 1), 4000)
    assert CAL.working_days_between(D(2005, 3, 1), end) == 4000
    assert CAL.add_working_days(end, -4000) == CAL.next_working_day(D(2005, 3, 1))


# --- properties over the library's years --------------------------------------------------------

# Starts and counts chosen so that every count stays inside 2004..2026.
starts = st.dates(min_value=D(2005, 1, 1), max_value=D(2025, 6, 30))
counts = st.integers(min_value=-300, max_value=300)


@given(start=starts, n=counts)
def test_add_matches_day_by_day_reference(start: dt.date, n: int) -> None:
    assert CAL.add_working_days(start, n) == oracle_add(start, n)


@given(start=starts, n=st.integers(min_value=0, max_value=300))
def test_between_round_trips_add(start: dt.date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    if n > 0:
        assert CAL.is_working_day(end)
        # end is the first date at which the count reaches n.
        assert CAL.working_days_between(start, end - dt.timedelta(days=1)) == n - 1


@given(start=starts, end=starts)
def test_add_of_between_reaches_the_last_working_day(start: dt.date, end: dt.date) -> None:
    count = CAL.working_days_between(start, end)
    if end <= start:
        assert count == 0
        return
    reached = CAL.add_working_days(start, count)
    assert reached <= end
    assert CAL.working_days_between(reached, end) == 0
    if CAL.is_working_day(end):
        assert reached == end


@given(start=starts, n=st.integers(min_value=1, max_value=300))
def test_backwards_undoes_forwards_from_a_working_day(start: dt.date, n: int) -> None:
    working_start = CAL.next_working_day(start)
    assert CAL.add_working_days(CAL.add_working_days(working_start, n), -n) == working_start


@given(day=starts)
def test_next_working_day_is_the_first_on_or_after(day: dt.date) -> None:
    found = CAL.next_working_day(day)
    assert found >= day
    assert CAL.is_working_day(found)
    assert CAL.working_days_between(day - dt.timedelta(days=1), found) == 1


# --- the hall's overrides -----------------------------------------------------------------------


def test_hall_closed_day_takes_precedence() -> None:
    closed = HallDayOverride(D(2024, 11, 5), working=False, reason="大厅线路改造停电")
    cal = WorkingCalendar(overrides=[closed])
    assert not cal.is_working_day(D(2024, 11, 5))
    assert cal.day_info(D(2024, 11, 5)) == DayInfo(
        D(2024, 11, 5), False, DayKind.HALL_CLOSED, "大厅线路改造停电"
    )
    # Friday 11-1 + 5: 11-4, [11-5 closed], 11-6, 11-7, 11-8, 11-11.
    assert cal.add_working_days(D(2024, 11, 1), 5) == D(2024, 11, 11)
    assert cal.working_days_between(D(2024, 11, 1), D(2024, 11, 8)) == 4
    # Other calendars are unaffected.
    assert CAL.is_working_day(D(2024, 11, 5))


def test_hall_opened_saturday_takes_precedence() -> None:
    opened = HallDayOverride(D(2024, 11, 2), working=True, reason="周六延时服务")
    cal = WorkingCalendar(overrides=[opened])
    assert cal.is_working_day(D(2024, 11, 2))
    assert cal.day_info(D(2024, 11, 2)).kind is DayKind.HALL_OPEN
    # Friday 11-1 + 5: 11-2 (opened Saturday), 11-4, 11-5, 11-6, 11-7.
    assert cal.add_working_days(D(2024, 11, 1), 5) == D(2024, 11, 7)
    assert cal.next_working_day(D(2024, 11, 2)) == D(2024, 11, 2)


def test_overrides_beat_the_official_schedule() -> None:
    cal = WorkingCalendar(
        overrides=[
            HallDayOverride(D(2024, 10, 3), working=True, reason="国庆期间专场服务"),
            HallDayOverride(D(2024, 10, 12), working=False, reason="调休日闭厅"),
        ]
    )
    assert cal.is_working_day(D(2024, 10, 3))
    assert not cal.is_working_day(D(2024, 10, 12))
    # The holiday keeps its name for display even on a day the hall opens.
    assert cal.holiday_name(D(2024, 10, 3)) == "国庆节"
    assert cal.add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 3)
    assert cal.add_working_days(D(2024, 10, 11), 1) == D(2024, 10, 14)


def test_an_override_does_not_cover_its_year() -> None:
    cal = WorkingCalendar(
        overrides=[HallDayOverride(D(UNCOVERED, 3, 3), working=True, reason="试运行")]
    )
    with pytest.raises(CalendarNotCovered):
        cal.is_working_day(D(UNCOVERED, 3, 3))


def test_duplicate_override_is_refused() -> None:
    with pytest.raises(InvalidCalendarData) as caught:
        WorkingCalendar(
            overrides=[
                HallDayOverride(D(2024, 11, 5), working=False, reason="停电"),
                HallDayOverride(D(2024, 11, 5), working=True, reason="恢复"),
            ]
        )
    assert "2024-11-05" in caught.value.message_zh
    assert "2024-11-05" in caught.value.message_en


# --- hall-supplied year schedules ---------------------------------------------------------------

SCHEDULE_2031 = YearSchedule(
    2031,
    (
        HolidayPeriod("元旦", D(2031, 1, 1), D(2031, 1, 1)),
        HolidayPeriod(
            "国庆节",
            D(2031, 10, 1),
            D(2031, 10, 7),
            adjusted_working_days=(D(2031, 9, 28), D(2031, 10, 11)),
        ),
    ),
)


def test_hall_schedule_covers_an_uncovered_year() -> None:
    cal = WorkingCalendar(schedules=[SCHEDULE_2031])
    assert cal.covers(UNCOVERED)
    assert not cal.is_working_day(D(2031, 1, 1))
    assert cal.is_working_day(D(2031, 1, 2))  # an ordinary Thursday
    assert not cal.is_working_day(D(2031, 1, 4))  # an ordinary Saturday
    assert cal.is_working_day(D(2031, 9, 28))  # 调休 Sunday
    assert cal.is_working_day(D(2031, 10, 11))  # 调休 Saturday
    assert cal.day_info(D(2031, 10, 11)) == DayInfo(
        D(2031, 10, 11), True, DayKind.ADJUSTED_WORKDAY, "国庆节"
    )
    # Friday 9-26: 9-28 (Sun) 1, 9-29 2, 9-30 3, [10-1..7 off], 10-8 4, 10-9 5.
    assert cal.add_working_days(D(2031, 9, 26), 5) == D(2031, 10, 9)
    assert cal.working_days_between(D(2031, 9, 26), D(2031, 10, 9)) == 5
    # 2030 stays uncovered, so a span from 2030 into 2031 still fails.
    with pytest.raises(CalendarNotCovered) as caught:
        cal.working_days_between(D(2030, 12, 1), D(2031, 1, 10))
    assert caught.value.year == 2030


def test_hall_schedule_replaces_the_library_year() -> None:
    cal = WorkingCalendar(
        schedules=[YearSchedule(2025, (HolidayPeriod("元旦", D(2025, 1, 1), D(2025, 1, 1)),))]
    )
    assert not cal.is_working_day(D(2025, 1, 1))
    assert cal.is_working_day(D(2025, 10, 1))  # the library's 国庆节 is gone
    assert not cal.is_working_day(D(2025, 9, 28))  # and so is its 调休 Sunday
    assert cal.is_working_day(D(2024, 10, 12))  # other years keep the library's data


def test_hall_schedule_may_start_in_december_of_the_year_before() -> None:
    # Shaped like the 2019 notice (2018-12-30..2019-01-01 off, Saturday 2018-12-29 working).
    schedule_2027 = YearSchedule(
        2027,
        (
            HolidayPeriod(
                "元旦",
                D(2026, 12, 31),
                D(2027, 1, 3),
                adjusted_working_days=(D(2026, 12, 26),),
            ),
        ),
    )
    cal = WorkingCalendar(schedules=[schedule_2027])
    assert not cal.is_working_day(D(2026, 12, 31))  # a Thursday, now 元旦
    assert cal.is_working_day(D(2026, 12, 26))  # a Saturday, now 调休
    assert cal.holiday_name(D(2026, 12, 31)) == "元旦"
    assert cal.add_working_days(D(2026, 12, 30), 1) == D(2027, 1, 4)
    # 12-25, 12-26 (调休 Saturday), 12-28, 12-29, 12-30, [12-31..1-3 off], 1-4.
    assert cal.working_days_between(D(2026, 12, 24), D(2027, 1, 4)) == 6


@pytest.mark.parametrize(
    ("build", "needle"),
    [
        (lambda: HolidayPeriod("国庆节", D(2031, 10, 7), D(2031, 10, 1)), "2031-10-07"),
        (
            lambda: HolidayPeriod(
                "国庆节", D(2031, 10, 1), D(2031, 10, 7), adjusted_working_days=(D(2031, 9, 29),)
            ),
            "2031-09-29",
        ),
        (
            lambda: YearSchedule(2031, (HolidayPeriod("元旦", D(2030, 1, 1), D(2030, 1, 1)),)),
            "2030-01-01",
        ),
        (
            lambda: YearSchedule(
                2031,
                (
                    HolidayPeriod("元旦", D(2031, 1, 1), D(2031, 1, 1)),
                    HolidayPeriod("春节", D(2031, 1, 1), D(2031, 1, 2)),
                ),
            ),
            "2031-01-01",
        ),
        (lambda: WorkingCalendar(schedules=[SCHEDULE_2031, SCHEDULE_2031]), "2031"),
        (
            lambda: WorkingCalendar(
                schedules=[
                    YearSchedule(
                        2031,
                        (HolidayPeriod("元旦", D(2031, 1, 1), D(2031, 1, 1), (D(2030, 12, 29),)),),
                    ),
                    YearSchedule(2030, (HolidayPeriod("圣诞", D(2030, 12, 29), D(2030, 12, 29)),)),
                ]
            ),
            "2030-12-29",
        ),
    ],
    ids=[
        "first-after-last",
        "weekday-as-adjusted-working-day",
        "date-outside-year",
        "date-twice",
        "year-twice",
        "schedules-contradict",
    ],
)
def test_inconsistent_hall_data_is_refused(build: Callable[[], object], needle: str) -> None:
    with pytest.raises(InvalidCalendarData) as caught:
        build()
    assert needle in caught.value.message_zh
    assert needle in caught.value.message_en
    assert isinstance(caught.value, CalendarError)


def test_hall_data_records_are_frozen_and_hashable() -> None:
    period = HolidayPeriod("元旦", D(2031, 1, 1), D(2031, 1, 1), [D(2030, 12, 28)])  # type: ignore[arg-type]
    assert period.adjusted_working_days == (D(2030, 12, 28),)
    assert hash(SCHEDULE_2031) == hash(YearSchedule(2031, SCHEDULE_2031.periods))
    with pytest.raises(AttributeError):
        SCHEDULE_2031.year = 2032  # type: ignore[misc]


# --- uncovered years ----------------------------------------------------------------------------


def test_uncovered_year_raises_with_the_year_in_both_languages() -> None:
    with pytest.raises(CalendarNotCovered) as caught:
        CAL.is_working_day(D(UNCOVERED, 3, 3))
    error = caught.value
    assert error.year == UNCOVERED
    assert error.message_zh == (
        "没有2031年的法定节假日安排数据，无法计算工作日；请由大厅管理员录入该年安排。"
    )
    assert "2031" in error.message_en
    assert error.message_zh in str(error)
    assert error.message_en in str(error)


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.is_working_day(D(2003, 6, 2)),
        lambda: CAL.day_info(D(UNCOVERED, 3, 3)),
        lambda: CAL.holiday_name(D(UNCOVERED, 10, 1)),
        lambda: CAL.next_working_day(D(UNCOVERED, 3, 3)),
        lambda: CAL.add_working_days(D(UNCOVERED, 3, 3), 1),
        lambda: CAL.working_days_between(D(UNCOVERED, 3, 3), D(UNCOVERED, 3, 10)),
    ],
    ids=["before-2004", "day_info", "holiday_name", "next", "add", "between"],
)
def test_every_operation_refuses_an_uncovered_year(call: Callable[[], object]) -> None:
    with pytest.raises(CalendarNotCovered):
        call()


def test_a_span_crossing_into_an_uncovered_year_raises() -> None:
    after = LIB_LAST + 1
    with pytest.raises(CalendarNotCovered) as caught:
        CAL.add_working_days(D(LIB_LAST, 12, 20), 30)
    assert caught.value.year == after
    assert str(after) in caught.value.message_zh
    assert str(after) in caught.value.message_en
    with pytest.raises(CalendarNotCovered) as caught:
        CAL.working_days_between(D(LIB_LAST, 12, 1), D(after, 1, 10))
    assert caught.value.year == after
    # An uncovered year in the middle of a long span is found too.
    cal = WorkingCalendar(schedules=[SCHEDULE_2031])
    with pytest.raises(CalendarNotCovered):
        cal.working_days_between(D(LIB_LAST, 6, 1), D(UNCOVERED, 6, 1))
    # Backwards, into the year before the library's first.
    with pytest.raises(CalendarNotCovered) as caught:
        CAL.add_working_days(D(LIB_FIRST, 1, 5), -10)
    assert caught.value.year == LIB_FIRST - 1


def test_the_start_year_itself_need_not_be_covered() -> None:
    # Counting starts the day after: 2003-12-31 + 1 touches only 2004 (1-1 is 元旦).
    assert CAL.add_working_days(D(2003, 12, 31), 1) == D(2004, 1, 2)
    assert CAL.working_days_between(D(2003, 12, 31), D(2004, 1, 5)) == 2


def test_a_datetime_is_refused() -> None:
    with pytest.raises(TypeError, match="time zone"):
        CAL.is_working_day(dt.datetime(2024, 10, 8, 9, 30))
    with pytest.raises(TypeError):
        CAL.add_working_days(dt.datetime(2024, 10, 8, 9, 30), 1)
