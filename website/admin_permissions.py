"""A signed-in person's model permissions on admin pages, kept per content version.

Every Wagtail admin page asks Django's ``ModelBackend`` for the person's permissions (the
admin's access check, the menu, the listing's buttons): two queries on every page, one
for their own permissions and one for their groups'. The content version
(``website.page_cache``) changes with every change to roles and permissions (a group's
permissions, someone's groups or own permissions, a group or permission saved or
deleted; bumped at once and again after the transaction commits), so
``AdminPermissionsMiddleware`` reads both sets from the per-version memory
(``website.content.memo``, one round trip for the version) and hands them to the backend
the way it caches them itself on the user object. A revoked permission is therefore
refused on the next request in every process, as before. Active and superuser status
come from this request's user row: an inactive person gets no permissions (the backend
checks that before its cache), a superuser's set is built separately.
"""

from django.contrib.auth.middleware import get_user
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import SimpleLazyObject

from website import content, page_cache

ADMIN_PREFIX = "/admin/"


def _permission_sets(user):
    from django.contrib.auth.backends import ModelBackend

    # The backend's own queries, on a fresh copy of the user (no cached sets on it).
    fresh = user._meta.model(pk=user.pk, is_active=True, is_superuser=user.is_superuser)
    backend = ModelBackend()
    return (
        frozenset(backend.get_user_permissions(fresh)),
        frozenset(backend.get_group_permissions(fresh)),
    )


def prime_permissions(request):
    """Give ``request.user`` the permission sets of this content version."""
    user = request.user
    if not user.is_authenticated or not user.is_active or hasattr(user, "_perm_cache"):
        return
    own, groups = content.memo(
        request,
        "model_permissions",
        lambda: _permission_sets(user),
        user.pk,
        user.is_superuser,
    )
    # The attributes ModelBackend._get_permissions and get_all_permissions fill.
    user._user_perm_cache = set(own)
    user._group_perm_cache = set(groups)
    user._perm_cache = {*own, *groups}


def _with_roles(request, user):
    """``user``, whose role names (``User.role_names``) are then kept per content version:
    the same changes bump the version as for the permissions."""
    user._roles_request = request
    return user


class AdminPermissionsMiddleware:
    """``prime_permissions`` for the Wagtail admin's pages, and on every page the role
    names of the signed-in person from the per-version memory when a page asks for them
    (a query each time before). Must sit after AuthenticationMiddleware in
    ``MIDDLEWARE``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # AuthenticationMiddleware's own lazy user, with the role names added when loaded.
        request.user = SimpleLazyObject(lambda: _with_roles(request, get_user(request)))
        if request.path_info.startswith(ADMIN_PREFIX):
            prime_permissions(request)
        return self.get_response(request)


# Changes that make the kept sets stale. website.page_cache bumps the content version at
# once for each of them; here it is bumped again after the transaction commits, so a
# request that read the old permissions while the transaction ran cannot keep them under
# the new version.
PERMISSION_MODELS = {"auth.group", "auth.permission"}


def _bump_after_commit():
    transaction.on_commit(page_cache.bump_version, robust=True)


def _on_model_change(sender, **kwargs):
    if sender._meta.label_lower in PERMISSION_MODELS:
        _bump_after_commit()


def _on_link_change(sender, action, **kwargs):
    if sender._meta.label_lower in page_cache.PERMISSION_LINKS and action.startswith("post_"):
        _bump_after_commit()


def connect_signals():
    post_save.connect(_on_model_change, dispatch_uid="admin_permissions_save")
    post_delete.connect(_on_model_change, dispatch_uid="admin_permissions_delete")
    m2m_changed.connect(_on_link_change, dispatch_uid="admin_permissions_links")
