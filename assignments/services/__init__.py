"""Rules that touch more than one row, one module per topic (assignments.py, plans.py, ...)."""
