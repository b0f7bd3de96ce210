"""A task for tests/test_production_postgres.py: slow enough to kill its worker mid-way.

It writes ``start`` to a marker file, waits, then writes ``done``; killed in between, the
marker holds only ``start`` until another run finishes it.
"""

import time
from pathlib import Path

from website.tasks import background


@background(max_attempts=1)
def slow_step(marker, seconds):
    path = Path(marker)
    with path.open("a") as out:
        out.write("start\n")
    time.sleep(seconds)
    with path.open("a") as out:
        out.write("done\n")
    return "done"
