"""What a unit's papers print, read up the unit tree: its place name, the agency it belongs to and
that agency's head; and the unit a person signs for."""

from motcua.accounts.constants import UnitKind
from motcua.accounts.models import Membership, Unit, User
from motcua.accounts.permissions import units_by_id
from motcua.core.reference import generation

# Units that are an agency (cơ quan) of their own. The others (a phòng, the Bộ phận Một cửa, the
# Văn thư) act in the name of the agency above them: a late phòng's apology is the Sở's.
AGENCY_KINDS = {
    UnitKind.PROVINCE_COMMITTEE,
    UnitKind.DEPARTMENT,
    UnitKind.SERVICE_CENTRE,
    UnitKind.EXTERNAL_AGENCY,
}


def unit_line(unit: Unit) -> list[Unit]:
    """`unit` and the units above it, nearest first (from the reference cache)."""
    units = units_by_id(generation())
    line: list[Unit] = []
    current: Unit | None = units.get(unit.pk, unit)
    while current is not None and current not in line:
        line.append(current)
        current = units.get(current.parent_id) if current.parent_id else None
    return line


def unit_place_name(unit: Unit | None) -> str:
    """The place name (địa danh) the unit's papers are dated at: its own, else its nearest
    ancestor's ('' when no unit above it has one)."""
    if unit is None:
        return ""
    return next((u.place_name for u in unit_line(unit) if u.place_name), "")


def unit_agency(unit: Unit) -> Unit:
    """The agency (cơ quan) `unit` is, or belongs to."""
    line = unit_line(unit)
    return next((u for u in line if u.kind in AGENCY_KINDS), line[-1])


def unit_head(unit: Unit) -> User | None:
    """The person configured as the unit's head (thủ trưởng), if any."""
    return User.objects.filter(pk=unit.head_id).first() if unit.head_id else None


def unit_signed_for(user: User | None, *candidates: Unit | None) -> Unit | None:
    """The unit `user` acted for: the first candidate (or a unit above it, as a Sở's director
    acts over its phòng) where the user holds a role; else the user's oldest role's unit."""
    if user is None:
        return None
    held = list(
        Membership.objects.filter(user=user).order_by("id").values_list("unit_id", flat=True)
    )
    for candidate in candidates:
        if candidate is None:
            continue
        for unit in unit_line(candidate):
            if unit.pk in held:
                return unit
    return units_by_id(generation()).get(held[0]) if held else None
