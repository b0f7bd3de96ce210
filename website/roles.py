"""Apply the roles' permissions after every ``migrate`` (and test-database flush).

The one place that declares what a role may do in an app is that app's ``AppConfig``:

    role_permissions = {
        "COORDINATOR": {"registration": ["view", "change"], "wagtailadmin.admin": ["access"]},
    }

Keys of the outer dict are ``website.models.Role`` member names; keys of the inner dict are
a model name of the declaring app, or ``"app_label.model"`` for another app's permission;
the values are the actions, so ``["view"]`` on ``registration`` means ``view_registration``.
Applying only ever adds: a permission a coordinator granted by hand in the admin stays.

The page and collection permissions of the website's own roles (Wagtail's page tree and
image/document collections) are applied here too, with the role groups themselves.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

PAGE_ACTIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]
COLLECTION_PERMISSIONS = {
    "COORDINATOR": {
        "wagtailimages.image": ["add", "change", "choose", "delete"],
        "wagtaildocs.document": ["add", "change", "choose", "delete"],
    },
    "TRAINER": {"wagtailimages.image": ["choose"], "wagtaildocs.document": ["choose"]},
}


def _permissions(app_label, grants, using):
    """The Permission rows for ``{model or "app.model": [actions]}`` of ``app_label``."""
    query = Q(pk__in=[])
    for key, actions in grants.items():
        label, _, model = key.rpartition(".")
        label = label or app_label
        if label in {c.label for c in apps.get_app_configs()}:
            # The rows exist only after that app's own post_migrate; make sure they do now.
            create_permissions(apps.get_app_config(label), verbosity=0, using=using)
        query |= Q(
            content_type__app_label=label,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    return Permission.objects.using(using).filter(query)


def role_groups(using="default"):
    """The role groups by Role member name, created when missing."""
    from website.models import Role

    return {
        role.name: Group.objects.using(using).get_or_create(name=role.value)[0] for role in Role
    }


def apply_role_permissions(sender, using="default", **kwargs):
    """post_migrate receiver: grant what ``sender`` (an AppConfig) declares per role."""
    declared = getattr(sender, "role_permissions", None)
    if not declared:
        return
    groups = role_groups(using)
    for role, grants in declared.items():
        groups[role].permissions.add(*_permissions(sender.label, grants, using))
    if sender.label == "website":
        _apply_page_and_collection_permissions(groups, using)


def _apply_page_and_collection_permissions(groups, using):
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.objects.using(using).filter(depth=1).first()
    if root_page is not None:
        for permission in _permissions("wagtailcore", {"page": PAGE_ACTIONS}, using):
            GroupPagePermission.objects.using(using).get_or_create(
                group=groups["COORDINATOR"], page=root_page, permission=permission
            )
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    if root_collection is not None:
        for role, grants in COLLECTION_PERMISSIONS.items():
            for permission in _permissions("", grants, using):
                GroupCollectionPermission.objects.using(using).get_or_create(
                    group=groups[role], collection=root_collection, permission=permission
                )
    # Wagtail's starter groups would only confuse coordinators next to our three roles.
    Group.objects.using(using).filter(
        name__in=["Editors", "Moderators"], user__isnull=True
    ).delete()
