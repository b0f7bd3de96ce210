"""A URL reversed once for the rows of a table: Django's ``reverse()`` costs about as much
as rendering a whole table row, so a page with a link per row reverses the URL once with
a placeholder for the row's key and puts each row's key in its place."""

from django.urls import reverse

# Stands in for the row's key (a valid value for an ``<int:...>`` converter).
PK_PLACEHOLDER = "2147483647"


class KeyedURL:
    """``KeyedURL("app:view", cohort_id)(plan_id)`` is ``reverse("app:view",
    args=[cohort_id, plan_id])``: the last argument is the row's key, a whole number."""

    def __init__(self, viewname, *args):
        self.pattern = reverse(viewname, args=[*args, PK_PLACEHOLDER])

    def __call__(self, key):
        return self.pattern.replace(PK_PLACEHOLDER, str(int(key)))
