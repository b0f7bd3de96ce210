"""Intervision groups: the suggestion and the rules, pure functions without a database.

The rules for a cohort's groups live in ``check_groups``, the one place the trainer's
suggestion ("groepen voorstellen") and their manual moves are checked:

- everybody of the cohort is in exactly one group, and nobody else is;
- each group has between ``min_size`` and ``max_size`` members; a cohort smaller than
  ``min_size`` forms one group;
- no two people of the same school or the same board are in one group (so a director is
  never in a group with their own ib'er).

``suggest_groups`` proposes groups that keep those rules whenever the cohort allows it:

1. The number of groups k: sizes are balanced (they differ by at most one), so every
   size is within the bounds exactly when ``k·min_size <= n <= k·max_size``. Among those
   k it takes one with at least as many groups as the largest school or board has
   people (otherwise two of them must share a group), with sizes closest to the middle of
   the bounds; fewer groups on a tie. When no such k exists the conflicts are unavoidable
   and it takes the most groups within the bounds, spreading the clusters furthest.
   When no k fits the bounds at all (4 to 5 per group and 11 people), it never exceeds
   ``max_size`` and lets some groups fall below ``min_size``; ``check_groups`` names them.
2. A greedy assignment, largest school/board clusters first, each person to the smallest
   group without a colleague (the smallest group with the fewest colleagues when there
   is none), never growing a group past the balanced sizes. When schools belong to one
   board each (the real data), the clusters are disjoint cliques and this alone places
   a cluster of c <= k people in c different groups while keeping sizes balanced.
3. A bounded local search (swaps, and moves that keep the sizes balanced) that lowers
   the number of colleague pairs further, for data where a school's people belong to
   different boards.

What is still broken afterwards is reported as ``violations`` (the same list
``check_groups`` gives), so the trainer sees a clear message. The result depends only on
the input, not on its order: people are sorted by id first and there is no randomness.
"""

import enum
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext

MAX_IMPROVEMENT_PASSES = 20


@dataclass(frozen=True)
class Person:
    id: int
    school_id: int | None = None
    board_id: int | None = None
    name: str = ""

    @property
    def label(self):
        return self.name or "#%s" % self.id

    def is_colleague_of(self, other):
        """Same school or same board (unknown schools and boards never match)."""
        return (self.school_id is not None and self.school_id == other.school_id) or (
            self.board_id is not None and self.board_id == other.board_id
        )


class Code(enum.StrEnum):
    MISSING = "missing"
    PLACED_TWICE = "placed_twice"
    UNKNOWN_PERSON = "unknown_person"
    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"
    SAME_SCHOOL = "same_school"
    SAME_BOARD = "same_board"


@dataclass(frozen=True)
class Violation:
    code: Code
    message: str  # translated, in the active language
    group: int | None = None  # index into the groups
    people: tuple = ()  # person ids, ascending


@dataclass
class GroupSuggestion:
    groups: list = field(default_factory=list)  # lists of person ids
    violations: list = field(default_factory=list)

    @property
    def conflicts(self):
        """The violations of the school and board rule."""
        return [v for v in self.violations if v.code in (Code.SAME_SCHOOL, Code.SAME_BOARD)]


def suggest_groups(people, *, min_size=4, max_size=8):
    """Groups for ``people`` (``Person`` objects), see the module docstring.

    Returns a ``GroupSuggestion``: the groups as lists of ids (ascending, groups ordered
    by their first id) and the violations that remain. Raises ValueError for impossible
    bounds or duplicate ids.
    """
    _check_bounds(min_size, max_size)
    people = sorted(people, key=lambda p: p.id)
    if len({p.id for p in people}) != len(people):
        raise ValueError("Every person must have a unique id.")
    if not people:
        return GroupSuggestion()

    school_sizes = Counter(p.school_id for p in people if p.school_id is not None)
    board_sizes = Counter(p.board_id for p in people if p.board_id is not None)

    def cluster_size(person):
        return max(school_sizes.get(person.school_id, 1), board_sizes.get(person.board_id, 1))

    count = group_count(len(people), min_size, max_size, max(cluster_size(p) for p in people))
    members = _assign_greedily(people, count, cluster_size)
    _improve(members)
    groups = sorted(sorted(p.id for p in group) for group in members)
    return GroupSuggestion(
        groups, check_groups(groups, people, min_size=min_size, max_size=max_size)
    )


def group_count(n, min_size, max_size, largest_cluster=1):
    """The number of groups for ``n`` people (see step 1 of the module docstring)."""
    if n < min_size:
        return 1
    fewest, most = -(-n // max_size), n // min_size
    if fewest > most:
        return fewest
    fitting = [k for k in range(fewest, most + 1) if k >= largest_cluster]
    if not fitting:
        return most
    middle = (min_size + max_size) / 2
    return min(fitting, key=lambda k: (abs(n / k - middle), k))


def _assign_greedily(people, count, cluster_size):
    base, larger = divmod(len(people), count)  # `larger` groups get base + 1 members
    groups = [[] for _ in range(count)]
    order = sorted(
        people,
        key=lambda p: (-cluster_size(p), _sort_key(p.board_id), _sort_key(p.school_id), p.id),
    )
    for person in order:
        full = sum(1 for g in groups if len(g) > base)
        open_groups = [
            i for i, g in enumerate(groups) if len(g) < base or (len(g) == base and full < larger)
        ]
        best = min(
            open_groups,
            key=lambda i: (_colleagues(person, groups[i]), len(groups[i]), i),
        )
        groups[best].append(person)
    return groups


def _sort_key(value):
    return (value is None, value if value is not None else 0)


def _colleagues(person, group):
    return sum(1 for other in group if other is not person and person.is_colleague_of(other))


def _improve(groups):
    """Swap people (or move one from a larger to a smaller group, which keeps the sizes
    balanced) while that lowers the number of colleague pairs; bounded passes."""
    for _ in range(MAX_IMPROVEMENT_PASSES):
        improved = False
        for here, group in enumerate(groups):
            for person in list(group):
                now = _colleagues(person, group)
                if now == 0:
                    continue
                best = (0, None, None)  # (change, target group, person to swap with)
                for there, other in enumerate(groups):
                    if there == here:
                        continue
                    if len(group) > len(other):
                        change = _colleagues(person, other) - now
                        best = min(best, (change, there, None), key=lambda b: b[0])
                    for partner in other:
                        change = (
                            _without(person, other, partner)
                            + _without(partner, group, person)
                            - now
                            - _colleagues(partner, other)
                        )
                        best = min(best, (change, there, partner), key=lambda b: b[0])
                change, there, partner = best
                if change < 0:
                    group.remove(person)
                    groups[there].append(person)
                    if partner is not None:
                        groups[there].remove(partner)
                        group.append(partner)
                    improved = True
        if not improved:
            return


def _without(person, group, leaving):
    """Colleagues ``person`` would have in ``group`` once ``leaving`` has left it."""
    return _colleagues(person, group) - (1 if person.is_colleague_of(leaving) else 0)


def check_groups(groups, people, *, min_size=4, max_size=8, labels=None):
    """What breaks the group rules (module docstring), as a list of ``Violation``.

    ``groups`` holds lists of person ids, ``people`` the cohort's ``Person`` objects,
    ``labels`` optional names for the groups in messages (default 1, 2, 3, …). An empty
    list means the groups may be published.
    """
    _check_bounds(min_size, max_size)
    by_id = {p.id: p for p in people}
    labels = list(labels) if labels is not None else [str(i + 1) for i in range(len(groups))]
    violations = []
    placed = Counter(pid for group in groups for pid in group)

    for person in sorted(by_id.values(), key=lambda p: p.id):
        if not placed[person.id]:
            violations.append(
                Violation(
                    Code.MISSING,
                    gettext("%(person)s is not in any group.") % {"person": person.label},
                    people=(person.id,),
                )
            )
        elif placed[person.id] > 1:
            violations.append(
                Violation(
                    Code.PLACED_TWICE,
                    gettext("%(person)s is in more than one group.") % {"person": person.label},
                    people=(person.id,),
                )
            )

    alone = len(by_id) < min_size and len(groups) == 1
    for index, group in enumerate(groups):
        label = labels[index]
        for pid in group:
            if pid not in by_id:
                violations.append(
                    Violation(
                        Code.UNKNOWN_PERSON,
                        gettext("Group %(group)s contains %(person)s, who is not in this cohort.")
                        % {"group": label, "person": "#%s" % pid},
                        group=index,
                        people=(pid,),
                    )
                )
        size = len(group)
        if size < min_size and not alone:
            violations.append(
                Violation(
                    Code.TOO_SMALL,
                    ngettext(
                        "Group %(group)s has %(count)d member; the minimum is %(minimum)d.",
                        "Group %(group)s has %(count)d members; the minimum is %(minimum)d.",
                        size,
                    )
                    % {"group": label, "count": size, "minimum": min_size},
                    group=index,
                )
            )
        elif size > max_size:
            violations.append(
                Violation(
                    Code.TOO_LARGE,
                    gettext("Group %(group)s has %(count)d members; the maximum is %(maximum)d.")
                    % {"group": label, "count": size, "maximum": max_size},
                    group=index,
                )
            )
        violations.extend(
            _colleague_violations(index, label, [by_id[p] for p in group if p in by_id])
        )
    return violations


def _colleague_violations(index, label, members):
    by_school, by_board = defaultdict(list), defaultdict(list)
    for person in sorted(members, key=lambda p: p.id):
        if person.school_id is not None:
            by_school[person.school_id].append(person)
        if person.board_id is not None:
            by_board[person.board_id].append(person)
    found = [
        _group_violation(
            Code.SAME_SCHOOL,
            gettext("In group %(group)s, %(people)s work at the same school."),
            index,
            label,
            same,
        )
        for same in by_school.values()
        if len(same) > 1
    ]
    for same in by_board.values():
        # Colleagues of one school are reported once, as a school conflict.
        schools = {p.school_id if p.school_id is not None else ("none", p.id) for p in same}
        if len(schools) > 1:
            found.append(
                _group_violation(
                    Code.SAME_BOARD,
                    gettext("In group %(group)s, %(people)s work at schools of the same board."),
                    index,
                    label,
                    same,
                )
            )
    return found


def _group_violation(code, message, index, label, people):
    return Violation(
        code,
        message % {"group": label, "people": _names(people)},
        group=index,
        people=tuple(p.id for p in people),
    )


def _names(people):
    return get_text_list([p.label for p in people], gettext("and"))


def _check_bounds(min_size, max_size):
    if min_size < 1 or max_size < min_size:
        raise ValueError("Group sizes need 1 <= min_size <= max_size.")
