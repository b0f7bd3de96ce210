"""Peer review allocation for the final assignment: a pure function, no database.

When the submission deadline passes, every submitted plan gets ``per_plan`` reviews
(N, default 2) from fellow participants. The allocation

- never gives anyone their own plan;
- never gives anyone a plan by someone of their own school or their own board (unknown
  schools and boards never match);
- never gives a reviewer more than ``max_per_reviewer`` reviews (N+1 unless told
  otherwise), counting the reviews they already have;
- gives every plan N reviews whenever the cohort allows it (a maximum flow, so it never
  fails where a cleverer choice would have succeeded);
- among those, makes as few pairs as possible inside one intervision group (a soft
  preference: people in one group already read each other's work), and then spreads the
  reviews as evenly as possible over the reviewers.

It is a minimum-cost maximum flow (``website.flow.MinCostFlow``): source -> plan (capacity
N minus the reviews it already has), plan -> eligible reviewer (capacity 1; cost
``SAME_GROUP`` inside one group), reviewer -> sink in unit steps whose cost grows with the
reviewer's load (convex costs, so the cheapest flow is the most even one). ``SAME_GROUP``
is larger than the largest possible sum of load costs, so one pair fewer inside a group
always outweighs any amount of evenness.

The same function serves the first allocation and every later one (a late plan, a reviewer
who left or has not started): ``existing`` pairs count towards a plan's N and a reviewer's
load and are never repeated, and ``excluded`` pairs are never made (a review moved away
does not come back to the person it was moved from).

What cannot be done is reported per plan in ``shortfalls``: how many reviews are missing
and whether the plan has too few eligible reviewers at all or the eligible ones are full.

Deterministic: plans and reviewers are sorted by id before the graph is built and the flow
scans edges in that order, so the same input always gives the same pairs.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext

from website.flow import MinCostFlow

DEFAULT_PER_PLAN = 2


@dataclass(frozen=True)
class Person:
    """A participant: a plan's author or a possible reviewer."""

    id: int
    school_id: int | None = None
    board_id: int | None = None
    group_id: int | None = None  # intervision group, if any


@dataclass(frozen=True)
class PlanToReview:
    id: int
    author: Person


TOO_FEW_ELIGIBLE = "too_few_eligible"
REVIEWERS_FULL = "reviewers_full"


@dataclass(frozen=True)
class Shortfall:
    """A plan that could not get all its reviews, and why (``code``)."""

    plan_id: int
    missing: int
    eligible: int  # people who may review it at all (whatever their load), existing included
    code: str  # TOO_FEW_ELIGIBLE or REVIEWERS_FULL

    def message(self, plan_label):
        """A sentence for the trainer, e.g. on the progress page or in an email."""
        if self.code == TOO_FEW_ELIGIBLE:
            return ngettext(
                "%(plan)s is missing %(count)s review: too few fellow participants may review "
                "it (not the author, nobody of the author's school or board).",
                "%(plan)s is missing %(count)s reviews: too few fellow participants may review "
                "it (not the author, nobody of the author's school or board).",
                self.missing,
            ) % {"plan": plan_label, "count": self.missing}
        return ngettext(
            "%(plan)s is missing %(count)s review: everyone who may review it already has "
            "the most reviews allowed. Add a review by hand.",
            "%(plan)s is missing %(count)s reviews: everyone who may review it already has "
            "the most reviews allowed. Add reviews by hand.",
            self.missing,
        ) % {"plan": plan_label, "count": self.missing}


@dataclass
class Allocation:
    pairs: list = field(default_factory=list)  # new (plan id, reviewer id), sorted
    shortfalls: list = field(default_factory=list)  # Shortfall per plan still short, by plan id

    @property
    def feasible(self):
        return not self.shortfalls

    def reviewers_of(self, plan_id):
        return [r for p, r in self.pairs if p == plan_id]


def may_review(reviewer, author):
    """True when ``reviewer`` may review a plan by ``author`` (both ``Person``).

    Never one's own plan and never a plan by someone of one's own school or board. The
    trainer's hand-made reviews obey this rule too (``assignments.services.reviews``).
    """
    if reviewer.id == author.id:
        return False
    if reviewer.school_id is not None and reviewer.school_id == author.school_id:
        return False
    return not (reviewer.board_id is not None and reviewer.board_id == author.board_id)


def same_group(reviewer, author):
    return reviewer.group_id is not None and reviewer.group_id == author.group_id


def allocate(
    plans,
    reviewers,
    *,
    per_plan=DEFAULT_PER_PLAN,
    max_per_reviewer=None,
    existing=(),
    excluded=(),
):
    """Choose reviewers for ``plans``; see the module docstring.

    ``plans``: iterable of ``PlanToReview``; ``reviewers``: iterable of ``Person`` (the
    people who may take new reviews). ``existing``: (plan id, reviewer id) pairs already
    assigned, which may name reviewers not in ``reviewers`` (someone who left keeps no
    load here; the caller passes only the pairs that stay). ``excluded``: pairs never to
    make. Returns an ``Allocation`` with only the new pairs.
    """
    if max_per_reviewer is None:
        max_per_reviewer = per_plan + 1
    plan_list = sorted(plans, key=lambda p: p.id)
    people = sorted(reviewers, key=lambda r: r.id)
    existing = set(existing)
    excluded = set(excluded) | existing
    has = {p.id: 0 for p in plan_list}
    load = {r.id: 0 for r in people}
    for plan_id, reviewer_id in existing:
        if plan_id in has:
            has[plan_id] += 1
        if reviewer_id in load:
            load[reviewer_id] += 1

    need = {p.id: max(0, per_plan - has[p.id]) for p in plan_list}
    units = sum(need.values())
    room = {r.id: max(0, max_per_reviewer - load[r.id]) for r in people}
    # The largest possible sum of load costs: every unit at the highest load. One pair
    # fewer inside an intervision group must outweigh it.
    same_group_cost = units * (max_per_reviewer + 1) + 1

    source, sink = 0, 1
    plan_node = {p.id: 2 + i for i, p in enumerate(plan_list)}
    person_node = {r.id: 2 + len(plan_list) + j for j, r in enumerate(people)}
    graph = MinCostFlow(2 + len(plan_list) + len(people))
    candidate_edges = []  # (edge id, plan id, reviewer id)
    eligible = {}
    for plan in plan_list:
        eligible[plan.id] = has[plan.id]
        if need[plan.id]:
            graph.add_edge(source, plan_node[plan.id], need[plan.id], 0)
        for person in people:
            if not may_review(person, plan.author) or (plan.id, person.id) in excluded:
                continue
            eligible[plan.id] += 1
            if need[plan.id] and room[person.id]:
                cost = same_group_cost if same_group(person, plan.author) else 0
                edge = graph.add_edge(plan_node[plan.id], person_node[person.id], 1, cost)
                candidate_edges.append((edge, plan.id, person.id))
    for person in people:
        for step in range(room[person.id]):
            graph.add_edge(person_node[person.id], sink, 1, load[person.id] + step)

    graph.run(source, sink)

    result = Allocation()
    for edge, plan_id, reviewer_id in candidate_edges:
        if graph.flow_on(edge):
            result.pairs.append((plan_id, reviewer_id))
            has[plan_id] += 1
    result.pairs.sort()
    for plan in plan_list:
        missing = per_plan - has[plan.id]
        if missing > 0:
            code = TOO_FEW_ELIGIBLE if eligible[plan.id] < per_plan else REVIEWERS_FULL
            result.shortfalls.append(Shortfall(plan.id, missing, eligible[plan.id], code))
    return result


def describe(shortfalls, labels):
    """Sentences for the trainer, one per plan; ``labels`` maps plan id -> how to name it."""
    return [s.message(labels.get(s.plan_id, gettext("a plan"))) for s in shortfalls]
