"""Peer review allocation: a pure function, tested without a database.

The property tests check the rules over many random cohorts against an independent
oracle: the largest number of reviews any allocation can give, computed by brute force
over cuts (for this three-layer network the minimum cut is, over every set S of plans
kept on the source side, N·|plans outside S| + Σ over reviewers of min(room, edges from
S)), so "every plan gets N reviews whenever feasible" is checked without trusting the
flow code.
"""

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from assignments.allocation import (
    REVIEWERS_FULL,
    TOO_FEW_ELIGIBLE,
    Person,
    PlanToReview,
    allocate,
    may_review,
)


def cohort(specs):
    """People from (school, board, group) triples, ids 1..n; everybody wrote a plan."""
    people = [Person(i + 1, s, b, g) for i, (s, b, g) in enumerate(specs)]
    plans = [PlanToReview(100 + p.id, p) for p in people]
    return people, plans


def largest_possible(plans, reviewers, per_plan, cap, existing=(), excluded=()):
    """Most new reviews any allocation can make (brute force over cuts); see module doc."""
    has = Counter(p for p, _r in existing)
    load = Counter(r for _p, r in existing)
    need = {p.id: max(0, per_plan - has[p.id]) for p in plans}
    room = {r.id: max(0, cap - load[r.id]) for r in reviewers}
    blocked = set(existing) | set(excluded)
    edges = {
        p.id: [r.id for r in reviewers if may_review(r, p.author) and (p.id, r.id) not in blocked]
        for p in plans
    }
    best = None
    ids = [p.id for p in plans]
    for size in range(len(ids) + 1):
        for kept in itertools.combinations(ids, size):
            cut = sum(need[p] for p in ids if p not in kept)
            per_reviewer = Counter(r for p in kept for r in edges[p])
            cut += sum(min(room[r], n) for r, n in per_reviewer.items())
            best = cut if best is None else min(best, cut)
    return best


person_spec = st.tuples(
    st.one_of(st.none(), st.integers(1, 4)),  # school
    st.one_of(st.none(), st.integers(1, 3)),  # board
    st.one_of(st.none(), st.integers(1, 2)),  # intervision group
)


def check_rules(result, plans, reviewers, per_plan, cap, existing=()):
    authors = {p.id: p.author for p in plans}
    by_id = {r.id: r for r in reviewers}
    assert len(set(result.pairs)) == len(result.pairs)
    assert not set(result.pairs) & set(existing)
    for plan_id, reviewer_id in result.pairs:
        reviewer = by_id[reviewer_id]
        author = authors[plan_id]
        assert reviewer.id != author.id, "self-review"
        assert reviewer.school_id is None or reviewer.school_id != author.school_id
        assert reviewer.board_id is None or reviewer.board_id != author.board_id
    loads = Counter(r for _p, r in [*existing, *result.pairs])
    assert all(loads[r.id] <= max(cap, Counter(r2 for _p, r2 in existing)[r.id]) for r in reviewers)
    got = Counter(p for p, _r in [*existing, *result.pairs])
    assert all(got[p.id] <= max(per_plan, Counter(p2 for p2, _r in existing)[p.id]) for p in plans)
    short = {s.plan_id: s.missing for s in result.shortfalls}
    for plan in plans:
        assert short.get(plan.id, 0) == max(0, per_plan - got[plan.id])


@settings(max_examples=200, deadline=None)
@given(st.lists(person_spec, min_size=0, max_size=9), st.integers(1, 3))
def test_random_cohorts_keep_every_rule_and_give_every_plan_its_reviews_when_possible(
    specs, per_plan
):
    people, plans = cohort(specs)
    cap = per_plan + 1
    result = allocate(plans, people, per_plan=per_plan)
    check_rules(result, plans, people, per_plan, cap)
    assert len(result.pairs) == largest_possible(plans, people, per_plan, cap)
    if largest_possible(plans, people, per_plan, cap) == per_plan * len(plans):
        assert result.feasible


@settings(max_examples=150, deadline=None)
@given(
    st.lists(person_spec, min_size=2, max_size=8),
    st.integers(1, 3),
    st.data(),
)
def test_a_later_allocation_tops_up_existing_reviews_without_repeating_or_overloading(
    specs, per_plan, data
):
    people, plans = cohort(specs)
    cap = per_plan + 1
    allowed = [(p.id, r.id) for p in plans for r in people if may_review(r, p.author)]
    existing = (
        data.draw(st.lists(st.sampled_from(allowed), unique=True, max_size=6)) if allowed else []
    )
    left = data.draw(st.sets(st.sampled_from([p.id for p in people]), max_size=2))
    # Someone who left is no longer a reviewer and their reviews are not "existing".
    stay = [r for r in people if r.id not in left]
    existing = [(p, r) for p, r in existing if r not in left]
    excluded = [(p.id, r) for p in plans for r in left]
    result = allocate(plans, stay, per_plan=per_plan, existing=existing, excluded=excluded)
    check_rules(result, plans, stay, per_plan, cap, existing)
    assert len(result.pairs) == largest_possible(plans, stay, per_plan, cap, existing, excluded)


@settings(max_examples=50, deadline=None)
@given(st.lists(person_spec, min_size=0, max_size=12), st.integers(1, 3))
def test_the_same_cohort_in_any_order_gives_the_same_pairs(specs, per_plan):
    people, plans = cohort(specs)
    forward = allocate(plans, people, per_plan=per_plan)
    backward = allocate(list(reversed(plans)), list(reversed(people)), per_plan=per_plan)
    assert forward.pairs == backward.pairs
    assert forward.shortfalls == backward.shortfalls


def test_twelve_people_of_different_schools_each_give_and_get_two_reviews():
    people, plans = cohort([(i, i, None) for i in range(1, 13)])
    result = allocate(plans, people)
    assert result.feasible
    assert Counter(p for p, _r in result.pairs) == {p.id: 2 for p in plans}
    assert Counter(r for _p, r in result.pairs) == {r.id: 2 for r in people}


def test_reviewers_outside_ones_intervision_group_are_preferred():
    # Four people of four schools, two groups: each plan can be reviewed by the one
    # other member of its group and by two people of the other group.
    people, plans = cohort([(1, 1, 1), (2, 2, 1), (3, 3, 2), (4, 4, 2)])
    result = allocate(plans, people)
    assert result.feasible
    groups = {p.id: p.group_id for p in people}
    author_group = {p.id: p.author.group_id for p in plans}
    assert all(groups[r] != author_group[p] for p, r in result.pairs)


def test_a_group_member_reviews_when_there_is_nobody_else():
    # Three people, one group: the preference is soft, so they still review each other.
    people, plans = cohort([(1, 1, 1), (2, 2, 1), (3, 3, 1)])
    result = allocate(plans, people)
    assert result.feasible
    assert len(result.pairs) == 6


def test_a_board_with_most_of_the_cohort_leaves_its_plans_short_with_the_reason():
    # Five people of one board and one outsider: each board plan has one eligible reviewer.
    people, plans = cohort([(i, 9, None) for i in range(1, 6)] + [(7, 7, None)])
    result = allocate(plans, people, per_plan=2)
    assert not result.feasible
    board_short = [s for s in result.shortfalls if s.plan_id != 106]
    assert {s.code for s in board_short} == {TOO_FEW_ELIGIBLE}
    assert all(s.eligible == 1 for s in board_short)
    # The outsider can review at most three of the five board plans.
    assert Counter(r for _p, r in result.pairs)[6] == 3


def test_full_reviewers_are_reported_as_such_not_as_too_few_people():
    people, plans = cohort([(1, 1, None), (2, 2, None), (3, 3, None)])
    busy = [(999, 2), (998, 2), (997, 2)]  # reviewer 2 already has three reviews elsewhere
    result = allocate(plans, people, existing=busy)
    short = {s.plan_id: s for s in result.shortfalls}
    assert short and all(s.code == REVIEWERS_FULL for s in short.values())


def test_a_moved_review_never_goes_back_to_the_person_it_was_moved_from():
    people, plans = cohort([(1, 1, None), (2, 2, None), (3, 3, None), (4, 4, None)])
    existing = [(101, 3)]
    result = allocate(plans[:1], people, per_plan=2, existing=existing, excluded=[(101, 2)])
    assert result.pairs == [(101, 4)]


def test_an_empty_cohort_allocates_nothing():
    result = allocate([], [])
    assert result.pairs == [] and result.feasible


def test_sixty_participants_are_allocated_quickly():
    import time

    people, plans = cohort([(i, i // 2, i % 8) for i in range(60)])
    started = time.perf_counter()
    result = allocate(plans, people)
    assert result.feasible
    assert time.perf_counter() - started < 2
