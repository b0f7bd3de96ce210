"""Allocation of a practice day's preference round: a pure function, no database.

Participants rank up to three time slots. The allocation

- gives each participant at most one slot, and only one of their own choices;
- never fills a slot beyond its capacity;
- never sends a participant to a host at their own school or of their own board;
- maximises, in this order of priority, the number of participants placed in one of
  their choices, then the number of first choices, then second choices, then third
  choices (a lexicographic objective), solved exactly.

It is a maximum-weight bipartite b-matching, solved as a min-cost flow with successive
shortest paths (``website.flow.MinCostFlow``). With N the number of participants, a
placement weighs a bonus of (N+1)³ plus (N+1)² for a first choice, N+1 for a second and
1 for a third. The rank parts of a whole allocation add up to less than N·(N+1)² < (N+1)³,
so one more person placed always outweighs any change in ranks; likewise one more first
choice outweighs any number of second and third choices (at most N·(N+1) + N < (N+1)²),
and one more second choice outweighs any number of third choices. (Before issue 15 there
was no placement bonus: first choices came before placing people, which left people
without a visit who could have had one of their choices.)

Participants who get none of their choices are reported as ``unassigned``; this module
does not push them into any free slot. The coordinator places them by hand in the
allocation view, which offers only slots that are not at their own school or board.

Ties are broken deterministically: participants and slots are processed in order of
their ids, so the same input always gives the same result.
"""

from dataclasses import dataclass, field

from website.flow import MinCostFlow

# The one place that says how many visits a participant ranks; models, forms, services and
# the admin overview all read it from here.
MAX_PREFERENCES = 3


@dataclass(frozen=True)
class Participant:
    id: int
    choices: tuple  # slot ids, first choice first
    school_id: int | None = None
    board_id: int | None = None


@dataclass(frozen=True)
class Slot:
    id: int
    capacity: int
    school_id: int | None = None  # the host's school, if the host is a school
    board_id: int | None = None  # the host's board (or its school's board)


@dataclass
class Allocation:
    assignments: dict = field(default_factory=dict)  # participant id -> slot id
    ranks: dict = field(default_factory=dict)  # participant id -> 1, 2 or 3
    unassigned: list = field(default_factory=list)  # participant ids, ascending

    def count(self, rank):
        return sum(1 for r in self.ranks.values() if r == rank)

    @property
    def counts(self):
        """Number of participants per choice, e.g. ``{1: 40, 2: 12, 3: 5, None: 3}``."""
        result = {rank: self.count(rank) for rank in range(1, MAX_PREFERENCES + 1)}
        result[None] = len(self.unassigned)
        return result


def is_own(participant, slot):
    """True when the slot's host is the participant's own school or board."""
    if participant.school_id is not None and participant.school_id == slot.school_id:
        return True
    return participant.board_id is not None and participant.board_id == slot.board_id


def allocate(participants, slots):
    """Assign participants to slots from their ranked choices; see the module docstring.

    ``participants`` and ``slots`` are iterables of ``Participant`` and ``Slot``. Choices
    of unknown slots, repeated choices, choices beyond the third and choices at the
    participant's own school or board are ignored. Returns an ``Allocation``.
    """
    people = sorted(participants, key=lambda p: p.id)
    slot_list = sorted(slots, key=lambda s: s.id)
    slot_by_id = {s.id: s for s in slot_list}
    n = len(people)
    # If this changes, also update the module docstring's argument for the objective.
    placed_bonus = (n + 1) ** MAX_PREFERENCES
    weights = {
        rank: placed_bonus + (n + 1) ** (MAX_PREFERENCES - rank)
        for rank in range(1, MAX_PREFERENCES + 1)
    }

    # Nodes: 0 = source, 1 = sink, then participants, then slots.
    source, sink = 0, 1
    person_node = {p.id: 2 + i for i, p in enumerate(people)}
    slot_node = {s.id: 2 + n + j for j, s in enumerate(slot_list)}
    graph = MinCostFlow(2 + n + len(slot_list))

    choice_edges = []  # (edge id, participant id, slot id, rank)
    for p in people:
        graph.add_edge(source, person_node[p.id], 1, 0)
        seen = set()
        for rank, slot_id in enumerate(p.choices[:MAX_PREFERENCES], start=1):
            slot = slot_by_id.get(slot_id)
            if slot is None or slot_id in seen or slot.capacity <= 0 or is_own(p, slot):
                continue
            seen.add(slot_id)
            edge = graph.add_edge(person_node[p.id], slot_node[slot_id], 1, -weights[rank])
            choice_edges.append((edge, p.id, slot_id, rank))
    for s in slot_list:
        if s.capacity > 0:
            graph.add_edge(slot_node[s.id], sink, s.capacity, 0)

    # Each augmentation is optimal for its flow value and path costs never decrease, so
    # stop at the first path that would not add weight.
    graph.run(source, sink, only_paying=True)

    result = Allocation()
    for edge, participant_id, slot_id, rank in choice_edges:
        if graph.flow_on(edge):
            result.assignments[participant_id] = slot_id
            result.ranks[participant_id] = rank
    result.unassigned = [p.id for p in people if p.id not in result.assignments]
    return result
