"""The shipped intervision methods address the reader as "u" (issue 15)."""

import pytest

from intervision.models import MethodStep
from tests.language import informal_words

pytestmark = pytest.mark.django_db


def test_the_shipped_method_steps_say_u():
    steps = MethodStep.objects.all()
    assert steps.exists()
    for step in steps:
        assert informal_words(f"{step.title} {step.explanation}") == [], step.title
