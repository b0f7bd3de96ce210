"""A paginator for the Wagtail admin's listings that spares the COUNT query on page one.

Wagtail's paginator counts the rows (``SELECT COUNT(*)``, with every join of the listing's
query) before it fetches the page. A coordinator mostly looks at the first page of a
cohort, which fits on it; ``FirstPageCountingPaginator`` fetches page one first, with one
row more than fits: when that extra row is not there, the rows it got are the count and
the page, in one query. Otherwise (a longer listing) it counts as before and still uses
the rows it already has for page one. Other pages are paginated as before.
"""

from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator


class FirstPageCountingPaginator(WagtailPaginator):
    _wanted = None
    _first_rows = None

    def get_page(self, number):
        self._wanted = number
        return super().get_page(number)

    @cached_property
    def count(self):
        if self._wanted in (None, "", 1, "1") and hasattr(self.object_list, "query"):
            rows = list(self.object_list[: self.per_page + self.orphans + 1])
            self._first_rows = rows[: self.per_page]
            if len(rows) <= self.per_page + self.orphans:
                self._first_rows = rows
                return len(rows)
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        if number == 1 and self._first_rows is not None:
            return self._get_page(self._first_rows, number, self)
        return super().page(number)
