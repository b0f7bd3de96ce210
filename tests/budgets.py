"""Query budgets for the first render after a content change (issue 16), for any page.

"Cold" means: the page was visited before (settings rows, renditions exist), then content
changed, which bumps the content version and so empties the anonymous page cache and
every per-version memory of each process (website/content.py): menu, footer, site,
routes, settings. What is left is what the first visitor after any change pays.

    from tests.budgets import LOGGED_IN_COLD_BUDGET, assert_cold_render_within

    client.force_login(person)
    assert_cold_render_within(client, url, LOGGED_IN_COLD_BUDGET)
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from website import page_cache

PUBLIC_COLD_BUDGET = 10
LOGGED_IN_COLD_BUDGET = 12


def cold_queries(client, url):
    """The queries of one request for ``url`` right after a content change."""
    client.get(url)
    client.get(url)
    page_cache.bump_version()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return queries.captured_queries


def assert_cold_render_within(client, url, budget):
    queries = cold_queries(client, url)
    assert len(queries) <= budget, f"{url}: {len(queries)} queries (budget {budget}):\n" + (
        "\n".join(q["sql"][:160] for q in queries)
    )
    return len(queries)
