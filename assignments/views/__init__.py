"""The final assignment's public views, one module per topic (plans.py, reviews.py, progress.py)."""
