"""The checks of `make scale-test` (scripts/scale_test.py), as pure functions.

The script drives 200 simulated participants through the load balancer and afterwards
compares what each client saw with what the database holds and what the mail backend
wrote. Everything here works on plain data (lists and dicts), so tests/bench/test_scale.py
runs it without servers. Each ``check_*`` returns a list of problems (empty: passed) and
the counts it printed figures from.
"""

import email
import email.policy
import math
from collections import Counter
from dataclasses import dataclass, field

#: Django's file mail backend ends every message with this line.
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@dataclass
class Outcome:
    """What one client saw of one action: ``ok`` (it succeeded, with the object's id),
    ``refused`` (the site said no) or ``unknown`` (no answer: a socket error or a 5xx)."""

    email: str
    result: str
    object_id: int | None = None


@dataclass
class Problems:
    messages: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    def add(self, message):
        self.messages.append(message)


def _rows_by_email(rows):
    by_email = {}
    for row in rows:
        by_email.setdefault(row["email"], []).append(row)
    return by_email


def check_once_each(name, outcomes, rows, *, active=lambda row: True, key="id"):
    """Every success a client saw is exactly one active row of that person with the id the
    client was given; a refusal left no active row; nobody has two active rows.

    ``outcomes``: ``Outcome`` per client and attempt (several per client when a client sent
    the same form twice at once, or tried another slot); ``rows``: ``{"id", "email", ...}``
    from the database; ``key``: the row field the client's ``object_id`` names.
    """
    problems = Problems()
    active_rows = _rows_by_email([row for row in rows if active(row)])
    seen = {}
    for outcome in outcomes:
        seen.setdefault(outcome.email, []).append(outcome)
    lost = doubled = 0
    for person, person_rows in active_rows.items():
        if len(person_rows) > 1:
            doubled += len(person_rows) - 1
            problems.add(f"{name}: {person} has {len(person_rows)} active rows")
        if person not in seen:
            doubled += 1
            problems.add(f"{name}: {person} has a row but never saw a success")
    for person, person_outcomes in seen.items():
        ids = {row[key] for row in active_rows.get(person, [])}
        successes = [o for o in person_outcomes if o.result == "ok"]
        unknown = [o for o in person_outcomes if o.result == "unknown"]
        if len(successes) > 1:
            doubled += len(successes) - 1
            problems.add(f"{name}: {person} was told {len(successes)} times that it succeeded")
        for outcome in successes:
            if outcome.object_id is not None and outcome.object_id not in ids:
                lost += 1
                problems.add(f"{name}: {person} was given #{outcome.object_id}, not stored")
        if not successes and ids and not unknown:
            doubled += 1
            problems.add(f"{name}: {person} was refused but has row(s) {sorted(ids)}")
    problems.figures = {
        "succeeded": sum(1 for o in outcomes if o.result == "ok"),
        "refused": sum(1 for o in outcomes if o.result == "refused"),
        "unknown": sum(1 for o in outcomes if o.result == "unknown"),
        "rows": sum(len(r) for r in active_rows.values()),
        "lost": lost,
        "doubled": doubled,
    }
    return problems


def check_limit(name, counts, limits):
    """No group holds more active rows than its limit (``counts``/``limits`` by key)."""
    problems = Problems()
    for key, count in counts.items():
        if count > limits.get(key, 0):
            problems.add(f"{name}: {key} holds {count}, its limit is {limits.get(key, 0)}")
    problems.figures = {
        "groups": len(limits),
        "full": sum(1 for key, limit in limits.items() if counts.get(key, 0) == limit),
    }
    return problems


def parse_mailbox(files):
    """(recipient, subject) of every message in Django's file mail backend's output
    (``files``: the bytes of each file it wrote)."""
    sent = []
    for content in files:
        for chunk in content.split(MAIL_SEPARATOR):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk.lstrip(b"\n"), policy=email.policy.default)
            for recipient in message.get_all("To", []):
                sent.append((str(recipient).strip().lower(), str(message["Subject"]).strip()))
    return sent


def check_mail(expected, sent):
    """Every expected (recipient, subject) arrived exactly once, and nothing else did."""
    problems = Problems()
    want, got = Counter(expected), Counter(sent)
    missing = want - got
    extra = got - want
    for (recipient, subject), count in sorted(missing.items()):
        problems.add(f"mail: {count} x {subject!r} to {recipient} never sent")
    for (recipient, subject), count in sorted(extra.items()):
        problems.add(f"mail: {count} x {subject!r} to {recipient} sent once too often")
    problems.figures = {
        "expected": sum(want.values()),
        "sent": sum(got.values()),
        "missing": sum(missing.values()),
        "doubled": sum(extra.values()),
    }
    return problems


def percentile(values, fraction):
    """The nearest-rank percentile of ``values`` (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def request_figures(requests):
    """Figures of the load: ``requests`` are ``{"status": int|None, "ms": float,
    "retried": 0|1}``; ``None`` is a socket error or a timeout (also after the one retry a
    browser makes when an idle keep-alive connection was closed under it)."""
    server_errors = sum(1 for r in requests if r["status"] is not None and r["status"] >= 500)
    socket_errors = sum(1 for r in requests if r["status"] is None)
    times = [r["ms"] for r in requests]
    return {
        "requests": len(requests),
        "errors_5xx": server_errors,
        "errors_socket": socket_errors,
        "retried": sum(r.get("retried", 0) for r in requests),
        "p50_ms": round(percentile(times, 0.50), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
        "max_ms": round(max(times, default=0.0), 1),
    }


def nginx_site(template, *, https_port, http_port, app_ports, server_name, cert, key):
    """deploy/nginx.conf with loopback ports and a test certificate, everything else as
    committed. Raises ``ValueError`` when a line to replace is no longer in the file, so
    the test never runs a configuration other than the committed one unnoticed."""
    replacements = [
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("server_name opleiding.example.nl;", f"server_name {server_name};"),
        (
            "ssl_certificate     /etc/letsencrypt/live/opleiding.example.nl/fullchain.pem;",
            f"ssl_certificate     {cert};",
        ),
        (
            "ssl_certificate_key /etc/letsencrypt/live/opleiding.example.nl/privkey.pem;",
            f"ssl_certificate_key {key};",
        ),
    ]
    for number, port in enumerate(app_ports, start=1):
        replacements.append((f"server 127.0.0.1:800{number} ", f"server 127.0.0.1:{port} "))
    text = template
    for old, new in replacements:
        if old not in text:
            raise ValueError(f"deploy/nginx.conf no longer contains {old!r}")
        text = text.replace(old, new)
    return text


def drained(site, port):
    """``site`` (an nginx configuration) with the app server on ``port`` marked ``down``:
    after ``nginx -s reload`` new requests go to the other servers, requests in flight
    finish. A release drains a server this way before restarting it, then reloads the
    configuration without ``down``."""
    old = f"server 127.0.0.1:{port} "
    if old not in site:
        raise ValueError(f"no upstream server on port {port}")
    return site.replace(old, f"server 127.0.0.1:{port} down ")
