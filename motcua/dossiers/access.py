"""Which units may see a dossier: the one rule, kept as rows (`DossierAccess`) so that asking it
costs an index range instead of a scan of every dossier and its history.

A unit may see a dossier it received, the one it holds now, and any it handed the dossier to or
took it from (any history event to or from the unit). A person sees the dossiers of the units
where they hold the view permission (accounts.permissions); administrators see every dossier.

The rows are written with the dossier: at intake (`dossier_receive`), after every move
(`dossier_transition`, which also marks them inactive when the dossier reaches a final stage), and
by the bulk import of a simulated year (motcua.demo.simulation_bulk, through `units_seeing`);
migration 0004 filled them for existing dossiers.
"""

from collections.abc import Iterable

from motcua.dossiers.constants import FINAL_STAGES


def units_seeing(
    receiving_unit_id: int | None,
    current_unit_id: int | None,
    event_units: Iterable[tuple[int | None, int | None]],
) -> set[int]:
    """The units that may see a dossier, from its receiving unit, its current unit and the
    (from_unit, to_unit) of each of its history events."""
    named = [receiving_unit_id, current_unit_id]
    for from_unit, to_unit in event_units:
        named += (from_unit, to_unit)
    return {unit for unit in named if unit is not None}


def is_active(stage: str) -> bool:
    """Still today's work: not returned, refused or stopped."""
    return stage not in FINAL_STAGES
