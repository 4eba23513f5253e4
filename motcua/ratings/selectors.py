"""Satisfaction per unit and per officer, for the back office."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.ratings.constants import Satisfaction
from motcua.ratings.models import Rating


@dataclass
class Tally:
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Satisfaction.values, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied_percent(self) -> float | None:
        """Share of Rất hài lòng + Hài lòng (None without ratings)."""
        if not self.total:
            return None
        happy = self.counts[Satisfaction.VERY_SATISFIED] + self.counts[Satisfaction.SATISFIED]
        return round(100 * happy / self.total, 1)


def satisfaction_tallies(dossiers: QuerySet[Dossier]) -> tuple[list[Tally], list[Tally]]:
    """(per receiving unit, per officer who acted on the dossier) over rated `dossiers`."""
    ratings = Rating.objects.filter(dossier__in=dossiers).select_related("dossier__receiving_unit")
    by_unit: dict[int, Tally] = {}
    by_officer: dict[int, Tally] = {}
    actors: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for dossier_id, actor_id, label in DossierEvent.objects.filter(
        dossier__rating__in=ratings, actor__isnull=False, actor__is_staff=True
    ).values_list("dossier_id", "actor_id", "actor_label"):
        actors[dossier_id].add((actor_id, label))
    for rating in ratings:
        unit = rating.dossier.receiving_unit
        by_unit.setdefault(unit.pk, Tally(unit.name)).counts[rating.satisfaction] += 1
        for actor_id, label in actors[rating.dossier_id]:
            by_officer.setdefault(actor_id, Tally(label)).counts[rating.satisfaction] += 1
    order = lambda t: (-t.total, t.name)  # noqa: E731
    return sorted(by_unit.values(), key=order), sorted(by_officer.values(), key=order)
