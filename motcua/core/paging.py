"""Paginators for lists whose full count is either already known or too dear to take."""

from typing import TypeVar

from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.utils.functional import cached_property

# Past this many rows a list is narrowed by its filters, not paged through: counting a unit's
# whole history (millions of dossiers) on every page would cost more than showing the page.
COUNT_CAP = 10_000

Row = TypeVar("Row", bound=Model)


class CountedPaginator(Paginator[Row]):
    """Pages of a list whose length the caller has already counted (e.g. with other lists in
    one query), so it is not counted again."""

    def __init__(self, object_list: QuerySet[Row], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


class CappedPaginator(Paginator[Row]):
    """Counts at most `cap` rows: `count` is exact when `exact`, else a lower bound (`cap`), and
    the pages end there."""

    def __init__(
        self, object_list: QuerySet[Row], per_page: int, *, cap: int | None = None
    ) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list  # the paginator's own object_list is typed as a sequence
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        return self.queryset.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def exact(self) -> bool:
        return self._counted <= self.cap
