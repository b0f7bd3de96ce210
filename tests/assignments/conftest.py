import pytest

from .factories import add_rubric, assignment_in, enrol


@pytest.fixture
def assignment(db):
    assignment = assignment_in("writing")
    add_rubric(assignment, criteria=4, levels=3)
    return assignment


@pytest.fixture
def author(assignment):
    return enrol(assignment.cohort)


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client
