"""The final assignment's forms, one module per topic (plans.py, reviews.py)."""
