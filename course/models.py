"""Course models (pages, cohorts, attendance) arrive with issue 4."""
