from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.clock import FakeClock, TravelClock


def test_a_travel_clock_runs_with_real_time_from_where_it_started():
    base = FakeClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    clock = TravelClock(start=datetime(2026, 5, 4, 2, 0, tzinfo=UTC), base=base)
    assert clock.now() == datetime(2026, 5, 4, 2, 0, tzinfo=UTC)
    base.advance(seconds=90)
    assert clock.now() == datetime(2026, 5, 4, 2, 1, 30, tzinfo=UTC)
    assert clock.travelled == timedelta()


def test_travelling_moves_now_forward_and_adds_up():
    base = FakeClock()
    clock = TravelClock(base=base)
    assert clock.now() == base.now()
    assert clock.travel(timedelta(hours=1)) == base.now() + timedelta(hours=1)
    clock.travel(timedelta(days=1))
    assert clock.now() - base.now() == clock.travelled == timedelta(days=1, hours=1)


@pytest.mark.parametrize("delta", [timedelta(), timedelta(hours=-1)])
def test_time_travel_goes_forward_only(delta):
    clock = TravelClock(base=FakeClock())
    before = clock.now()
    with pytest.raises(ValueError):
        clock.travel(delta)
    assert clock.now() == before and clock.travelled == timedelta()
