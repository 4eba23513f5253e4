"""Who may do what, and where: the one place permissions are decided.

A permission is granted to a role; a role is held in a unit (Membership) and reaches that unit
and every unit below it. Administrators hold every permission everywhere. Views, the admin and
the API all ask `has_perm` (or `units_with_perm`) and nothing else.
"""

from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from motcua.accounts.constants import Role
from motcua.accounts.models import Membership, Unit, User
from motcua.core.reference import CACHE, generation


class Perm:
    """Permission names, grouped by what they guard."""

    CATALOG_EDIT = "catalog.edit"  # change, import, publish procedures
    CATALOG_EXPORT = "catalog.export"
    CALENDAR_EDIT = "calendar.edit"  # add or remove holidays and make-up days
    UNITS_MANAGE = "accounts.manage"  # units, users, roles
    AUDIT_READ = "audit.read"
    BACKOFFICE = "backoffice.enter"  # any staff screen
    DOSSIER_VIEW = "dossier.view"  # see dossiers of one's units, with personal data
    DOSSIER_RECEIVE = "dossier.receive"  # counter intake
    DOSSIER_REPLAY = "dossier.replay"  # import history: past times, any action
    REPORTS_VIEW = "reports.view"  # xem báo cáo, thống kê: statistics, reports, the 766 index


STAFF_ROLES: set[Role] = {r for r in Role if r != Role.CITIZEN}

GRANTS: dict[str, set[Role]] = {
    Perm.CATALOG_EDIT: {Role.ADMINISTRATOR},
    Perm.CATALOG_EXPORT: STAFF_ROLES,
    Perm.CALENDAR_EDIT: {Role.ADMINISTRATOR},
    Perm.UNITS_MANAGE: {Role.ADMINISTRATOR},
    Perm.AUDIT_READ: {Role.ADMINISTRATOR, Role.DIRECTOR},
    Perm.BACKOFFICE: STAFF_ROLES,
    Perm.DOSSIER_VIEW: STAFF_ROLES,
    Perm.DOSSIER_RECEIVE: {Role.RECEPTIONIST},
    Perm.DOSSIER_REPLAY: {Role.ADMINISTRATOR},
    Perm.REPORTS_VIEW: {Role.ADMINISTRATOR, Role.DIRECTOR, Role.UNIT_HEAD},
}


def person(request: HttpRequest) -> User:
    """The signed-in user of a request that a view or API auth has already checked."""
    return cast(User, request.user)


def _snapshot(
    user: User, current: int | None = None
) -> tuple[list[tuple[str, int]], dict[int, int | None]]:
    """The user's (role, unit) memberships in creation order and the unit tree, read once per
    user object (one request): a page asks many permission questions. Both come from the
    process's reference cache as of generation `current` (read here when not given)."""
    cached = getattr(user, "_motcua_roles", None)
    if cached is None:
        current = generation() if current is None else current
        held = CACHE.get(
            current,
            ("memberships", user.pk),
            lambda: list(
                Membership.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values_list("role", "unit_id")
            ),
        )
        cached = (held, _unit_parents(current))
        # A memo on this user object (one request's): User declares no such attribute.
        user._motcua_roles = cached  # type: ignore[attr-defined]
    return cached


def roles_preload(user: User, current: int) -> None:
    """Read `user`'s roles as of generation `current`, which the caller has already read, so
    that the permission questions of this request cost no query."""
    if user.is_authenticated:
        _snapshot(user, current)


def _unit_parents(current: int) -> dict[int, int | None]:
    return CACHE.get(
        current, "unit_parents", lambda: dict(Unit.objects.values_list("pk", "parent_id"))
    )


def units_by_id(current: int) -> dict[int, Unit]:
    """Every unit by id as of generation `current` (shared, read-only objects)."""
    return CACHE.get(current, "units", lambda: {u.pk: u for u in Unit.objects.all()})


def units_where_role(user: User, role: str) -> list[int]:
    """Ids of the units where `user` holds `role` itself (not inherited), oldest grant first."""
    if not user.is_authenticated or not user.is_active:
        return []
    return [unit_id for held, unit_id in _snapshot(user)[0] if held == role]


def _descendants(unit_ids: set[int], parents: dict[int, int | None]) -> set[int]:
    """The given units and every unit below them."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in parents.items():
        children.setdefault(parent_id, []).append(pk)
    found, frontier = set(unit_ids), list(unit_ids)
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def _ancestors(unit_id: int, parents: dict[int, int | None]) -> set[int]:
    found: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in found:
        found.add(current)
        current = parents.get(current)
    return found


def units_with_perm(user: User | AnonymousUser, perm: str) -> set[int] | None:
    """Ids of the units where `user` holds `perm`; None means everywhere (administrator)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    memberships, parents = _snapshot(user)
    if user.is_superuser or any(role == Role.ADMINISTRATOR for role, _ in memberships):
        return None
    allowed = GRANTS.get(perm, set())
    return _descendants({unit for role, unit in memberships if role in allowed}, parents)


def has_perm(user: User | AnonymousUser, perm: str, unit: Unit | None = None) -> bool:
    """True when `user` holds `perm` in `unit` (or in some unit, when `unit` is None)."""
    units = units_with_perm(user, perm)
    if units is None:
        return True
    return bool(units) if unit is None else unit.pk in units


def unit_and_ancestors(unit: Unit) -> set[int]:
    """`unit` and every unit above it."""
    return _ancestors(unit.pk, _unit_parents(generation()))


def unit_and_descendants(unit: Unit) -> set[int]:
    """`unit` and every unit below it."""
    parents: dict[int, int | None] = dict(Unit.objects.values_list("pk", "parent_id"))
    return _descendants({unit.pk}, parents)


def holds_role(user: User | AnonymousUser, roles: set[str], unit: Unit) -> bool:
    """True when `user` holds one of `roles` in `unit` or in a unit above it (a director of the
    department heads every unit in it)."""
    if not user.is_authenticated or not user.is_active:
        return False
    memberships, parents = _snapshot(user)
    above = _ancestors(unit.pk, parents)
    return any(role in roles and unit_id in above for role, unit_id in memberships)


def is_administrator(user: User | AnonymousUser) -> bool:
    return units_with_perm(user, Perm.DOSSIER_REPLAY) is None
