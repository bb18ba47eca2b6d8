import signal

import pytest

from policyx.stopping import Stopped, held, stop


def test_a_signal_outside_a_held_section_stops_at_once():
    with pytest.raises(Stopped) as info:
        stop(signal.SIGTERM)
    assert info.value.signum == signal.SIGTERM


def test_a_signal_inside_a_held_section_stops_when_it_ends():
    reached = []
    with pytest.raises(Stopped) as info:
        with held():
            stop(signal.SIGINT)
            reached.append("after the signal")
        reached.append("after the section")
    assert reached == ["after the signal"]
    assert info.value.signum == signal.SIGINT


def test_nested_sections_stop_only_when_the_outermost_ends():
    reached = []
    with pytest.raises(Stopped) as info:
        with held():
            with held():
                stop(signal.SIGTERM)
            reached.append("inner ended")
            stop(signal.SIGINT)
    assert reached == ["inner ended"]
    assert info.value.signum == signal.SIGTERM


def test_a_section_without_a_signal_ends_normally_and_leaves_nothing_pending():
    with held():
        pass
    with held():
        pass


def test_stopped_is_not_caught_as_an_ordinary_error():
    with pytest.raises(Stopped):
        try:
            stop(signal.SIGTERM)
        except Exception:
            pytest.fail("Stopped must pass through `except Exception`")
