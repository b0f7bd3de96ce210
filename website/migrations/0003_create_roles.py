"""Create the three role groups with their permissions.

The group names are the values of ``website.models.Role``; if either changes, update the
other. Permissions for models added later are granted by those apps' own migrations.
"""

from django.db import migrations

PARTICIPANT = "Deelnemer"
TRAINER = "Trainer"
COORDINATOR = "Opleidingscoördinator"

ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image", "delete_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document", "delete_document"]),
]
TRAINER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["choose_image"]),
    ("wagtaildocs", "document", ["choose_document"]),
]
COORDINATOR_MODEL_PERMISSIONS = [
    ("website", "siteconfig", ["change_siteconfig"]),
    ("website", "school", ["add_school", "change_school", "view_school"]),
    ("website", "board", ["add_board", "change_board", "view_board"]),
]


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
    )
    return perm


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    participant, _ = Group.objects.get_or_create(name=PARTICIPANT)
    trainer, _ = Group.objects.get_or_create(name=TRAINER)
    coordinator, _ = Group.objects.get_or_create(name=COORDINATOR)

    access_admin = permission(apps, *ADMIN_ACCESS)
    trainer.permissions.add(access_admin)
    coordinator.permissions.add(access_admin)
    for app_label, model, codenames in COORDINATOR_MODEL_PERMISSIONS:
        coordinator.permissions.add(*(permission(apps, app_label, model, c) for c in codenames))

    root_page = Page.objects.filter(depth=1).first()
    if root_page:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=coordinator,
                page=root_page,
                permission=permission(apps, "wagtailcore", "page", codename),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection:
        for group, grants in [(coordinator, COLLECTION_PERMISSIONS), (trainer, TRAINER_COLLECTION_PERMISSIONS)]:
            for app_label, model, codenames in grants:
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=permission(apps, app_label, model, codename),
                    )

    # Wagtail's starter groups would only confuse coordinators next to our three roles.
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[PARTICIPANT, TRAINER, COORDINATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0002_home_page_and_site_config"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
