import datetime

import edtf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from proscribed import EdtfError, Precision, parse_edtf

D = datetime.date


@pytest.mark.parametrize(
    ("text", "lower", "upper", "precision"),
    [
        ("2023", D(2023, 1, 1), D(2023, 12, 31), Precision.YEAR),
        ("2023-06", D(2023, 6, 1), D(2023, 6, 30), Precision.MONTH),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), Precision.MONTH),
        ("2023-06-05", D(2023, 6, 5), D(2023, 6, 5), Precision.DAY),
        ("2023-11~", D(2023, 11, 1), D(2023, 11, 30), Precision.MONTH),
        ("2023-11?", D(2023, 11, 1), D(2023, 11, 30), Precision.MONTH),
        ("2004-06%", D(2004, 6, 1), D(2004, 6, 30), Precision.MONTH),
        ("202X", D(2020, 1, 1), D(2029, 12, 31), Precision.DECADE),
        ("20XX", D(2000, 1, 1), D(2099, 12, 31), Precision.CENTURY),
        ("2024-XX", D(2024, 1, 1), D(2024, 12, 31), Precision.YEAR),
        ("2024-06-XX", D(2024, 6, 1), D(2024, 6, 30), Precision.MONTH),
        ("2024-XX-XX", D(2024, 1, 1), D(2024, 12, 31), Precision.YEAR),
    ],
)
def test_single_dates_have_strict_bounds(text: str, lower: D, upper: D, precision: Precision) -> None:
    parsed = parse_edtf(text)
    assert (parsed.lower, parsed.upper, parsed.precision) == (lower, upper, precision)
    assert not parsed.is_interval


@pytest.mark.parametrize(
    ("text", "lower", "upper", "open_start", "open_end"),
    [
        ("2024-06-05/2024-06-08", D(2024, 6, 5), D(2024, 6, 8), False, False),
        ("2004-02-01/2005", D(2004, 2, 1), D(2005, 12, 31), False, False),
        ("2024-06/..", D(2024, 6, 1), None, False, True),
        ("../2024-06", None, D(2024, 6, 30), True, False),
        ("2024-06-05/", D(2024, 6, 5), None, False, False),
        ("/2024-06-05", None, D(2024, 6, 5), False, False),
        ("2023-06-05?/2023-06-08~", D(2023, 6, 5), D(2023, 6, 8), False, False),
        ("2024-06-30/2024-06", D(2024, 6, 30), D(2024, 6, 30), False, False),
    ],
)
def test_intervals(text: str, lower: D | None, upper: D | None, open_start: bool, open_end: bool) -> None:
    parsed = parse_edtf(text)
    assert parsed.is_interval
    assert (parsed.lower, parsed.upper) == (lower, upper)
    assert (parsed.open_start, parsed.open_end) == (open_start, open_end)
    assert parsed.precision is None


def test_one_unknown_day_in_a_range() -> None:
    parsed = parse_edtf("[2024-06-05..2024-06-08]")
    assert (parsed.lower, parsed.upper) == (D(2024, 6, 5), D(2024, 6, 8))
    assert not parsed.is_interval
    assert not parsed.is_exact_day


def test_qualifiers_are_reported() -> None:
    assert parse_edtf("2023-11~").approximate
    assert not parse_edtf("2023-11~").uncertain
    assert parse_edtf("2023?").uncertain
    both = parse_edtf("2004-06%")
    assert both.uncertain
    assert both.approximate


@pytest.mark.parametrize(
    "text",
    [
        "",
        " 2023",
        "2023 ",
        "June 2024",
        "2023-02-30",
        "2023-02-29",
        "2024-13",
        "2024-00",
        "2024-6-5",
        "05/06/2024",
        "2024-06-05/2024-06-03",
        "2024-07/2024-06",
        "2024-06-05T10:00:00Z",
        "2024-06~-11",
        "[a,b]",
        "../..",
        "/",
        "../",
        "2024/2025/2026",
        "201X-05",
        "2024-XX-05",
        "[2024-06-08..2024-06-05]",
        "[2024-06-05~..2024-06-08]",
        "[2024-06-05]",
        "0999",
        "-2024",
        "Y-12000",
        "2024-21",
        "{2024-06-05,2024-06-07}",
    ],
)
def test_rejected(text: str) -> None:
    with pytest.raises(EdtfError):
        parse_edtf(text)


def _struct_to_date(value: object) -> D:
    year, month, day = value[:3]  # type: ignore[index]
    return D(year, month, day)


_day = st.dates(min_value=D(1000, 1, 1), max_value=D(2999, 12, 31))
_values = st.one_of(
    _day.map(lambda d: d.isoformat()),
    _day.map(lambda d: d.isoformat()[:7]),
    _day.map(lambda d: d.isoformat()[:4]),
    st.tuples(_day, st.sampled_from("?~%")).map(lambda t: t[0].isoformat()[:7] + t[1]),
    _day.map(lambda d: d.isoformat()[:3] + "X"),
    _day.map(lambda d: d.isoformat()[:7] + "-XX"),
    st.tuples(_day, _day).map(lambda t: f"{min(t).isoformat()}/{max(t).isoformat()}"),
    st.tuples(_day, _day).map(lambda t: f"[{min(t).isoformat()}..{max(t).isoformat()}]"),
)


@given(_values)
def test_bounds_agree_with_the_edtf_library(text: str) -> None:
    ours = parse_edtf(text)
    reference = edtf.parse_edtf(text)
    assert ours.lower == _struct_to_date(reference.lower_strict())
    assert ours.upper == _struct_to_date(reference.upper_strict())


@given(st.tuples(_day, _day).filter(lambda t: t[0] > t[1]))
def test_reversed_intervals_are_rejected_though_the_library_accepts_them(days: tuple[D, D]) -> None:
    text = f"{days[0].isoformat()}/{days[1].isoformat()}"
    assert edtf.parse_edtf(text) is not None
    with pytest.raises(EdtfError, match="starts after it ends"):
        parse_edtf(text)


@given(st.text(max_size=12))
def test_anything_either_parses_or_raises_edtf_error(text: str) -> None:
    try:
        parsed = parse_edtf(text)
    except EdtfError:
        return
    assert parsed.lower is None or parsed.upper is None or parsed.lower <= parsed.upper
