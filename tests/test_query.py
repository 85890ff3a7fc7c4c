import datetime

import pytest

import proscribed
from proscribed import Dataset, Event, Statement

from .fixtures_query.package import rich_tables, write_package


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return proscribed.load(write_package(tmp_path_factory.mktemp("rich"), rich_tables()))


def ids(records: tuple[Statement, ...] | tuple[Event, ...]) -> list[str]:
    return [record.statement_id if isinstance(record, Statement) else record.event_id for record in records]


ANNA_POWER = "stmt-20240527-anna-a-real-power"
BORIS = "stmt-202306-boris-b-danger"
ANNA_TALKS = "stmt-202504-anna-a-talks"


def test_statements_without_filters_come_in_date_order(rich: Dataset) -> None:
    assert ids(rich.find_statements()) == [BORIS, ANNA_POWER, ANNA_TALKS]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"speaker": "per-a"}, [ANNA_POWER, ANNA_TALKS]),
        ({"speaker": ["per-a", "per-b"]}, [BORIS, ANNA_POWER, ANNA_TALKS]),
        ({"speaker": "per-nobody"}, []),
        ({"subject": "org-x"}, [BORIS, ANNA_POWER, ANNA_TALKS]),
        ({"subject": "per-a"}, []),
        ({"stance": "favor"}, [ANNA_POWER]),
        ({"stance": [proscribed.Stance.AGAINST, "neutral"]}, [BORIS, ANNA_TALKS]),
        ({"topic": "security"}, [BORIS]),
        ({"on_behalf_of": "state-ru"}, [ANNA_POWER]),
        ({"verification": "unconfirmed"}, [ANNA_TALKS]),
        ({"contains": "REAL POWER"}, [ANNA_POWER]),
        ({"contains": "dangerous"}, [BORIS]),
        ({"contains": "опасно"}, [BORIS]),
        ({"speaker": "per-a", "stance": "favor"}, [ANNA_POWER]),
        ({"speaker": "per-a", "stance": "against"}, []),
    ],
)
def test_statement_filters(rich: Dataset, filters: dict[str, object], expected: list[str]) -> None:
    assert ids(rich.find_statements(**filters)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "rule", "expected"),
    [
        ("2023-06-10", "2023-06-20", "overlaps", [BORIS]),
        ("2023-06-10", "2023-06-20", "within", []),
        ("2023-06", "2023-06", "within", [BORIS]),
        ("2023", None, "overlaps", [BORIS, ANNA_POWER, ANNA_TALKS]),
        (None, "2024-05-26", "overlaps", [BORIS]),
        (None, "2024-05-27", "overlaps", [BORIS, ANNA_POWER]),
        ("2024-05-28", None, "overlaps", [ANNA_TALKS]),
        ("2025-04-04", "2025-04-04", "overlaps", [ANNA_TALKS]),
        ("2025-04-04", "2025-04-04", "within", []),
        ("2025-04", None, "within", [ANNA_TALKS]),
    ],
)
def test_statement_windows(rich: Dataset, start: str | None, end: str | None, rule: str, expected: list[str]) -> None:
    assert ids(rich.find_statements(start=start, end=end, date_rule=rule)) == expected  # type: ignore[arg-type]


def test_windows_take_dates(rich: Dataset) -> None:
    found = rich.find_statements(start=datetime.date(2024, 5, 27), end=datetime.date(2024, 5, 27))
    assert ids(found) == [ANNA_POWER]


def test_bad_windows_are_errors(rich: Dataset) -> None:
    with pytest.raises(ValueError, match="EDTF"):
        rich.find_statements(start="June 2024")
    with pytest.raises(ValueError, match=r"starts .* after it ends"):
        rich.find_statements(start="2025", end="2024")
    with pytest.raises(ValueError, match="overlaps"):
        rich.find_statements(date_rule="inside")  # type: ignore[arg-type]


FORUM, ATTACK, RULING = "evt-20240605-forum", "evt-2023-attack", "evt-20250417-ruling"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [ATTACK, FORUM, RULING]),
        ({"event_type": "attack"}, [ATTACK]),
        ({"event_type": ["forum", "court_ruling"]}, [FORUM, RULING]),
        ({"participant": "org-x"}, [ATTACK, RULING]),
        ({"participant": "per-a"}, [FORUM]),
        ({"participant": "org-x", "participant_role": "subject"}, [RULING]),
        ({"participant": "per-a", "participant_role": "host"}, []),
        ({"participant_role": "host"}, [FORUM]),
        ({"status": "alleged"}, [ATTACK]),
        ({"country": "RU"}, [RULING]),
        ({"start": "2024-06-08"}, [FORUM, RULING]),
        ({"start": "2024-06-06", "end": "2024-06-07", "date_rule": "within"}, []),
        ({"start": "2024-06", "end": "2024-06", "date_rule": "within"}, [FORUM]),
        ({"end": "2023-01-01"}, [ATTACK]),
    ],
)
def test_event_filters(rich: Dataset, filters: dict[str, object], expected: list[str]) -> None:
    assert ids(rich.find_events(**filters)) == expected  # type: ignore[arg-type]


def test_shipped_statements_about_the_taliban_are_in_date_order() -> None:
    dataset = proscribed.load()
    found = dataset.find_statements(subject="org-taliban")
    assert found
    lowers = [statement.when.lower for statement in found]
    assert lowers == sorted(lowers)  # type: ignore[type-var]
    assert set(found) == set(dataset.statements_about("org-taliban"))
