"""The race the unique constraint settles: a participant's double click on the download
issues one certificate with one code, never two."""

import threading

import pytest
from django.db import connection, connections

from course.models import Certificate
from course.services.certificates import issue_certificate

from .certificate_helpers import core_requirements_only  # noqa: F401 (an autouse fixture)

PARALLEL = 10

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writes; run with DATABASE_URL=postgres://… for this race.",
    ),
]


def test_parallel_downloads_issue_one_certificate_with_one_code(finished_cohort, graduate):
    start = threading.Barrier(PARALLEL)
    codes, errors = [], []

    def attempt():
        try:
            start.wait()
            codes.append(issue_certificate(finished_cohort, graduate).code)
        except Exception as error:  # every failure counts against the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(codes) == PARALLEL and len(set(codes)) == 1
    assert Certificate.objects.filter(participant=graduate).count() == 1
