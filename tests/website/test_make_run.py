"""``make run`` on SQLite, as a newcomer meets it: the tests otherwise run on PostgreSQL,
so a query SQLite refuses (an ORDER BY inside a UNION once broke ``seed_demo``) would reach
main unseen. This runs the same commands on a fresh SQLite file, then signs in as each demo
login and follows their pages' links (``scripts/smoke_demo.py``)."""

import json
import os
import subprocess
import sys

from django.conf import settings

BASE_DIR = settings.BASE_DIR


def _run(database, *args, timeout=300):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{database}")
    result = subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


def test_make_run_seeds_sqlite_and_every_demo_login_gets_their_pages(tmp_path):
    database = tmp_path / "demo.sqlite3"
    _run(database, "manage.py", "migrate", "--noinput")
    logins = _run(database, "manage.py", "seed_demo")
    assert "deelnemer@example.nl" in logins

    report = json.loads(_run(database, "scripts/smoke_demo.py", "--limit", "25"))
    for email, seen in report.items():
        assert seen["landing"] == "/mijn-opleiding/", email
        assert seen["failures"] == [], email
        assert seen["statuses"].get("200", 0) >= 1, email
    # The staff logins reach well beyond their first page.
    assert report["trainer@example.nl"]["statuses"]["200"] >= 20
    assert report["coordinator@example.nl"]["statuses"]["200"] >= 20
