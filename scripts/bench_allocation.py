"""Time the practice-day allocation on a realistic size: 60 participants, 15 hosts.

Run from the project root:  .venv/bin/python scripts/bench_allocation.py [participants] [hosts]

Pure Python, no database: ``course.allocation`` has no Django imports. Preferences are
skewed (a few popular hosts), so the allocation has real conflicts to resolve.
"""

import pathlib
import random
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from practice_day.allocation import Participant, Slot, allocate  # noqa: E402


def instance(n_people, n_hosts, seed=2026):
    rng = random.Random(seed)
    slots, slot_id = [], 1
    for host in range(n_hosts):
        for _ in range(rng.choice([1, 2])):
            slots.append(Slot(slot_id, rng.randint(3, 5), school_id=host, board_id=host // 3))
            slot_id += 1
    while sum(s.capacity for s in slots) < n_people:  # total capacity >= participants
        s = slots[rng.randrange(len(slots))]
        slots[slots.index(s)] = Slot(s.id, s.capacity + 1, s.school_id, s.board_id)
    weights = [1 / (i + 1) ** 0.8 for i in range(len(slots))]  # popular hosts first
    people = []
    for p in range(n_people):
        school = rng.randrange(n_hosts * 3)  # some participants work at a host school
        choices = []
        while len(choices) < 3:
            pick = rng.choices(slots, weights)[0].id
            if pick not in choices:
                choices.append(pick)
        people.append(Participant(1000 + p, tuple(choices), school_id=school, board_id=school // 3))
    return people, slots


def main():
    n_people = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    n_hosts = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    people, slots = instance(n_people, n_hosts)
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        result = allocate(people, slots)
        runs.append(time.perf_counter() - start)
    again = allocate(people, slots)
    counts = result.counts
    print(
        f"{n_people} participants, {n_hosts} hosts, {len(slots)} slots, "
        f"{sum(s.capacity for s in slots)} places"
    )
    print(f"1st: {counts[1]}  2nd: {counts[2]}  3rd: {counts[3]}  unassigned: {counts[None]}")
    median_ms, max_ms = statistics.median(runs) * 1000, max(runs) * 1000
    print(f"time per allocation, {len(runs)} runs: median {median_ms:.1f} ms, max {max_ms:.1f} ms")
    print("deterministic:", again.assignments == result.assignments)


if __name__ == "__main__":
    main()
