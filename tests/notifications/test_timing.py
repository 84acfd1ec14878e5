from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from notifications.timing import occurrence, weeks_since

DUE = date(2027, 6, 30)


@given(st.sets(st.integers(min_value=1, max_value=60), max_size=5))
def test_each_window_opens_once_on_its_offset_day(offset_set):
    offsets = sorted(offset_set, reverse=True)
    first_seen = {}
    for shift in range(-70, 40):
        found = occurrence(DUE, DUE + timedelta(days=shift), offsets)
        if found and found[0] not in first_seen:
            first_seen[found[0]] = shift
    expected = {f"before-{offset}": -offset for offset in offsets} | {"due": 0}
    expected |= {f"overdue-w{week}": 7 * week - 6 for week in range(1, 7)}
    assert first_seen == expected


def test_nothing_before_the_largest_offset():
    assert occurrence(DUE, DUE - timedelta(days=31), [30, 7, 1]) is None
    assert occurrence(DUE, DUE - timedelta(days=30), [30, 7, 1]) == ("before-30", 30)


def test_weeks_since():
    assert weeks_since(DUE, DUE - timedelta(days=1)) is None
    assert [weeks_since(DUE, DUE + timedelta(days=d)) for d in (0, 6, 7, 13, 14)] == [1, 1, 2, 2, 3]
