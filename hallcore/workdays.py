"""The hall's working-day calendar: the clock behind every legal and promised time limit.

行政许可法 counts its periods in working days (§82): the 5 days for a supplement notice (补正告知)
and deemed acceptance, the 20/45 days for a decision. A working day here is decided in layers,
the first that speaks wins:

1. the hall's own day overrides (`HallDayOverride`): the hall is closed for a local event, or
   opens on a Saturday;
2. the official schedule of the year (放假安排, published by the State Council each November):
   the statutory rest days and the adjusted working days (调休, a weekend day that becomes a
   working day). It comes from the hall (`YearSchedule`) when the hall supplied one for that
   year, otherwise from the chinesecalendar library;
3. Monday to Friday work, Saturday and Sunday rest.

A year is *covered* when the library has its schedule or the hall supplied one. For any other year
every question raises `CalendarNotCovered`: guessing by weekday would silently move legal deadlines
past an unknown holiday, so the hall administrator has to enter the schedule instead. The library
data is read directly (its dictionaries), so coverage is ours to decide, never its exceptions.

Dates are business dates in the hall's time zone; a `datetime` is refused (TypeError) because
taking its ``.date()`` here could pick the wrong day for an aware UTC timestamp.

Counting convention (the law's, 民法典 §201: 开始的当日不计入，自下一日开始计算): the day of
the event does not count. ``add_working_days(received, 5)`` is the fifth working day after
`received`; ``working_days_between(received, notice)`` counts the working days in
``(received, notice]``, so a supplement notice is in time when that count is at most 5.
"""

import bisect
import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from chinese_calendar import Holiday as _LibHoliday
from chinese_calendar import holidays as _lib_holidays
from chinese_calendar import workdays as _lib_workdays

__all__ = [
    "CalendarError",
    "CalendarNotCovered",
    "DayInfo",
    "DayKind",
    "HallDayOverride",
    "HolidayPeriod",
    "InvalidCalendarData",
    "WorkingCalendar",
    "YearSchedule",
    "library_years",
]

_ONE_DAY = dt.timedelta(days=1)


def _check_date(value: dt.date) -> None:
    """TypeError unless `value` is a plain date (a datetime is a date subclass, so test it)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(
            f"expected a datetime.date (the business date in the hall's time zone), "
            f"got {type(value).__name__}"
        )


# --- errors -------------------------------------------------------------------------------------


class CalendarError(ValueError):
    """An error of the working-day calendar, with a Chinese and an English message."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en


class CalendarNotCovered(CalendarError):
    """No holiday schedule (neither the library's nor the hall's) for `year`."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"没有{year}年的法定节假日安排数据，无法计算工作日；请由大厅管理员录入该年安排。",
            f"No statutory holiday schedule for {year}, so working days cannot be computed; "
            f"the hall administrator must enter that year's schedule.",
        )
        self.year = year


class InvalidCalendarData(CalendarError):
    """A hall-supplied schedule or override is inconsistent (raised when it is constructed)."""


# --- data ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HolidayPeriod:
    """One item of the State Council notice: rest from `first` to `last`, plus its 调休 days.

    It mirrors how the notice is written, so an administrator can copy it line by line, e.g.
    国庆节：10月1日至8日放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
    """

    name: str
    """Chinese name for display, e.g. 国庆节."""
    first: dt.date
    last: dt.date
    adjusted_working_days: tuple[dt.date, ...] = ()
    """Weekend days that become working days (调休上班) because of this holiday."""

    def __post_init__(self) -> None:
        """Check the dates; InvalidCalendarData says which one is wrong."""
        # A loader may hand over a list; the record must stay immutable and hashable.
        object.__setattr__(self, "adjusted_working_days", tuple(self.adjusted_working_days))
        for day in (self.first, self.last, *self.adjusted_working_days):
            _check_date(day)
        if self.first > self.last:
            raise InvalidCalendarData(
                f"“{self.name}”的开始日期{self.first.isoformat()}晚于结束日期"
                f"{self.last.isoformat()}。",
                f"{self.name} starts on {self.first.isoformat()}, after its end "
                f"{self.last.isoformat()}.",
            )
        for day in self.adjusted_working_days:
            # 调休 only ever turns a weekend day into a working day; a weekday here is a typo.
            if day.weekday() < 5:
                raise InvalidCalendarData(
                    f"“{self.name}”的调休上班日{day.isoformat()}不是周六或周日。",
                    f"The adjusted working day {day.isoformat()} of {self.name} is not a "
                    f"Saturday or Sunday.",
                )

    def rest_days(self) -> Iterator[dt.date]:
        """The rest days first..last, both included."""
        day = self.first
        while day <= self.last:
            yield day
            day += _ONE_DAY


@dataclass(frozen=True)
class YearSchedule:
    """A whole year's official schedule supplied by the hall.

    Used for a year the library does not cover yet (the notice comes out around November, often
    before the library is updated) or to correct the library. It *replaces* the library's data
    for `year`: a library entry dated in `year` is ignored once the hall supplies that year.

    The 元旦 holiday of `year` may begin, and its 调休 day fall, in late December of the year
    before (2019's notice: 2018-12-30..2019-01-01 off, Saturday 2018-12-29 working), so dates in
    December of ``year - 1`` are accepted too; they take precedence over the library for those
    dates.
    """

    year: int
    periods: tuple[HolidayPeriod, ...]

    def __post_init__(self) -> None:
        """Check that the dates lie in the year and none is entered twice."""
        object.__setattr__(self, "periods", tuple(self.periods))
        _schedule_entries(self)


@dataclass(frozen=True)
class HallDayOverride:
    """The hall's own decision for one date, which beats every schedule.

    It does not make its year covered: one known day says nothing about the holidays around it.
    """

    day: dt.date
    working: bool
    """True: the hall opens (e.g. a Saturday service day); False: it is closed."""
    reason: str
    """Shown to staff, e.g. 大厅线路改造停电 or 周六延时服务."""

    def __post_init__(self) -> None:
        """Refuse a datetime, as every date the calendar takes."""
        _check_date(self.day)


class DayKind(enum.StrEnum):
    """Why a day is or is not a working day, for display."""

    WORKDAY = "workday"
    """Monday to Friday with nothing special."""
    WEEKEND = "weekend"
    """Saturday or Sunday with nothing special."""
    HOLIDAY = "holiday"
    """A statutory rest day (法定节假日, including the weekend days inside the holiday)."""
    ADJUSTED_WORKDAY = "adjusted_workday"
    """A weekend day that is a working day because of a holiday (调休上班)."""
    HALL_CLOSED = "hall_closed"
    """Closed by the hall's own override."""
    HALL_OPEN = "hall_open"
    """Opened by the hall's own override."""


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one date."""

    day: dt.date
    is_working: bool
    kind: DayKind
    name: str | None
    """The holiday's Chinese name (HOLIDAY, ADJUSTED_WORKDAY), the override's reason
    (HALL_CLOSED, HALL_OPEN), or None."""


@dataclass(frozen=True)
class _Entry:
    """A schedule's word on one date: rest or work, and the holiday it belongs to."""

    working: bool
    name: str


# --- the library's data -------------------------------------------------------------------------


# The library's short Chinese names (清明, 端午, 中秋) differ from the State Council notice's,
# which is what applicants and staff read; display the notice's.
_NOTICE_NAMES = {
    "Tomb-sweeping Day": "清明节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
}


def _chinese_holiday_name(value: object) -> str:
    """The library stores English names ("National Day"); its enum knows the Chinese ones."""
    if isinstance(value, str) and value in _NOTICE_NAMES:
        return _NOTICE_NAMES[value]
    for holiday in _LibHoliday:
        if holiday.value == value:
            return str(holiday.chinese)
    return str(value)


def _load_library() -> tuple[frozenset[int], Mapping[dt.date, _Entry]]:
    entries: dict[dt.date, _Entry] = {}
    for day, name in _lib_holidays.items():
        entries[day] = _Entry(working=False, name=_chinese_holiday_name(name))
    for day, name in _lib_workdays.items():
        entries[day] = _Entry(working=True, name=_chinese_holiday_name(name))
    # A year is covered when the library lists rest days in it: every year's schedule has at
    # least 元旦 and 春节. We take the set rather than min..max so that a gap would show up as
    # "not covered" instead of a year of plain weekdays.
    years = frozenset(day.year for day in _lib_holidays)
    return years, MappingProxyType(entries)


_LIBRARY_YEARS, _LIBRARY_ENTRIES = _load_library()


def library_years() -> frozenset[int]:
    """The years whose schedule the installed chinesecalendar has (2004..2026 in 1.11.0)."""
    return _LIBRARY_YEARS


# --- the calendar -------------------------------------------------------------------------------


def _year_after(day: dt.date) -> int:
    """The year of the day after `day`, without overflowing at date.max."""
    return day.year + 1 if (day.month, day.day) == (12, 31) else day.year


def _year_before(day: dt.date) -> int:
    """The year of the day before `day`, without overflowing at date.min."""
    return day.year - 1 if (day.month, day.day) == (1, 1) else day.year


def _schedule_entries(schedule: YearSchedule) -> dict[dt.date, _Entry]:
    """The schedule's entries by date, or InvalidCalendarData naming what is wrong."""
    year = schedule.year
    # year - 1 must exist for the December rule; nobody schedules year 1 anyway.
    if not dt.MINYEAR < year <= dt.MAXYEAR:
        raise InvalidCalendarData(
            f"节假日安排的年份{year}无效。", f"{year} is not a valid year for a schedule."
        )
    earliest = dt.date(year - 1, 12, 1)
    latest = dt.date(year, 12, 31)
    entries: dict[dt.date, _Entry] = {}
    for period in schedule.periods:
        rest = [(day, False) for day in period.rest_days()]
        work = [(day, True) for day in period.adjusted_working_days]
        for day, working in rest + work:
            if not earliest <= day <= latest:
                raise InvalidCalendarData(
                    f"{year}年节假日安排中“{period.name}”的日期{day.isoformat()}不在{year}年内"
                    f"（元旦假期可从{year - 1}年12月开始）。",
                    f"In the {year} schedule, {period.name} has the date {day.isoformat()}, "
                    f"outside {year} (only 元旦 may start in December {year - 1}).",
                )
            previous = entries.get(day)
            if previous is not None:
                raise InvalidCalendarData(
                    f"{year}年节假日安排中{day.isoformat()}被重复录入（“{previous.name}”与"
                    f"“{period.name}”）。",
                    f"In the {year} schedule, {day.isoformat()} is entered twice "
                    f"({previous.name} and {period.name}).",
                )
            entries[day] = _Entry(working=working, name=period.name)
    return entries


class WorkingCalendar:
    """Working days of one hall: the official schedules plus the hall's own overrides.

    Immutable once built. Each covered year's working days are computed once, on first use, as
    a sorted tuple of ordinals, so the counting operations are a bisect per year touched rather
    than a loop per day (dashboards ask for thousands of cases at once). Filling that cache from
    several threads at the same time is harmless: they compute the same tuple.
    """

    def __init__(
        self,
        schedules: Iterable[YearSchedule] = (),
        overrides: Iterable[HallDayOverride] = (),
    ) -> None:
        """Build the calendar; InvalidCalendarData if the hall's data is inconsistent."""
        hall_years: set[int] = set()
        hall_entries: dict[dt.date, _Entry] = {}
        entry_year: dict[dt.date, int] = {}  # which schedule said it, for the error message
        for schedule in schedules:
            if schedule.year in hall_years:
                raise InvalidCalendarData(
                    f"{schedule.year}年的节假日安排被录入了两次。",
                    f"The schedule for {schedule.year} is supplied twice.",
                )
            hall_years.add(schedule.year)
            for day, entry in _schedule_entries(schedule).items():
                # Only December dates can meet here: the 元旦 of one schedule against the end
                # of the previous year's.
                previous = hall_entries.get(day)
                if previous is not None and previous.working != entry.working:
                    other = entry_year[day]
                    raise InvalidCalendarData(
                        f"{day.isoformat()}在{other}年和{schedule.year}年的节假日安排中互相矛盾。",
                        f"{day.isoformat()} is contradicted between the {other} and "
                        f"{schedule.year} schedules.",
                    )
                hall_entries[day] = entry
                entry_year[day] = schedule.year

        # The hall's schedule for a year replaces the library's whole year, then the hall's
        # entries (which may reach into the December before) win date by date.
        entries = {
            day: entry for day, entry in _LIBRARY_ENTRIES.items() if day.year not in hall_years
        }
        entries.update(hall_entries)

        by_day: dict[dt.date, HallDayOverride] = {}
        for override in overrides:
            if override.day in by_day:
                raise InvalidCalendarData(
                    f"大厅对{override.day.isoformat()}的开放/闭厅设置被录入了两次。",
                    f"The hall's open/closed setting for {override.day.isoformat()} is "
                    f"entered twice.",
                )
            by_day[override.day] = override

        self._covered: frozenset[int] = _LIBRARY_YEARS | hall_years
        self._entries: Mapping[dt.date, _Entry] = MappingProxyType(entries)
        self._overrides: Mapping[dt.date, HallDayOverride] = MappingProxyType(by_day)
        self._years: dict[int, tuple[int, ...]] = {}

    # --- coverage -------------------------------------------------------------------------------

    @property
    def covered_years(self) -> frozenset[int]:
        """The years this calendar can answer for (the library's and the hall's)."""
        return self._covered

    def covers(self, year: int) -> bool:
        """Whether `year` has a schedule, so its working days can be computed."""
        return year in self._covered

    # --- single days ----------------------------------------------------------------------------

    def day_info(self, day: dt.date) -> DayInfo:
        """Whether `day` is a working day and why (for display: 国庆节, 调休上班, 闭厅…)."""
        _check_date(day)
        if day.year not in self._covered:
            raise CalendarNotCovered(day.year)
        override = self._overrides.get(day)
        if override is not None:
            kind = DayKind.HALL_OPEN if override.working else DayKind.HALL_CLOSED
            return DayInfo(day, override.working, kind, override.reason)
        entry = self._entries.get(day)
        if entry is not None:
            kind = DayKind.ADJUSTED_WORKDAY if entry.working else DayKind.HOLIDAY
            return DayInfo(day, entry.working, kind, entry.name)
        if day.weekday() < 5:
            return DayInfo(day, True, DayKind.WORKDAY, None)
        return DayInfo(day, False, DayKind.WEEKEND, None)

    def is_working_day(self, day: dt.date) -> bool:
        """Whether the hall works on `day`; CalendarNotCovered if its year has no schedule."""
        return self.day_info(day).is_working

    def holiday_name(self, day: dt.date) -> str | None:
        """The Chinese name of the holiday `day` belongs to (rest or 调休 day), else None.

        Hall overrides do not hide the name: a holiday the hall opens on is still 国庆节.
        """
        _check_date(day)
        if day.year not in self._covered:
            raise CalendarNotCovered(day.year)
        entry = self._entries.get(day)
        return None if entry is None else entry.name

    # --- counting -------------------------------------------------------------------------------

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day on or after `day` (`day` itself if it is one)."""
        _check_date(day)
        ordinal = day.toordinal()
        year = day.year
        table = self._year_table(year)
        index = bisect.bisect_left(table, ordinal)
        # A year whose days the hall closed entirely is skipped; the loop ends at the first
        # uncovered year with CalendarNotCovered.
        while index == len(table):
            year += 1
            table = self._year_table(year)
            index = 0
        return dt.date.fromordinal(table[index])

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The date that is `n` working days after `start`; the count starts the day after.

        A case received on a Friday with a 5-working-day limit is due the next Friday when no
        holiday intervenes. `start` need not be a working day (a Saturday receipt counts from
        Monday). ``n == 0`` returns `start` unchanged and needs no schedule. A negative `n`
        counts backwards: the ``|n|``-th working day before `start` (e.g. the receipt date
        whose 5-working-day limit ends on a given working day).

        Only the years the count walks through must be covered: ``start`` itself may lie in an
        uncovered year when the first day counted does not (2003-12-31 + 1 needs only 2004).
        """
        _check_date(start)
        if n == 0:
            return start
        ordinal = start.toordinal()
        if n > 0:
            year = _year_after(start)
            table = self._year_table(year)
            index = bisect.bisect_right(table, ordinal)  # first working day after start
            remaining = n
            while remaining > len(table) - index:
                remaining -= len(table) - index
                year += 1
                table = self._year_table(year)
                index = 0
            return dt.date.fromordinal(table[index + remaining - 1])
        year = _year_before(start)
        table = self._year_table(year)
        index = bisect.bisect_left(table, ordinal)  # working days before start in this year
        remaining = -n
        while remaining > index:
            remaining -= index
            year -= 1
            table = self._year_table(year)
            index = len(table)
        return dt.date.fromordinal(table[index - remaining])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days in ``(start, end]``: after `start`, up to `end` included.

        0 when ``end <= start`` (never negative, and no schedule is needed then). This is the
        elapsed count of a working-day clock: a supplement notice issued on `end` for a case
        received on `start` is in time when the result is at most 5, and a case is overdue on
        `end` when the result exceeds its limit. For ``n >= 0``,
        ``working_days_between(s, add_working_days(s, n)) == n``.

        Every year from the day after `start` to `end` must be covered.
        """
        _check_date(start)
        _check_date(end)
        if end <= start:
            return 0
        first_year = _year_after(start)
        # Look up every year first, so an uncovered year anywhere in the span raises before
        # any counting, whatever its position.
        tables = [self._year_table(year) for year in range(first_year, end.year + 1)]
        low, high = start.toordinal(), end.toordinal()
        return sum(
            bisect.bisect_right(table, high) - bisect.bisect_right(table, low) for table in tables
        )

    # --- internals ------------------------------------------------------------------------------

    def _year_table(self, year: int) -> tuple[int, ...]:
        """The ordinals of `year`'s working days, ascending; CalendarNotCovered if unknown."""
        table = self._years.get(year)
        if table is not None:
            return table
        if year not in self._covered:
            raise CalendarNotCovered(year)
        first = dt.date(year, 1, 1).toordinal()
        last = dt.date(year, 12, 31).toordinal()
        table = tuple(
            ordinal
            for ordinal in range(first, last + 1)
            if self.day_info(dt.date.fromordinal(ordinal)).is_working
        )
        self._years[year] = table
        return table
