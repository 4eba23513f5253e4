"""Reads of the catalog for the portal, the back office and the API."""

from collections.abc import Sequence
from datetime import date
from typing import overload

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from motcua.catalog.constants import PublicationStatus
from motcua.catalog.fields import field_key
from motcua.catalog.models import Component, Field, Procedure, ProcedureCase, ProcessStep
from motcua.catalog.search import rank

_CHILDREN = (
    Prefetch(
        "cases",
        queryset=ProcedureCase.objects.order_by("order").prefetch_related(
            Prefetch("steps", queryset=ProcessStep.objects.select_related("unit").order_by("order"))
        ),
    ),
    "fees",
    Prefetch("components", queryset=Component.objects.select_related("case").order_by("order")),
)


def procedure_with_children(pk: int) -> Procedure:
    return (
        Procedure.objects.select_related("field", "implementing_unit")
        .prefetch_related(*_CHILDREN)
        .get(pk=pk)
    )


def procedures_in_force(on: date | None = None) -> QuerySet[Procedure]:
    """Procedures a citizen can use on `on` (today by default): published, not abolished,
    within their effective dates."""
    on = on or timezone.localdate()
    return (
        Procedure.objects.exclude(publication_status=PublicationStatus.ABOLISHED)
        .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
    )


def procedure_public(code: str) -> Procedure | None:
    """One procedure with everything the detail page shows, or None."""
    return (
        procedures_in_force()
        .select_related("field", "implementing_unit")
        .prefetch_related(*_CHILDREN)
        .filter(code=code)
        .first()
    )


class RankedProcedures(Sequence[Procedure]):
    """Procedures in a given order, loaded with their cases only for the slice a page shows."""

    def __init__(self, pks: list[int]) -> None:
        self.pks = pks

    def __len__(self) -> int:
        return len(self.pks)

    @overload
    def __getitem__(self, index: int) -> Procedure: ...
    @overload
    def __getitem__(self, index: slice) -> list[Procedure]: ...
    def __getitem__(self, index: int | slice) -> Procedure | list[Procedure]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        wanted = self.pks[index]
        rows = Procedure.objects.select_related("field").prefetch_related("cases")
        found = rows.in_bulk(wanted)
        return [found[pk] for pk in wanted]


def procedures_matching(
    *, q: str = "", field: str = "", level: str = "", online_level: str = ""
) -> RankedProcedures:
    """Procedures in force matching the filters, ranked against `q` (by code without `q`)."""
    found = procedures_in_force()
    if field:  # any spelling of the field finds its procedures
        named = field_named(field)
        found = found.filter(field=named) if named is not None else found.none()
    if level:
        found = found.filter(level=level)
    if online_level:
        found = found.filter(online_level=online_level)
    if not q.strip():
        return RankedProcedures(list(found.order_by("code").values_list("pk", flat=True)))
    hits = rank(q, list(found.values_list("pk", "search_text")))
    return RankedProcedures([hit.key for hit in hits])


def field_named(name: str) -> Field | None:
    """The field `name` means: the one spelled the same way (catalog.fields.field_key), or the
    one it is a recorded synonym of; None for a field the catalog does not have yet."""
    key = field_key(name)
    return (
        Field.objects.filter(key=key).first() or Field.objects.filter(synonyms__key=key).first()
        if key
        else None
    )


def fields_in_use() -> QuerySet[Field]:
    return Field.objects.filter(procedures__in=procedures_in_force()).distinct().order_by("name")
