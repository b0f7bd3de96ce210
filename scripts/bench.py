#!/usr/bin/env python
"""`make bench`: serve the demo with gunicorn and measure each page with wrk on loopback.

Steps: migrate a separate benchmark database (SQLite file bench.sqlite3 unless
DATABASE_URL is set), load the demo and the larger data set (seed_demo, seed_bench),
collect static files, start gunicorn (2 workers, debug off, production settings) on a
free loopback port, then run wrk for a fixed time at concurrency 8 against each page and
a bare Django view (the floor), and once more with a single client (concurrency 1: the
service time, steadier than p99 on a shared machine). Prints a table, checks the budgets
and writes JSON to bench-results/latest.json. Exits non-zero when a budget is missed.

Budgets come with each target (bench/targets.py: ``min_ratio`` to the floor's req/s,
``max_p99_ms`` at concurrency 8, ``max_c1_p50_ms`` with one client); without them a public
page needs half the floor's req/s and a logged-in page p99 under 100 ms.
"""

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.process import manage  # noqa: E402 - after the path is set

PY = sys.executable
DURATION = int(os.environ.get("BENCH_SECONDS", "8"))
SINGLE_DURATION = int(os.environ.get("BENCH_SINGLE_SECONDS", "4"))
CONCURRENCY = 8
DEFAULT_BUDGETS = {"public": {"min_ratio": 0.5}, "logged_in": {"max_p99_ms": 100.0}}


def free_port():
    """BENCH_PORT when given (a shared machine hands out port ranges), else any free one."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env():
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "website.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY", "bench-only-" + "k" * 50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_BENCH_FLOOR": "1",
            "DJANGO_STATIC_ROOT": str(BASE_DIR / "bench-results" / "static"),
            "DJANGO_MEDIA_ROOT": str(BASE_DIR / "bench-results" / "media"),
            "DJANGO_EMAIL_FILE_PATH": str(BASE_DIR / "bench-results" / "mail"),
        }
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{BASE_DIR / 'bench.sqlite3'}")
    return env


def ensure_database(url):
    """Create the PostgreSQL benchmark database when it does not exist yet (an existing
    one is reused: migrate and the seed commands are idempotent)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def wait_for(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not start on port {port}")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def target_headers(target):
    headers = dict(target.get("headers", {}))
    if target.get("cookie"):
        headers["Cookie"] = target["cookie"]
    return headers


def first_status(url, headers):
    """One request before the run: warms caches and shows the page answers (200)."""
    request = urllib.request.Request(url, headers=headers)
    try:
        # Generous: on a busy machine the workers may still be starting.
        with urllib.request.build_opener(NoRedirect).open(request, timeout=120) as response:
            return str(response.status)
    except urllib.error.HTTPError as error:
        return str(error.code)


def run_wrk(url, headers, concurrency=CONCURRENCY, duration=DURATION):
    threads = min(2, concurrency)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{concurrency}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run(cmd + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "requests": requests, "errors": errors}


def fmt_ms(value):
    return "–" if value is None else f"{value:.1f}"


def check_budget(result):
    """(met, text) for one measured page against its budgets."""
    budgets = result.get("budget") or DEFAULT_BUDGETS.get(result["kind"], {})
    parts, ok = [], True
    if "min_ratio" in budgets:
        met = result["ratio_to_floor"] >= budgets["min_ratio"]
        parts.append(f"≥{budgets['min_ratio']:.2f}× floor: " + ("met" if met else "MISSED"))
        ok = ok and met
    if "max_p99_ms" in budgets:
        met = result["p99_ms"] < budgets["max_p99_ms"]
        parts.append(f"p99 <{budgets['max_p99_ms']:.0f} ms: " + ("met" if met else "MISSED"))
        ok = ok and met
    if "max_c1_p50_ms" in budgets:
        met = result["c1_p50_ms"] is not None and result["c1_p50_ms"] <= budgets["max_c1_p50_ms"]
        parts.append(
            f"one client p50 ≤{budgets['max_c1_p50_ms']:.0f} ms: " + ("met" if met else "MISSED")
        )
        ok = ok and met
    return ok, "; ".join(parts)


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    env = bench_env()
    print("Preparing the benchmark database and static files ...", flush=True)
    ensure_database(env["DATABASE_URL"])
    # The cache table first: saving pages in migrations already bumps the page cache.
    manage(env, "createcachetable")
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    manage(env, "seed_bench")
    manage(env, "collectstatic", "--noinput")
    targets = json.loads(manage(env, "bench_targets", capture=True))

    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PY).with_name("gunicorn")),
            "website.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        wait_for(port)
        base = f"http://127.0.0.1:{port}"
        results = []
        floor = {"name": "floor (bare view)", "url": "/bench/floor/", "kind": "floor"}
        for target in [floor, *targets]:
            url = base + target["url"]
            headers = target_headers(target)
            check = first_status(url, headers)
            figures = run_wrk(url, headers)
            single = run_wrk(url, headers, concurrency=1, duration=SINGLE_DURATION)
            # No answer within the single-client run (a page slower than its seconds): unknown.
            figures["c1_p50_ms"] = single["p50_ms"] if single["requests"] else None
            figures["c1_rps"] = single["rps"]
            figures["errors"] += single["errors"]
            figures["first_status"] = check
            results.append({**target, **figures})
            print(
                f"  measured {target['name']}: {figures['rps']:.0f} req/s, "
                f"one client p50 {fmt_ms(figures['c1_p50_ms'])} ms",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=20)

    floor = results[0]["rps"]
    rows, missed = [], []
    for r in results:
        r["ratio_to_floor"] = r["rps"] / floor if floor else 0
        ok, budget = check_budget(r)
        if r["errors"] or r["first_status"] not in ("200", "302"):
            ok = False
            budget += f" errors={r['errors']} status={r['first_status']}"
        r["budget_met"] = ok
        if not ok:
            missed.append(r["name"])
        rows.append(
            f"| {r['name']} | {r['rps']:.0f} | {r['ratio_to_floor']:.2f} | {r['p50_ms']:.1f} "
            f"| {r['p99_ms']:.1f} | {fmt_ms(r['c1_p50_ms'])} | {r['errors']} | {budget} |"
        )

    machine = (
        f"{platform.node()}: {os.cpu_count()} cores, {platform.platform()}, "
        f"Python {platform.python_version()}"
    )
    database = env["DATABASE_URL"].split(":", 1)[0]
    print()
    print(
        f"Benchmark: {DURATION}s per page at concurrency {CONCURRENCY}, then {SINGLE_DURATION}s "
        "with one client, "
        f"gunicorn 2 workers, {database}"
    )
    print(f"Machine: {machine}")
    print(
        "| page | req/s | ratio to floor | p50 ms | p99 ms | one client p50 ms | errors | budget |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    out_dir = BASE_DIR / "bench-results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "latest.json").write_text(
        json.dumps(
            {
                "machine": machine,
                "database": database,
                "seconds_per_page": DURATION,
                "concurrency": CONCURRENCY,
                "single_client_seconds": SINGLE_DURATION,
                "results": results,
            },
            indent=2,
        )
    )
    print(f"\nFigures written to {out_dir / 'latest.json'}")
    if missed:
        print("Budgets missed: " + ", ".join(missed))
        return 1
    print("All budgets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
