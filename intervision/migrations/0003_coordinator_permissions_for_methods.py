"""Let coordinators maintain the method library and the intervision settings.

Same pattern as ``course/migrations/0005_coordinator_permissions_for_registrations.py``; the
group name is ``website.models.Role.COORDINATOR``. Coordinators get no permission on cases,
notes or reflections: those stay with the group and its trainer.
"""

from django.db import migrations

COORDINATOR = "Opleidingscoördinator"

COORDINATOR_MODEL_PERMISSIONS = [
    ("intervision", "method", ["add_method", "change_method", "view_method", "delete_method"]),
    ("intervision", "intervisionsettings", ["change_intervisionsettings"]),
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
                content_type__app_label=app_label, content_type__model=model, codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("intervision", "0002_method_library"),
        ("website", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
