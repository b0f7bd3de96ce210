"""``personal_cache.cached_html``: a cached part with forms carries each request's own CSRF
token, never the token of the request that stored it; and several apps may watch one model."""

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.template import engines
from django.test import RequestFactory

from course import personal_cache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<button>{{ label }}</button></form>'
)


def _request(user, session_token=None):
    request = RequestFactory().get("/")
    request.user = user
    request.META["CSRF_COOKIE"] = session_token or "a" * 32
    return request


def _render(request, calls, label="Boeken"):
    def render(token):
        calls.append(token)
        return FORM.render({"label": label, "csrf_token": token}, request)

    return personal_cache.cached_html(
        "test-form", request, [personal_cache.user_scope(request.user.pk)], render
    )


def _token_in(html):
    return html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_each_request_gets_its_own_csrf_token_from_the_stored_part():
    user = UserFactory()
    calls = []
    first = _render(_request(user, "b" * 32), calls)
    second = _render(_request(user, "c" * 32), calls)

    assert len(calls) == 1, "the second request should have used the stored part"
    assert personal_cache.CSRF_PLACEHOLDER not in first + second
    assert _unmask_cipher_token(_token_in(first)) == "b" * 32
    assert _unmask_cipher_token(_token_in(second)) == "c" * 32


def test_a_bumped_scope_renders_the_part_again():
    user = UserFactory()
    calls = []
    _render(_request(user), calls, label="Boeken")
    personal_cache.bump(personal_cache.user_scope(user.pk))
    html = _render(_request(user), calls, label="Annuleren")

    assert len(calls) == 2
    assert "Annuleren" in html


def test_another_person_never_gets_the_stored_part():
    calls = []
    _render(_request(UserFactory()), calls, label="Van de eerste")
    html = _render(_request(UserFactory()), calls, label="Van de tweede")

    assert "Van de tweede" in html and "Van de eerste" not in html


def test_two_watchers_of_one_model_both_bump_their_scopes():
    from website.models import User

    def first(user):
        return ["test-watch-a"]

    def second(user):
        return ["test-watch-b"]

    personal_cache.watch(User, first)
    personal_cache.watch(User, second)
    try:
        user = UserFactory()
        seen = []
        personal_cache.cached("a", user, ["test-watch-a"], lambda: seen.append("a"))
        personal_cache.cached("b", user, ["test-watch-b"], lambda: seen.append("b"))
        personal_cache.cached("a", user, ["test-watch-a"], lambda: seen.append("a"))
        assert seen == ["a", "b"]

        user.first_name = "Anders"
        user.save()
        personal_cache.cached("a", user, ["test-watch-a"], lambda: seen.append("a"))
        personal_cache.cached("b", user, ["test-watch-b"], lambda: seen.append("b"))
        assert seen == ["a", "b", "a", "b"]
    finally:
        personal_cache._watched[User].remove((first, None))
        personal_cache._watched[User].remove((second, None))


def test_a_part_holding_another_part_is_stored_on_the_first_request():
    """The inner part starts the scope versions the cache had lost; the outer part, computed
    around it, is stored all the same (the practice-day page and its panels)."""
    from django.core.cache import cache

    user = UserFactory()
    scopes = [personal_cache.user_scope(user.pk), personal_cache.CONTENT]
    computed = []

    def outer():
        computed.append("outer")
        return personal_cache.cached("test-inner", user, scopes, lambda: "inner")

    cache.clear()
    personal_cache.cached("test-outer", user, scopes, outer)
    personal_cache.cached("test-outer", user, scopes, outer)
    assert computed == ["outer"]
