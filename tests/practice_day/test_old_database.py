from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from practice_day.checks import OLD_MIGRATION, old_practice_day_tables


def test_a_fresh_database_passes_the_old_database_check(db):
    assert old_practice_day_tables(None, databases=["default"]) == []


def test_a_database_from_before_the_practice_day_app_is_refused_with_advice(db):
    MigrationRecorder(connection).record_applied(*OLD_MIGRATION)
    errors = old_practice_day_tables(None, databases=["default"])
    assert [error.id for error in errors] == ["practice_day.E001"]
    assert "delete db.sqlite3" in errors[0].hint
