"""Refuse to migrate a database from before the practice day became its own app."""

from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

# Until the practice day moved to its own app, its tables came from this course migration.
OLD_MIGRATION = ("course", "0006_practice_day_host_visits_bookings")


@register(Tags.database)
def old_practice_day_tables(app_configs, databases=None, **kwargs):
    """An error when a database still holds the practice-day tables of course 0006.

    The project was not in production when they moved, so there is no data migration: the
    old local database is thrown away. ``migrate`` runs database checks first, so ``make run``
    stops here with this message instead of failing later on leftover tables.
    """
    errors = []
    for alias in databases or []:
        recorder = MigrationRecorder(connections[alias])
        if not recorder.has_table():
            continue
        if recorder.migration_qs.filter(app=OLD_MIGRATION[0], name=OLD_MIGRATION[1]).exists():
            errors.append(
                Error(
                    "This database was made by an older version, in which the practice day "
                    "was part of the course app.",
                    hint="It holds demo data only: delete db.sqlite3 (or the database in "
                    "DATABASE_URL) and run `make run` again to start afresh.",
                    id="practice_day.E001",
                )
            )
    return errors
