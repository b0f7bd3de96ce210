"""The shipped incident method's example of a disguised advice said "heb je al eens": the
site says "u" everywhere (issue 15). Only the unedited text changes; a coordinator's own
wording stays."""

from django.db import migrations

OLD = "geen verkapte adviezen als 'heb je al eens ...?'."
NEW = "geen verkapte adviezen als 'hebt u al eens ...?'."


def say_u(apps, schema_editor):
    MethodStep = apps.get_model("intervision", "MethodStep")
    for step in MethodStep.objects.filter(explanation__contains=OLD):
        step.explanation = step.explanation.replace(OLD, NEW)
        step.save(update_fields=["explanation"])


def say_je(apps, schema_editor):
    MethodStep = apps.get_model("intervision", "MethodStep")
    for step in MethodStep.objects.filter(explanation__contains=NEW):
        step.explanation = step.explanation.replace(NEW, OLD)
        step.save(update_fields=["explanation"])


class Migration(migrations.Migration):
    dependencies = [("intervision", "0002_method_library")]

    operations = [migrations.RunPython(say_u, say_je)]
