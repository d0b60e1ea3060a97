"""A paginator for searches over a large table: it counts at most ``cap`` matches, so a common word searched
in 200,000 catalogue entries does not count 20,000 rows on every page (the pager then says “超过 N 条”)."""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    cap = 2000

    @cached_property
    def count(self) -> int:
        """The matches, counted up to ``cap + 1`` (``SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1)``),
        without the list's ordering and annotations: a sliced query keeps them, and the database would sort
        the matches and compute each row's annotations only to count them."""
        return int(self.object_list.order_by().values("pk")[: self.cap + 1].count())

    @property
    def capped(self) -> bool:
        return self.count > self.cap
