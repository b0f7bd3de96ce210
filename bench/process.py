"""Running the site's management commands from the bench scripts (scripts/bench.py,
scripts/scale_test.py): plain subprocess, no Django import, so the scripts can use it
before the environment they hand the command is complete."""

import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def manage(env, *args, capture=False):
    """Run ``manage.py *args`` with ``env`` (the current interpreter, from the checkout);
    raise on a non-zero exit. Returns its standard output when ``capture``, else None
    (the output is discarded)."""
    result = subprocess.run(  # noqa: S603 - our own manage.py, arguments from the scripts
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    return result.stdout
