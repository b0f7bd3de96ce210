"""Profile the logged-in participant pages in-process: time per request and queries.

Run against the seeded benchmark database (``make bench`` seeds it, or ``manage.py
seed_demo`` and ``seed_bench``), with production-like settings (debug off)::

    DJANGO_DEBUG=0 DJANGO_SECRET_KEY=... DATABASE_URL=... \\
        .venv/bin/python scripts/profile_pages.py [--runs 50] [--profile NAME] [--sql NAME]

For each participant page of ``bench/targets.py`` it prints the median and minimum time of
``--runs`` warm requests through Django's test client (no network, no gunicorn), the median
CPU time of this process (steadier than wall time on a busy machine; the database's own
time is not in it), and the
number of queries of a warm request and of the cold first one (caches cleared), and the
number of Python function calls of one warm request (cProfile's count: the same whatever
else the machine does, so the yardstick to compare two versions of the code on a shared
machine).
``--coordinator`` profiles the coordinator's pages of ``bench/targets.py`` instead (with
``--email coordinator@example.nl``).
``--profile NAME`` prints a cProfile of that page (cumulative, top 40); ``--sql NAME``
prints its queries.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings")


def main():
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import targets as bench_targets
    from website.models import User

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile")
    parser.add_argument("--sql")
    parser.add_argument("--email", default="deelnemer@example.nl")
    parser.add_argument("--only")
    parser.add_argument(
        "--coordinator",
        action="store_true",
        help="profile bench/targets.py's coordinator_targets (use with a staff --email)",
    )
    args = parser.parse_args()

    user = User.objects.get(email=args.email)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    if args.coordinator:
        targets = bench_targets.coordinator_targets(user, None)
    else:
        targets = bench_targets.participant_targets(user, None)
    if args.only:
        targets = [t for t in targets if args.only in t["name"]]
    print(
        f"{'page':40} {'median ms':>9} {'min ms':>7} {'cpu ms':>6} {'queries':>7} {'cold q':>6}"
        f" {'calls':>7}"
    )
    for target in targets:
        url = target["url"]
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        # captured_queries reads the connection's log lazily: copy before the next request.
        cold = list(cold.captured_queries)
        client.get(url)
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        warm = list(warm.captured_queries)
        counter = cProfile.Profile()
        counter.enable()
        client.get(url)
        counter.disable()
        calls = sum(row[1] for row in pstats.Stats(counter).stats.values())
        times, cpu = [], []
        for _n in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        print(
            f"{target['name']:40} {statistics.median(times):9.2f} {min(times):7.2f}"
            f" {statistics.median(cpu):6.2f}"
            f" {len(warm):7d} {len(cold):6d} {calls:7d}"
        )
        if args.sql and args.sql in target["name"]:
            for q in cold if os.environ.get("COLD") else warm:
                print("   ", q["time"], q["sql"][:300])
        if args.profile and args.profile in target["name"]:
            profiler = cProfile.Profile()
            profiler.enable()
            for _n in range(args.runs):
                client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
