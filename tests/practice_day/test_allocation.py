"""The preference-round allocation: a pure function, tested without a database."""

import itertools
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from practice_day.allocation import Participant, Slot, allocate, is_own


def objective(result):
    """(placed, first choices, second choices, third choices), compared lexicographically."""
    return (len(result.assignments), result.count(1), result.count(2), result.count(3))


def test_allocation_prefers_a_second_choice_for_one_over_nothing_where_greedy_fails():
    # Round-based greedy gives s1 to A (lower id) and leaves B without a visit.
    slots = [Slot(1, 1), Slot(2, 1)]
    people = [Participant(10, (1, 2)), Participant(11, (1,))]
    result = allocate(people, slots)
    assert result.assignments == {10: 2, 11: 1}
    assert objective(result) == (2, 1, 1, 0)
    assert result.unassigned == []


def test_allocation_maximises_first_choices_where_serving_people_in_order_fails():
    # In id order: X takes s1, A falls back to s2 (2nd), C loses its first choice s2.
    slots = [Slot(1, 1), Slot(2, 1)]
    people = [Participant(1, (1,)), Participant(2, (1, 2)), Participant(3, (2,))]
    result = allocate(people, slots)
    assert objective(result) == (2, 2, 0, 0)
    assert result.assignments == {1: 1, 3: 2}
    assert result.unassigned == [2]


def test_placing_one_more_person_beats_one_more_first_choice():
    # Issue 15: A keeping its first choice s1 leaves B without any visit. Giving A its
    # second choice frees s1 for B: two people placed instead of one.
    slots = [Slot(0, 0), Slot(1, 1), Slot(2, 1)]
    people = [Participant(1, (1, 2)), Participant(2, (0, 1))]
    result = allocate(people, slots)
    assert result.assignments == {1: 2, 2: 1}
    assert objective(result) == (2, 0, 2, 0)
    assert result.unassigned == []


def test_among_allocations_placing_everyone_the_most_first_choices_win():
    # Everyone can be placed in two ways; the one with two first choices is chosen.
    slots = [Slot(1, 1), Slot(2, 1), Slot(3, 1)]
    people = [Participant(1, (1, 2)), Participant(2, (2, 3)), Participant(3, (1, 3))]
    result = allocate(people, slots)
    assert len(result.assignments) == 3
    assert result.assignments == {1: 1, 2: 2, 3: 3}
    assert objective(result) == (3, 2, 1, 0)


def test_allocation_never_sends_anyone_to_their_own_school_or_board():
    slots = [Slot(1, 5, school_id=7, board_id=70), Slot(2, 5, school_id=8, board_id=80)]
    people = [
        Participant(1, (1, 2), school_id=7, board_id=70),  # own school
        Participant(2, (1, 2), school_id=9, board_id=70),  # other school, own board
        Participant(3, (1,), school_id=8, board_id=80),  # only choice is not own
        Participant(4, (2,), school_id=8, board_id=80),  # only choice is own
    ]
    result = allocate(people, slots)
    assert result.assignments == {1: 2, 2: 2, 3: 1}
    assert result.unassigned == [4]
    for pid, sid in result.assignments.items():
        person = next(p for p in people if p.id == pid)
        assert not is_own(person, next(s for s in slots if s.id == sid))


def test_allocation_ignores_unknown_repeated_and_fourth_choices():
    slots = [Slot(1, 1), Slot(2, 1), Slot(3, 1), Slot(4, 1)]
    result = allocate([Participant(1, (99, 99, 99, 4))], slots)
    assert result.unassigned == [1]
    result = allocate([Participant(1, (1, 1, 2))], [Slot(1, 0), Slot(2, 1)])
    assert result.assignments == {1: 2}
    assert result.ranks == {1: 3}


def test_participants_without_choices_are_reported_unassigned():
    result = allocate([Participant(2, ()), Participant(1, ())], [Slot(1, 3)])
    assert result.unassigned == [1, 2]
    assert result.counts == {1: 0, 2: 0, 3: 0, None: 2}


def random_instance(seed, people=60, hosts=15):
    rng = random.Random(seed)
    slots, next_id = [], 1
    for h in range(hosts):
        for _ in range(rng.choice([1, 2])):
            slots.append(Slot(next_id, rng.randint(2, 5), school_id=h, board_id=h // 3))
            next_id += 1
    participants = []
    for p in range(people):
        school = rng.randrange(hosts + 10)
        participants.append(
            Participant(
                1000 + p,
                tuple(rng.sample([s.id for s in slots], 3)),
                school_id=school,
                board_id=school // 3,
            )
        )
    return participants, slots


def test_allocation_stays_within_capacity():
    for seed in range(20):
        participants, slots = random_instance(seed)
        result = allocate(participants, slots)
        used = Counter(result.assignments.values())
        for slot in slots:
            assert used[slot.id] <= slot.capacity


def test_allocation_is_deterministic_whatever_the_input_order():
    participants, slots = random_instance(7)
    first = allocate(participants, slots)
    shuffled_people, shuffled_slots = participants[:], slots[:]
    random.Random(1).shuffle(shuffled_people)
    random.Random(2).shuffle(shuffled_slots)
    for _ in range(3):
        again = allocate(shuffled_people, shuffled_slots)
        assert again.assignments == first.assignments
        assert again.unassigned == first.unassigned


def brute_force_best(participants, slots):
    """Best (placed, 1st, 2nd, 3rd) counts over every possible assignment."""
    options = []
    for p in participants:
        allowed = [None]
        for rank, sid in enumerate(p.choices, start=1):
            slot = next(s for s in slots if s.id == sid)
            if not is_own(p, slot):
                allowed.append((sid, rank))
        options.append(allowed)
    best = (0, 0, 0, 0)
    for combo in itertools.product(*options):
        used = Counter(c[0] for c in combo if c)
        if any(used[s.id] > s.capacity for s in slots):
            continue
        ranks = Counter(c[1] for c in combo if c)
        best = max(best, (ranks[1] + ranks[2] + ranks[3], ranks[1], ranks[2], ranks[3]))
    return best


def test_allocation_matches_brute_force_on_small_random_cases():
    rng = random.Random(42)
    for _ in range(40):
        slots = [Slot(i, rng.randint(0, 2), school_id=i % 3, board_id=i % 2) for i in range(1, 5)]
        participants = [
            Participant(
                i,
                tuple(rng.sample(range(1, 5), rng.randint(1, 3))),
                school_id=rng.choice([None, 0, 1, 2]),
                board_id=rng.choice([None, 0, 1]),
            )
            for i in range(1, 7)
        ]
        assert objective(allocate(participants, slots)) == brute_force_best(participants, slots)


@st.composite
def small_cohorts(draw):
    """A cohort of up to 6 participants and 4 slots, with schools and boards that clash."""
    slot_count = draw(st.integers(1, 4))
    slots = [
        Slot(
            i,
            draw(st.integers(0, 2)),
            school_id=draw(st.sampled_from([None, 0, 1, 2])),
            board_id=draw(st.sampled_from([None, 0, 1])),
        )
        for i in range(1, slot_count + 1)
    ]
    ids = list(range(1, slot_count + 1))
    participants = [
        Participant(
            100 + i,
            tuple(draw(st.lists(st.sampled_from(ids), min_size=0, max_size=3, unique=True))),
            school_id=draw(st.sampled_from([None, 0, 1, 2])),
            board_id=draw(st.sampled_from([None, 0, 1])),
        )
        for i in range(draw(st.integers(0, 6)))
    ]
    return participants, slots


@settings(max_examples=400, deadline=None, derandomize=True)
@given(small_cohorts())
def test_allocation_is_the_lexicographic_optimum_on_random_small_cohorts(cohort):
    """Against brute force: most people placed, then most 1st, 2nd and 3rd choices."""
    participants, slots = cohort
    result = allocate(participants, slots)
    assert objective(result) == brute_force_best(participants, slots)
    used = Counter(result.assignments.values())
    by_id = {s.id: s for s in slots}
    for pid, sid in result.assignments.items():
        person = next(p for p in participants if p.id == pid)
        assert sid in person.choices
        assert not is_own(person, by_id[sid])
        assert result.ranks[pid] == person.choices.index(sid) + 1
    assert all(used[sid] <= by_id[sid].capacity for sid in used)
    assert sorted(result.unassigned) == sorted(
        p.id for p in participants if p.id not in result.assignments
    )
    assert allocate(list(reversed(participants)), list(reversed(slots))).assignments == (
        result.assignments
    )
