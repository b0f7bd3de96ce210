"""Per-person parts of logged-in pages, cached until something they show changes.

A cached part (``cached(...)``) is stored with the versions of the *scopes* it depends on:

- ``user_scope(user_id)``: that person's own records (registrations, attendance, bookings,
  plans, reviews, certificates, the account itself);
- ``cohort_scope(cohort_id)``: anything of one cohort (its days, groups, sessions, roles,
  host visits, assignment, grades, presentation schedule);
- ``staff_scope(cohort_id)``: every participant's work of one cohort, which only the
  cohort's staff screens show together;
- ``CONTENT``: site content shown to everybody (course-day pages, schools).

A change bumps the versions of the scopes it touches (``bump``), so the next request finds
the stored part outdated and computes it again. Models are *watched*: every app calls
``watch(Model, scopes)`` in its ``AppConfig.ready()`` with a function that says which scopes
one saved or deleted instance touches (the core never imports a feature app; the feature
registers itself, see course/hooks.py). Services that write with ``QuerySet.update()`` or
``bulk_create()`` (which send no signals) call ``bump`` themselves.

Versions are random tokens, not counters: a version key that the cache evicted comes back
with a new token, so a stored part can never match by accident. A bump happens at once and
again after the transaction commits, so a request that read the old data while the
transaction ran cannot store it under the new version.

Time-driven changes (a deadline passing, the next course day) are covered by the date in
the key and by ``TIMEOUT``.
"""

import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

#: Safety net for changes that come with time, not with a write (a deadline passing).
TIMEOUT = 300
CONTENT = "content"
_PREFIX = "personal"


def user_scope(user_id):
    return f"user:{user_id}"


def cohort_scope(cohort_id):
    return f"cohort:{cohort_id}"


def staff_scope(cohort_id):
    """What only the cohort's staff screens show together: every participant's work (plans,
    reviews, markings, grades, extensions). Apart from ``cohort_scope`` so that a
    participant's autosave does not outdate the cohort's parts on everybody's pages."""
    return f"staff:{cohort_id}"


def _version_key(scope):
    return f"{_PREFIX}:v:{scope}"


def _new_tokens(scopes):
    cache.set_many({_version_key(scope): secrets.token_hex(8) for scope in scopes}, None)


def bump(*scopes):
    """Make every cached part that depends on one of ``scopes`` outdated.

    Side effect: new version tokens now and, inside a transaction, again after it commits.
    """
    scopes = {scope for scope in scopes if scope}
    if not scopes:
        return
    _new_tokens(scopes)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _new_tokens(scopes), robust=True)


def cached(name, user, scopes, compute, *, timeout=TIMEOUT):
    """The value of ``compute()`` for ``user``, from the cache while ``scopes`` are unchanged.

    The key holds the part's name, the user, the language and today's date; the value must
    be picklable and must not hold a CSRF token (it is shown on later requests). One cache
    round trip on a hit. ``timeout`` may be a function, asked after ``compute()``: for a
    part that turns wrong at a moment only the computation knows (the next session ending),
    ``lambda: seconds_until(moment)``.
    """
    key = "%s:%s:%s:%s:%s" % (
        _PREFIX,
        name,
        user.pk,
        translation.get_language(),
        timezone.localdate().isoformat(),
    )
    version_keys = [_version_key(scope) for scope in sorted(set(scopes))]
    found = cache.get_many([key, *version_keys])
    versions = tuple(found.get(k) for k in version_keys)
    stored = found.get(key)
    if stored is not None and stored[0] == versions and None not in versions:
        return stored[1]
    if None in versions:
        versions = _start_versions(version_keys, versions)
    value = compute()
    if callable(timeout):
        timeout = timeout()
    if None not in versions and timeout > 0:
        cache.set(key, (versions, value), timeout)
    return value


def _start_versions(version_keys, versions):
    """``versions`` with the evicted or never set ones started, before the part is computed:
    a bump while it is computed still makes it outdated, and a part computed inside it
    (nested ``cached``) may start the same scopes without making this one unstorable.
    When another request started one first, its token is read (None if gone again)."""
    started = []
    for version_key, version in zip(version_keys, versions, strict=True):
        if version is None:
            token = secrets.token_hex(8)
            version = token if cache.add(version_key, token, None) else cache.get(version_key)
        started.append(version)
    return tuple(started)


def seconds_until(moment):
    """A ``timeout`` for ``cached()``: the seconds until ``moment`` (an aware datetime, or
    None for no such moment), at most ``TIMEOUT``; 0 when it has passed (nothing stored)."""
    if moment is None:
        return TIMEOUT
    return min(TIMEOUT, max(0, int((moment - timezone.now()).total_seconds())))


#: Stands in for the CSRF token in a cached fragment; only letters, so no escaping alters it.
CSRF_PLACEHOLDER = "csrfPlaceholderQm7Rk2Vx"


def cached_html(name, request, scopes, render, *, timeout=TIMEOUT):
    """HTML from ``render(csrf_token)``, cached per person like ``cached()``, for parts that
    hold forms: ``render`` gets a placeholder to use as the template's ``csrf_token``, and
    every request puts its own token in its place, so a stored part never carries one.

    ``render`` is typically ``lambda token: render_to_string(name, {..., "csrf_token":
    token}, request)`` (a value in the context wins over the context processors').
    """
    html = cached(
        name, request.user, scopes, lambda: str(render(CSRF_PLACEHOLDER)), timeout=timeout
    )
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our templates, autoescaped there


# --- Watching models -------------------------------------------------------------------

_watched = {}
_created_quietly = set()


def watch(model, scopes, *, on_create=True, fields=None):
    """Bump ``scopes(instance)`` whenever an instance of ``model`` is saved or deleted (and
    when its many-to-many relations change). ``scopes`` returns an iterable of scope names;
    it may query the database, but only a fixed number of times. ``on_create=False`` for a
    record that a cached part creates itself on first use (the calendar link). Several apps
    may watch one model (the core watches a user's own scope, a feature app the scopes of
    the groups that show that user's name): the scopes of all of them are bumped.
    ``fields``: the only fields this watcher's parts show; a save limited to other fields
    (``update_fields``, e.g. the last login) does not ask it."""
    functions = _watched.setdefault(model, [])
    entry = (scopes, frozenset(fields) if fields is not None else None)
    if entry not in functions:
        functions.append(entry)
    if not on_create:
        _created_quietly.add(model)
    uid = f"personal_cache:{model._meta.label}"
    post_save.connect(_changed, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(_changed, sender=model, weak=False, dispatch_uid=uid + ":delete")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            _m2m_changed,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}:{field.name}",
        )


def scopes_through(model, field, *scopes):
    """For ``watch()``: a function of a primary key of ``model`` that gives each of
    ``scopes`` applied to ``field`` of that row (one query; none when the row is gone). For
    a record that knows its cohort or person only through another row, e.g. a visit slot
    through its host visit: ``of_visit = scopes_through(HostVisit, "cohort_id",
    cohort_scope, visits_scope)`` and ``watch(VisitSlot, lambda slot:
    of_visit(slot.host_visit_id))``."""

    def found(pk):
        values = model._default_manager.filter(pk=pk).values_list(field, flat=True)
        return [scope(value) for value in values for scope in scopes]

    return found


def _scopes_of(instance, update_fields=None):
    for cls in type(instance).__mro__:
        if cls in _watched:
            return {
                scope
                for scopes, fields in _watched[cls]
                if fields is None or update_fields is None or fields & set(update_fields)
                for scope in scopes(instance)
            }
    return set()


def _changed(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    if raw or (created and sender in _created_quietly):
        return
    bump(*_scopes_of(instance, update_fields))


def _m2m_changed(sender, instance, action, pk_set, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    scopes = _scopes_of(instance)
    # The other side of the relation: e.g. a cohort's trainers, seen from each user.
    for pk in pk_set or ():
        scopes |= _scopes_of(model(pk=pk))
    bump(*scopes)
