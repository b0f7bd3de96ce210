from django.db import migrations, models


class Migration(migrations.Migration):
    """Only canonical membership numbers (no leading zero); 0007 converted the old ones.

    A migration of its own: PostgreSQL refuses to alter a table with pending trigger
    events from 0007's data changes in the same transaction.
    """

    dependencies = [
        ("course", "0005_canonical_membership_numbers"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="lbbomember",
            constraint=models.CheckConstraint(
                condition=models.Q(("number__startswith", "0"), _negated=True),
                name="member_number_is_canonical",
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(("membership_number__startswith", "0"), _negated=True),
                name="membership_number_is_canonical",
            ),
        ),
    ]
