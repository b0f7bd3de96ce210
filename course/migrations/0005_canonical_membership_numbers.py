"""Store membership numbers in their canonical form (no leading zeros), then enforce it.

Before this, "0118470" and "118470" counted as different numbers, so one member could get
the discount twice in a cohort. Where canonicalising shows such a second discount, it is
withdrawn and logged, as ``reject_membership`` would; the coordinator sees it in the log.
"""

from django.conf import settings
from django.db import migrations


def canonicalise(apps, schema_editor):
    LbboMember = apps.get_model("course", "LbboMember")
    Registration = apps.get_model("course", "Registration")
    RegistrationLog = apps.get_model("course", "RegistrationLog")

    seen = set()
    for member in LbboMember.objects.order_by("pk"):
        canonical = member.number.lstrip("0")
        if not canonical or canonical in seen:
            member.delete()
            continue
        seen.add(canonical)
        if canonical != member.number:
            member.number = canonical
            member.save(update_fields=["number"])

    # First withdraw second discounts, then canonicalise: in that order no update ever
    # meets the one-discount-per-number constraint halfway.
    discounted = set()
    rows = list(Registration.objects.exclude(membership_number="").order_by("created_at", "pk"))
    for registration in rows:
        canonical = registration.membership_number.lstrip("0")
        key = (registration.cohort_id, canonical)
        if registration.status == "cancelled" or registration.discount <= 0:
            continue
        if canonical and key not in discounted:
            discounted.add(key)
            continue
        RegistrationLog.objects.create(
            registration=registration,
            kind="price",
            old_discount=registration.discount,
            new_discount=0,
            old_total=registration.total,
            new_total=registration.course_fee,
            reason="membership number already used for a discount in this cohort",
        )
        Registration.objects.filter(pk=registration.pk).update(
            discount=0, total=registration.course_fee, membership_status="rejected"
        )
    for registration in rows:
        canonical = registration.membership_number.lstrip("0")
        if canonical != registration.membership_number:
            Registration.objects.filter(pk=registration.pk).update(membership_number=canonical)


class Migration(migrations.Migration):
    dependencies = [
        ("course", "0004_registration_pricing_waiting_list_incompany"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(canonicalise, migrations.RunPython.noop),
    ]
