"""Give the coordinator group the permissions for registrations and their tools.

Same pattern as ``website/migrations/0003_create_roles.py``; the group name is
``website.models.Role.COORDINATOR``.
"""

from django.db import migrations

COORDINATOR = "Opleidingscoördinator"

COORDINATOR_MODEL_PERMISSIONS = [
    ("course", "registration", ["view_registration", "change_registration"]),
    ("course", "registrationlog", ["view_registrationlog"]),
    ("course", "lbbomember", ["add_lbbomember", "view_lbbomember"]),
    (
        "course",
        "incompanyrequest",
        ["view_incompanyrequest", "change_incompanyrequest", "delete_incompanyrequest"],
    ),
    ("course", "registrationsettings", ["change_registrationsettings"]),
]


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
    )
    return perm


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    coordinator, _ = Group.objects.get_or_create(name=COORDINATOR)
    for app_label, model, codenames in COORDINATOR_MODEL_PERMISSIONS:
        coordinator.permissions.add(*(permission(apps, app_label, model, c) for c in codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinator = Group.objects.filter(name=COORDINATOR).first()
    if coordinator is None:
        return
    for app_label, model, codenames in COORDINATOR_MODEL_PERMISSIONS:
        coordinator.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=codenames,
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("course", "0004_registration_pricing_waiting_list_incompany"),
        ("website", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
