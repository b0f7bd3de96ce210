from django.utils import translation
from django.utils.translation import gettext_lazy

from website.errors import ActionRefused


def test_a_refused_action_reads_as_its_sentence_in_the_active_language():
    error = ActionRefused(gettext_lazy("This visit is full."), code="full")

    with translation.override("nl"):
        assert str(error) == "Dit bezoek is vol."
    with translation.override("en"):
        assert str(error) == "This visit is full."
    assert error.code == "full"
