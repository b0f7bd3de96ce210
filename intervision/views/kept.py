"""The group or session a page is about, with what it asks about the visitor, kept per
person.

A group or session page first loads its row with the visitor's membership and trainer
place (``with_viewer``): a query whose subqueries cost more to build than the rest of a
warm request. On a GET that row is kept per person (``course/personal_cache.py``) under the
cohort's scope (the group, its sessions, roles, cases and notes, memberships and the
cohort's trainers bump it: intervision/apps.py), the person's (their roles) and the
content's (methods), so a warm request asks the cache instead. A POST always reads the
database.
"""

from django.core.cache import caches

from course import personal_cache
from website.content import LOCAL


def cohort_of(model, pk, cohort_path):
    """The cohort id of row ``pk`` of ``model`` (``cohort_path`` leads to it), or None when
    there is no such row. Kept in the process's own memory (the ``local`` cache) once found:
    a group never moves to another cohort, nor a session to another group; one query the
    first time."""
    key = f"cohort_of:{model._meta.label}:{pk}"
    local = caches[LOCAL]
    cohort_id = local.get(key)
    if cohort_id is None:
        cohort_id = model._default_manager.filter(pk=pk).values_list(cohort_path, flat=True).first()
        if cohort_id is not None:
            local.set(key, cohort_id, None)
    return cohort_id


def kept_row(request, name, queryset, pk, cohort_path):
    """Row ``pk`` of ``queryset`` (a function giving the page's queryset for the visitor),
    or None when it has none; kept per person on a GET (see the module's docstring).
    ``name`` tells apart pages that load different columns or relations."""
    if request.method not in ("GET", "HEAD"):
        return queryset().filter(pk=pk).first()
    cohort_id = cohort_of(queryset().model, pk, cohort_path)
    if cohort_id is None:
        return None
    user = request.user
    return personal_cache.cached(
        f"{name}:{pk}",
        user,
        [
            personal_cache.cohort_scope(cohort_id),
            personal_cache.user_scope(user.pk),
            personal_cache.CONTENT,
        ],
        lambda: queryset().filter(pk=pk).first(),
    )
