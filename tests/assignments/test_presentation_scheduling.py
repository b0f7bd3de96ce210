"""The pure presentation schedule (assignments/scheduling.py): a generated schedule never
has a conflict, and the one check finds every kind of conflict."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assignments import scheduling

START = datetime.datetime(2027, 6, 10, 10, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


def check(slots, *, hours=6, changeover=5):
    return scheduling.find_conflicts(
        slots,
        day_starts=START,
        day_ends=START + datetime.timedelta(hours=hours),
        changeover=changeover * MINUTE,
    )


@st.composite
def day_setups(draw):
    room_count = draw(st.integers(min_value=1, max_value=6))
    trainer_pool = draw(st.integers(min_value=0, max_value=4))
    # Each room a trainer from a small pool (so rooms often share one) or none.
    trainers = [
        draw(st.one_of(st.none(), st.integers(min_value=1, max_value=trainer_pool)))
        if trainer_pool
        else None
        for _ in range(room_count)
    ]
    return {
        "participants": draw(st.integers(min_value=0, max_value=70)),
        "rooms": [(f"room-{i}", trainer) for i, trainer in enumerate(trainers)],
        "hours": draw(st.integers(min_value=1, max_value=8)),
        "length": draw(st.integers(min_value=5, max_value=45)),
        "changeover": draw(st.integers(min_value=0, max_value=20)),
    }


@settings(max_examples=300, deadline=None)
@given(day_setups())
def test_a_generated_schedule_has_no_overlaps_and_everyone_presents_once(setup):
    participants = [f"p{i}" for i in range(setup["participants"])]
    day_ends = START + datetime.timedelta(hours=setup["hours"])
    try:
        slots = scheduling.generate(
            participants,
            setup["rooms"],
            day_starts=START,
            day_ends=day_ends,
            length=setup["length"] * MINUTE,
            changeover=setup["changeover"] * MINUTE,
        )
    except scheduling.DoesNotFit:
        # Refused only when the day really is too short: one presentation per trainer
        # track at a time, as many rounds as fit.
        step = (setup["length"] + setup["changeover"]) * MINUTE
        rounds = 0
        while START + rounds * step + setup["length"] * MINUTE <= day_ends:
            rounds += 1
        trainers = {t for _room, t in setup["rooms"] if t is not None}
        tracks = len(trainers) + sum(1 for _room, t in setup["rooms"] if t is None)
        assert len(participants) > rounds * tracks
        return
    assert sorted(slot.participant for slot in slots) == sorted(participants)
    assert check(slots, hours=setup["hours"], changeover=setup["changeover"]) == []
    # The check itself, done the slow way: every pair of slots.
    gap = setup["changeover"] * MINUTE
    for index, a in enumerate(slots):
        assert START <= a.starts < a.ends <= day_ends
        assert a.ends - a.starts == setup["length"] * MINUTE
        for b in slots[index + 1 :]:
            if a.room == b.room:
                assert a.ends + gap <= b.starts or b.ends + gap <= a.starts
            if a.trainer is not None and a.trainer == b.trainer:
                assert a.ends <= b.starts or b.ends <= a.starts


def slot(key, room, participant, trainer, start_minutes, length=15):
    starts = START + start_minutes * MINUTE
    return scheduling.Slot(key, room, participant, trainer, starts, starts + length * MINUTE)


def test_two_presentations_in_one_room_need_the_changeover_between_them():
    first = slot(1, "A", "p1", None, 0)
    too_soon = slot(2, "A", "p2", None, 17)  # ends 15, changeover 5: 20 at the earliest
    assert [c.kind for c in check([first, too_soon])] == [scheduling.ROOM]
    assert check([first, slot(2, "A", "p2", None, 20)]) == []


def test_a_participant_presents_only_once_and_a_trainer_listens_in_one_room_at_a_time():
    assert [c.kind for c in check([slot(1, "A", "p1", None, 0), slot(2, "B", "p1", None, 60)])] == [
        scheduling.PARTICIPANT
    ]
    assert [c.kind for c in check([slot(1, "A", "p1", "t", 0), slot(2, "B", "p2", "t", 10)])] == [
        scheduling.TRAINER
    ]
    # Back to back in different rooms is fine for a trainer.
    assert check([slot(1, "A", "p1", "t", 0), slot(2, "B", "p2", "t", 15)]) == []


def test_a_presentation_outside_the_day_is_a_conflict():
    assert [c.kind for c in check([slot(1, "A", "p1", None, -5)])] == [scheduling.OUTSIDE_DAY]
    assert [c.kind for c in check([slot(1, "A", "p1", None, 350)], hours=6)] == [
        scheduling.OUTSIDE_DAY
    ]


def test_generating_without_rooms_is_refused():
    with pytest.raises(ValueError):
        scheduling.generate(
            ["p1"],
            [],
            day_starts=START,
            day_ends=START + 60 * MINUTE,
            length=15 * MINUTE,
            changeover=0 * MINUTE,
        )
