"""Intervision group suggestions and the group rules: pure functions, no database."""

import random
from collections import Counter

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from intervision.grouping import Code, Person, check_groups, group_count, suggest_groups

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@st.composite
def cohorts(draw, min_people=6, max_people=60):
    """People from schools that each belong to one board (or none); some boards have
    several schools, some schools send two people (a director and their ib'er)."""
    n = draw(st.integers(min_people, max_people))
    board_count = draw(st.integers(1, max(1, n // 3)))
    school_count = draw(st.integers(1, n))
    school_board = draw(
        st.lists(
            st.none() | st.integers(1, board_count), min_size=school_count, max_size=school_count
        )
    )
    schools = draw(st.lists(st.none() | st.integers(0, school_count - 1), min_size=n, max_size=n))
    people = [
        Person(pid * 7)
        if school is None
        else Person(pid * 7, school_id=100 + school, board_id=school_board[school])
        for pid, school in enumerate(schools, start=1)
    ]
    return people


@st.composite
def bounds(draw):
    min_size = draw(st.integers(2, 6))
    return min_size, draw(st.integers(min_size, min_size + 5))


def largest_cluster(people):
    schools = Counter(p.school_id for p in people if p.school_id is not None)
    boards = Counter(p.board_id for p in people if p.board_id is not None)
    return max([1, *schools.values(), *boards.values()])


def bounded_partition_exists(n, min_size, max_size):
    return any(k * min_size <= n <= k * max_size for k in range(1, n + 1))


def colleague_pairs(groups, people):
    by_id = {p.id: p for p in people}
    return [
        (a, b)
        for group in groups
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if by_id[a].is_colleague_of(by_id[b])
    ]


@PROPERTY
@given(people=cohorts(), sizes=bounds())
def test_everybody_is_placed_exactly_once_in_balanced_groups(people, sizes):
    min_size, max_size = sizes
    result = suggest_groups(people, min_size=min_size, max_size=max_size)
    placed = [pid for group in result.groups for pid in group]
    assert sorted(placed) == sorted(p.id for p in people)
    lengths = [len(g) for g in result.groups]
    assert max(lengths) - min(lengths) <= 1
    if bounded_partition_exists(len(people), min_size, max_size):
        assert all(min_size <= n <= max_size for n in lengths)
    else:
        assert all(n <= max_size for n in lengths)


@PROPERTY
@given(people=cohorts(), sizes=bounds())
def test_no_colleagues_share_a_group_whenever_the_cohort_allows_it(people, sizes):
    min_size, max_size = sizes
    n = len(people)
    possible = any(
        k * min_size <= n <= k * max_size and k >= largest_cluster(people) for k in range(1, n + 1)
    )
    result = suggest_groups(people, min_size=min_size, max_size=max_size)
    if possible:
        assert colleague_pairs(result.groups, people) == []
        assert result.violations == []
    else:
        assert result.conflicts or not colleague_pairs(result.groups, people)


@PROPERTY
@given(people=cohorts(), sizes=bounds(), seed=st.integers(0, 1000))
def test_the_suggestion_does_not_depend_on_the_order_of_the_input(people, sizes, seed):
    shuffled = list(people)
    random.Random(seed).shuffle(shuffled)
    min_size, max_size = sizes
    assert suggest_groups(shuffled, min_size=min_size, max_size=max_size) == suggest_groups(
        people, min_size=min_size, max_size=max_size
    )


@st.composite
def tangled_cohorts(draw, max_people=40):
    """Schools and boards drawn independently: a school's people can be on different
    boards, so the colleague relation is not a set of separate clusters."""
    n = draw(st.integers(6, max_people))
    schools = draw(st.lists(st.none() | st.integers(1, 8), min_size=n, max_size=n))
    boards = draw(st.lists(st.none() | st.integers(1, 5), min_size=n, max_size=n))
    return [
        Person(pid, school_id=s, board_id=b)
        for pid, (s, b) in enumerate(zip(schools, boards), start=1)
    ]


@PROPERTY
@given(people=tangled_cohorts(), sizes=bounds())
def test_every_remaining_colleague_pair_is_reported_to_the_trainer(people, sizes):
    min_size, max_size = sizes
    result = suggest_groups(people, min_size=min_size, max_size=max_size)
    assert result.violations == check_groups(
        result.groups, people, min_size=min_size, max_size=max_size
    )
    reported = {
        frozenset((a, b)) for v in result.conflicts for a in v.people for b in v.people if a != b
    }
    assert {frozenset(pair) for pair in colleague_pairs(result.groups, people)} <= reported


def conflict_free_halves_exist(people):
    """Brute force: can these people be split in two balanced groups without colleagues?"""
    n = len(people)
    for mask in range(1 << n):
        first = [p for i, p in enumerate(people) if mask >> i & 1]
        second = [p for i, p in enumerate(people) if not mask >> i & 1]
        if len(first) != n // 2:
            continue
        if not colleague_pairs([[p.id for p in first], [p.id for p in second]], people):
            return True
    return False


@PROPERTY
@given(people=tangled_cohorts(max_people=9))
def test_tangled_colleagues_are_separated_whenever_two_groups_allow_it(people):
    result = suggest_groups(people, min_size=3, max_size=5)
    assume(len(result.groups) == 2)
    if conflict_free_halves_exist(people):
        assert colleague_pairs(result.groups, people) == []


def test_a_director_and_their_ib_er_are_never_in_one_group():
    people = [
        Person(1, school_id=1, board_id=1, name="Directeur"),
        Person(2, school_id=1, board_id=1, name="Ib'er"),
    ] + [Person(i, school_id=i, board_id=i) for i in range(3, 11)]
    result = suggest_groups(people)
    assert len(result.groups) == 2
    assert not any({1, 2} <= set(group) for group in result.groups)
    assert result.violations == []


def test_too_many_people_of_one_school_are_spread_and_reported():
    # 5 of 12 from one school and two groups of 6: at least two pairs must share a group.
    people = [Person(i, school_id=1, board_id=1, name="Collega %d" % i) for i in range(1, 6)]
    people += [Person(i, school_id=i, board_id=None) for i in range(6, 13)]
    result = suggest_groups(people, min_size=6, max_size=8)
    assert [len(g) for g in result.groups] == [6, 6]
    per_group = sorted(sum(1 for pid in g if pid <= 5) for g in result.groups)
    assert per_group == [2, 3]
    assert {v.code for v in result.violations} == {Code.SAME_SCHOOL}
    assert len(result.conflicts) == 2


def test_a_cohort_smaller_than_the_minimum_forms_one_group_without_complaint():
    people = [Person(i, school_id=i) for i in range(1, 4)]
    result = suggest_groups(people, min_size=4, max_size=8)
    assert result.groups == [[1, 2, 3]]
    assert result.violations == []


def test_when_no_sizes_fit_the_bounds_no_group_grows_past_the_maximum():
    people = [Person(i) for i in range(1, 12)]
    result = suggest_groups(people, min_size=4, max_size=5)
    assert sorted(len(g) for g in result.groups) == [3, 4, 4]
    assert [v.code for v in result.violations] == [Code.TOO_SMALL]


def test_the_group_count_aims_at_the_middle_of_the_bounds():
    assert group_count(24, 4, 8) == 4
    assert group_count(60, 4, 8) == 10
    assert group_count(9, 4, 8) == 2
    assert group_count(24, 4, 8, largest_cluster=5) == 5


def test_impossible_bounds_and_duplicate_ids_are_refused():
    with pytest.raises(ValueError):
        suggest_groups([Person(1)], min_size=5, max_size=4)
    with pytest.raises(ValueError):
        suggest_groups([Person(1), Person(1)])


# --- check_groups: the rule the trainer's manual moves use -----------------------------

COHORT = [
    Person(1, school_id=10, board_id=1, name="An"),
    Person(2, school_id=10, board_id=1, name="Bo"),
    Person(3, school_id=11, board_id=1, name="Cas"),
    Person(4, school_id=12, board_id=2, name="Dirk"),
    Person(5, school_id=13, board_id=None, name="Eva"),
    Person(6, school_id=None, board_id=None, name="Fien"),
]


def codes(groups, **kwargs):
    return [(v.code, v.group, v.people) for v in check_groups(groups, COHORT, **kwargs)]


def test_valid_groups_have_no_violations():
    assert check_groups([[1, 4, 5], [2, 6], [3]], COHORT, min_size=1, max_size=3) == []


def test_someone_missing_or_placed_twice_is_named():
    violations = check_groups([[1, 4, 5], [2, 4, 6]], COHORT, min_size=1, max_size=3)
    assert [(v.code, v.people) for v in violations] == [
        (Code.MISSING, (3,)),
        (Code.PLACED_TWICE, (4,)),
    ]
    assert violations[0].message == _("%(person)s is not in any group.") % {"person": "Cas"}
    assert violations[1].message == _("%(person)s is in more than one group.") % {"person": "Dirk"}


def test_someone_from_outside_the_cohort_is_refused():
    violations = check_groups(
        [[1, 4, 5], [2, 3, 6, 99]], COHORT, min_size=1, max_size=4, labels=["A", "B"]
    )
    assert [(v.code, v.group, v.people) for v in violations] == [
        (Code.UNKNOWN_PERSON, 1, (99,)),
        (Code.SAME_BOARD, 1, (2, 3)),
    ]
    assert violations[0].message == _(
        "Group %(group)s contains %(person)s, who is not in this cohort."
    ) % {"group": "B", "person": "#99"}


def test_groups_outside_the_size_bounds_are_named():
    violations = check_groups([[1, 4, 5, 6], [2], [3]], COHORT, min_size=2, max_size=3)
    assert [(v.code, v.group) for v in violations] == [
        (Code.TOO_LARGE, 0),
        (Code.TOO_SMALL, 1),
        (Code.TOO_SMALL, 2),
    ]
    assert violations[0].message == _(
        "Group %(group)s has %(count)d members; the maximum is %(maximum)d."
    ) % {"group": "1", "count": 4, "maximum": 3}
    assert violations[1].message == ngettext(
        "Group %(group)s has %(count)d member; the minimum is %(minimum)d.",
        "Group %(group)s has %(count)d members; the minimum is %(minimum)d.",
        1,
    ) % {"group": "2", "count": 1, "minimum": 2}


def test_colleagues_of_one_school_are_reported_once_as_a_school_conflict():
    violations = check_groups([[1, 2, 4], [3, 5, 6]], COHORT, min_size=1, max_size=3)
    assert [(v.code, v.people) for v in violations] == [(Code.SAME_SCHOOL, (1, 2))]
    assert violations[0].message == _("In group %(group)s, %(people)s work at the same school.") % {
        "group": "1",
        "people": "An %s Bo" % _("and"),
    }


def test_colleagues_of_one_board_at_different_schools_are_reported():
    violations = check_groups([[1, 2, 3], [4, 5, 6]], COHORT, min_size=1, max_size=3)
    assert [(v.code, v.people) for v in violations] == [
        (Code.SAME_SCHOOL, (1, 2)),
        (Code.SAME_BOARD, (1, 2, 3)),
    ]
    assert violations[1].message == _(
        "In group %(group)s, %(people)s work at schools of the same board."
    ) % {"group": "1", "people": "An, Bo %s Cas" % _("and")}
