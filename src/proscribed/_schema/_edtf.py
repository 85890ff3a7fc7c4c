"""A small parser for the subset of EDTF (ISO 8601-2 profile) that the dataset accepts.

Accepted forms (Library of Congress EDTF, 2019 specification):

* level 0: ``2023``, ``2023-06``, ``2023-06-05`` and intervals between them, ``2024-06-05/2024-06-08``;
* level 1: a trailing qualifier on a whole date, ``?`` uncertain, ``~`` approximate, ``%`` both
  (``2023-11~``); unspecified trailing digits, ``202X``, ``20XX``, ``2024-XX``, ``2024-06-XX``,
  ``2024-XX-XX``; intervals with an open end ``..`` (``2024-06/..``) or an unknown end left empty
  (``2024-06-05/``);
* level 2, one form only: ``[2024-06-05..2024-06-08]``, one unknown day between two dates.

Everything else is rejected: impossible calendar dates (``2023-02-30``), intervals whose start lies
after their end, free text (``June 2024``), times of day, seasons, negative or five-digit years.

Strict bounds are the first and last day the value can denote; qualifiers do not widen them.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["EDTF_PATTERN", "EdtfError", "ParsedDate", "Precision", "parse_edtf"]


class Precision(StrEnum):
    """How finely a single EDTF date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


_DATE = (
    r"[1-9][0-9]([0-9]{2}|[0-9]X|XX)"
    r"(-(0[1-9]|1[0-2]|XX)(-(0[1-9]|[12][0-9]|3[01]|XX))?)?[?~%]?"
)
EDTF_PATTERN = rf"({_DATE}|({_DATE}|\.\.)?/({_DATE}|\.\.)?|\[{_DATE}\.\.{_DATE}\])"
"""First-line regular expression for the accepted subset, wrapped so that anchoring it at both ends
(as Table Schema and frictionless do) keeps the alternation intact. It admits some values the parser
then rejects (``2023-02-30``, ``201X-05``, reversed intervals)."""

_DATE_RE = re.compile(
    r"(?P<year>[1-9][0-9](?:[0-9]{2}|[0-9]X|XX))"
    r"(?:-(?P<month>0[1-9]|1[0-2]|XX)(?:-(?P<day>0[1-9]|[12][0-9]|3[01]|XX))?)?"
    r"(?P<qualifier>[?~%])?"
)


class EdtfError(ValueError):
    """Raised for a value outside the accepted EDTF subset; the message says why."""


@dataclass(frozen=True, slots=True)
class _Point:
    lower: datetime.date
    upper: datetime.date
    precision: Precision
    uncertain: bool
    approximate: bool


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """An accepted EDTF value with its strict bounds.

    ``lower`` and ``upper`` are ``None`` where an interval end is open (``..``) or unknown (empty).
    ``precision`` is set for single dates only; intervals and ranges of possible days have none.
    """

    text: str
    """The value as written."""
    lower: datetime.date | None
    """The first day the value can denote; ``None`` for an open or unknown start."""
    upper: datetime.date | None
    """The last day the value can denote; ``None`` for an open or unknown end."""
    precision: Precision | None
    """How finely a single date is known; ``None`` for intervals and ranges of possible days."""
    uncertain: bool
    """A ``?`` or ``%`` qualifier marks the value (or an interval end) as uncertain."""
    approximate: bool
    """A ``~`` or ``%`` qualifier marks the value (or an interval end) as approximate."""
    is_interval: bool
    """The value is a span (``start/end``), not a single date or a range of possible days."""
    open_start: bool
    """The interval's start is open (``..``): it reaches back indefinitely."""
    open_end: bool
    """The interval's end is open (``..``): it is still going on."""

    @property
    def is_exact_day(self) -> bool:
        """True when the value names one known day."""
        return self.lower is not None and self.lower == self.upper and not self.is_interval


_NUMERIC_DATE = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?[?~%]?")


def _impossible_part(text: str) -> str | None:
    """For a date of the right form with a month or day that does not exist, say which."""
    match = _NUMERIC_DATE.fullmatch(text)
    if match is None:
        return None
    month, day = match.group("month"), match.group("day")
    if not 1 <= int(month) <= 12:
        return f"month {month} does not exist (months run from 01 to 12)"
    if day is not None and not 1 <= int(day) <= 31:
        return f"day {day} does not exist (days run from 01 to 31 at most)"
    return None


def _parse_point(text: str, whole: str) -> _Point:
    match = _DATE_RE.fullmatch(text)
    if match is None:
        impossible = _impossible_part(text)
        if impossible is not None:
            raise EdtfError(f"{whole!r}: {impossible}")
        raise EdtfError(f"{whole!r} is not an EDTF date of the accepted subset (e.g. 2024, 2024-06, 2024-06-05)")
    year, month, day, qualifier = match.group("year", "month", "day", "qualifier")
    if "X" in year and month is not None:
        raise EdtfError(f"{whole!r}: a year with unspecified digits cannot carry a month or day")
    if month == "XX" and day is not None and day != "XX":
        raise EdtfError(f"{whole!r}: a day cannot be given when the month is unspecified")
    unspecified_digits = year.count("X")
    low_year = int(year.replace("X", "0"))
    high_year = int(year.replace("X", "9"))
    if unspecified_digits:
        precision = Precision.DECADE if unspecified_digits == 1 else Precision.CENTURY
        lower = datetime.date(low_year, 1, 1)
        upper = datetime.date(high_year, 12, 31)
    elif month is None or month == "XX":
        precision = Precision.YEAR
        lower = datetime.date(low_year, 1, 1)
        upper = datetime.date(low_year, 12, 31)
    else:
        month_number = int(month)
        last_day = calendar.monthrange(low_year, month_number)[1]
        if day is None or day == "XX":
            precision = Precision.MONTH
            lower = datetime.date(low_year, month_number, 1)
            upper = datetime.date(low_year, month_number, last_day)
        else:
            if int(day) > last_day:
                raise EdtfError(f"{whole!r}: {low_year}-{month} has only {last_day} days")
            precision = Precision.DAY
            lower = upper = datetime.date(low_year, month_number, int(day))
    return _Point(
        lower=lower,
        upper=upper,
        precision=precision,
        uncertain=qualifier in ("?", "%"),
        approximate=qualifier in ("~", "%"),
    )


def _parse_range(text: str) -> ParsedDate:
    first, separator, last = text[1:-1].partition("..")
    if not separator:
        raise EdtfError(f"{text!r}: a range of possible days is written [first..last]")
    start, end = _parse_point(first, text), _parse_point(last, text)
    if start.uncertain or start.approximate or end.uncertain or end.approximate:
        raise EdtfError(f"{text!r}: qualifiers are not accepted inside [first..last]")
    if start.lower > end.lower:
        raise EdtfError(f"{text!r}: the first possible day is after the last")
    return ParsedDate(
        text=text,
        lower=start.lower,
        upper=end.upper,
        precision=None,
        uncertain=False,
        approximate=False,
        is_interval=False,
        open_start=False,
        open_end=False,
    )


def _parse_interval(text: str) -> ParsedDate:
    first, _, last = text.partition("/")
    if "/" in last:
        raise EdtfError(f"{text!r}: an interval has exactly one '/'")
    if first in ("", "..") and last in ("", ".."):
        raise EdtfError(f"{text!r}: an interval needs at least one known end")
    start = None if first in ("", "..") else _parse_point(first, text)
    end = None if last in ("", "..") else _parse_point(last, text)
    if start is not None and end is not None and start.lower > end.upper:
        raise EdtfError(f"{text!r}: the interval starts after it ends")
    ends = [point for point in (start, end) if point is not None]
    return ParsedDate(
        text=text,
        lower=None if start is None else start.lower,
        upper=None if end is None else end.upper,
        precision=None,
        uncertain=any(point.uncertain for point in ends),
        approximate=any(point.approximate for point in ends),
        is_interval=True,
        open_start=first == "..",
        open_end=last == "..",
    )


def parse_edtf(text: str) -> ParsedDate:
    """Parse *text* as a value of the accepted EDTF subset, or raise :class:`EdtfError`."""
    if not isinstance(text, str) or not text:
        raise EdtfError("an EDTF date cannot be empty")
    if text != text.strip():
        raise EdtfError(f"{text!r}: leading or trailing whitespace")
    if text.startswith("[") and text.endswith("]"):
        return _parse_range(text)
    if "/" in text:
        return _parse_interval(text)
    point = _parse_point(text, text)
    return ParsedDate(
        text=text,
        lower=point.lower,
        upper=point.upper,
        precision=point.precision,
        uncertain=point.uncertain,
        approximate=point.approximate,
        is_interval=False,
        open_start=False,
        open_end=False,
    )
