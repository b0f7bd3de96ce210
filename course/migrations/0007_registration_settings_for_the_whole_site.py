"""RegistrationSettings becomes a generic setting: one row for the whole installation.

The row of the default site (else the oldest row) is kept with its values; rows of other
sites, if any, are removed before the site column goes. Reversible: going back attaches
the one row to the default site again.
"""

import django.db.models.deletion
from django.db import migrations, models


def keep_one_row(apps, schema_editor):
    RegistrationSettings = apps.get_model("course", "RegistrationSettings")
    rows = RegistrationSettings.objects.order_by("pk")
    keep = rows.filter(site__is_default_site=True).first() or rows.first()
    if keep is not None:
        rows.exclude(pk=keep.pk).delete()


def attach_to_default_site(apps, schema_editor):
    RegistrationSettings = apps.get_model("course", "RegistrationSettings")
    Site = apps.get_model("wagtailcore", "Site")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    rows = RegistrationSettings.objects.order_by("pk")
    keep = rows.first()
    if site is None or keep is None:
        rows.delete()  # a site setting cannot exist without a site
        return
    rows.exclude(pk=keep.pk).delete()
    rows.update(site=site)


def site_field(null):
    return models.OneToOneField(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.CASCADE,
        to="wagtailcore.site",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("course", "0006_membership_number_constraints"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(keep_one_row, migrations.RunPython.noop),
        migrations.AlterField("registrationsettings", "site", site_field(null=True)),
        migrations.RunPython(migrations.RunPython.noop, attach_to_default_site),
        migrations.RemoveField(model_name="registrationsettings", name="site"),
    ]
