"""The presentation day's schedule as pure functions: no database, no translation.

``generate`` lays the participants' presentations out over the rooms; ``find_conflicts``
is the one check of a schedule, used for a generated schedule and for every change by hand
(``assignments.services.presentation``). A schedule is valid when no two slots share a
participant or a trainer at the same time, two slots in one room leave the changeover
between them, and every slot lies within the day's hours.

Slots and rooms are identified by whatever hashable keys the caller uses (database ids in
the service, small integers in the property test).
"""

import datetime
from dataclasses import dataclass

#: Kinds of conflict, stable codes the service turns into sentences.
ROOM = "room"
PARTICIPANT = "participant"
TRAINER = "trainer"
OUTSIDE_DAY = "outside_day"
EMPTY = "empty"


@dataclass(frozen=True)
class Slot:
    key: object
    room: object
    participant: object
    trainer: object  # None: nobody assigned yet, never a conflict
    starts: datetime.datetime
    ends: datetime.datetime

    def overlaps(self, other, gap=datetime.timedelta(0)):
        """True when the two intervals, each widened by ``gap`` at its end, intersect."""
        return self.starts < other.ends + gap and other.starts < self.ends + gap


@dataclass(frozen=True)
class Conflict:
    kind: str
    slot: Slot
    other: Slot | None = None


class DoesNotFit(Exception):
    """The participants need more time than the day has in its rooms."""

    def __init__(self, needed_rooms):
        super().__init__(needed_rooms)
        self.needed_rooms = needed_rooms


def find_conflicts(slots, *, day_starts, day_ends, changeover):
    """Every conflict in ``slots`` (an iterable of ``Slot``), in a deterministic order.

    Each pair is reported once. ``changeover`` (a timedelta) must lie between two slots in
    the same room; a participant or a trainer only must not be in two places at once.
    """
    slots = sorted(slots, key=lambda s: (s.starts, str(s.room), str(s.key)))
    conflicts = []
    for slot in slots:
        if slot.ends <= slot.starts:
            conflicts.append(Conflict(EMPTY, slot))
        elif slot.starts < day_starts or slot.ends > day_ends:
            conflicts.append(Conflict(OUTSIDE_DAY, slot))
    # Sorted by start: once a later slot starts after this one ends (plus the changeover),
    # no slot after it can overlap either, so the scan stays near-linear for a real day.
    for index, slot in enumerate(slots):
        for other in slots[index + 1 :]:
            if other.starts >= slot.ends + changeover:
                break
            if slot.room == other.room and slot.overlaps(other, changeover):
                conflicts.append(Conflict(ROOM, slot, other))
            if not slot.overlaps(other):
                continue
            if slot.participant == other.participant:
                conflicts.append(Conflict(PARTICIPANT, slot, other))
            if slot.trainer is not None and slot.trainer == other.trainer:
                conflicts.append(Conflict(TRAINER, slot, other))
    # A participant with two slots that do not overlap is still one presentation too many.
    seen = {}
    for slot in slots:
        first = seen.setdefault(slot.participant, slot)
        if first is not slot and not first.overlaps(slot):
            conflicts.append(Conflict(PARTICIPANT, first, slot))
    return conflicts


def generate(participants, rooms, *, day_starts, day_ends, length, changeover):
    """A schedule without conflicts: ``participants`` (keys, in the order to present) over
    ``rooms`` (a list of ``(room_key, trainer_key_or_None)``), filling the rooms side by
    side from ``day_starts``: the first presentation in every room, then the second, ...

    Slot keys are the participants' keys. Raises ``DoesNotFit`` when the day is too short
    for everyone in these rooms, and ``ValueError`` without rooms. Rooms that share a
    trainer are given to that trainer one at a time (``find_conflicts`` would refuse the
    same trainer in two rooms at once), so such rooms count as one.
    """
    if not rooms:
        raise ValueError("no rooms")
    if length <= datetime.timedelta(0):
        raise ValueError("length must be positive")
    step = length + changeover
    per_room = 0
    moment = day_starts
    while moment + length <= day_ends:
        per_room += 1
        moment += step
    # Rooms with the same trainer take turns: group them into "tracks", one per trainer
    # (or per room without a trainer); a track runs one presentation at a time.
    tracks = []
    by_trainer = {}
    for room, trainer in rooms:
        if trainer is None:
            tracks.append([(room, trainer)])
        elif trainer in by_trainer:
            by_trainer[trainer].append((room, trainer))
        else:
            by_trainer[trainer] = [(room, trainer)]
            tracks.append(by_trainer[trainer])
    participants = list(participants)
    capacity = per_room * len(tracks)
    if len(participants) > capacity:
        needed = -(-len(participants) // per_room) if per_room else len(participants)
        raise DoesNotFit(needed)
    slots = []
    for index, participant in enumerate(participants):
        track = tracks[index % len(tracks)]
        position = index // len(tracks)
        # Inside a track the rooms take turns, so consecutive slots of one trainer differ
        # in room only when the track has several; times never overlap within a track.
        room, trainer = track[position % len(track)]
        starts = day_starts + position * step
        slots.append(Slot(participant, room, participant, trainer, starts, starts + length))
    return slots
