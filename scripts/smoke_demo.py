"""Sign in as each demo login and follow the links of their pages: what `make run` serves.

Run against a database that ``seed_demo`` filled (``make run`` does), with the same
settings::

    DJANGO_DEBUG=1 DATABASE_URL=sqlite:///demo.sqlite3 .venv/bin/python scripts/smoke_demo.py

Each login signs in through the real login form, then follows every link on its pages
under ``PREFIXES`` (at most ``--limit`` per login), breadth first. Prints one JSON object:
per login the landing path and the answers by status code, and every path that did not
answer 200 or a redirect. ``tests/website/test_make_run.py`` runs it on SQLite.
"""

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings")

LOGINS = [
    "deelnemer@example.nl",
    "directeur@example.nl",
    "trainer@example.nl",
    "coordinator@example.nl",
    "femke.jansen@example.nl",
    "oud-deelnemer@example.nl",
]
PASSWORD = "oefenen-2026"
PREFIXES = ("/mijn-opleiding/", "/praktijkdag/", "/certificaat/")
HREF = re.compile(r'href="(/[^"#?]*)"')


def crawl(email, limit):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    landing = response.headers.get("Location", "")
    statuses, failures = Counter(), []
    queue, seen = ["/mijn-opleiding/"], {"/mijn-opleiding/"}
    while queue and sum(statuses.values()) < limit:
        path = queue.pop(0)
        response = client.get(path)
        statuses[response.status_code] += 1
        if response.status_code not in (200, 301, 302):
            failures.append([path, response.status_code])
            continue
        if response.status_code != 200 or "text/html" not in response.headers["Content-Type"]:
            continue
        for link in HREF.findall(response.content.decode()):
            if link.startswith(PREFIXES) and link not in seen:
                seen.add(link)
                queue.append(link)
    return {"landing": landing, "statuses": dict(statuses), "failures": failures}


def main():
    import django

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=40, help="pages per login")
    args = parser.parse_args()
    django.setup()
    print(json.dumps({email: crawl(email, args.limit) for email in LOGINS}))


if __name__ == "__main__":
    main()
