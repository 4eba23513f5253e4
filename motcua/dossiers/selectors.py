"""Reads of dossiers for the back office and the API, always scoped to what the person may see."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.accounts.models import Unit, User
from motcua.accounts.permissions import Perm, units_with_perm
from motcua.core.folding import fold
from motcua.core.localtime import VN_TZ
from motcua.dossiers.constants import FINAL_STAGES, OPEN_STATUSES, Stage
from motcua.dossiers.models import Dossier, DossierAccess, DossierEvent
from motcua.dossiers.numbering import dossier_code_normalised
from motcua.dossiers.timeliness import (
    due_soon_q,
    late_without_apology_q,
    overdue_q,
    warning_limit,
)

LIST_RELATED = (
    "procedure",
    "deadline",
    "current_unit",
    "current_holder",
    "current_step",
    "step_deadline",
    "receiving_unit",
)
# A list page joins only the two due times it sorts and flags by, without their explanations,
# and reads the few procedures, units, officers and steps of its rows in one query each: a query
# joining all seven costs more to plan than to run.
LIST_JOINED = ("deadline", "step_deadline")
LIST_DEFERRED = ("deadline__explanation", "step_deadline__explanation")
LIST_FETCHED = ("procedure", "current_unit", "current_holder", "current_step", "receiving_unit")


def _listed() -> QuerySet[Dossier]:
    return (
        Dossier.objects.select_related(*LIST_JOINED)
        .defer(*LIST_DEFERRED)
        .prefetch_related(*LIST_FETCHED)
    )


def dossiers_visible_to(user: User) -> QuerySet[Dossier]:
    """Staff see the dossiers their units received, hold, or handled (dossiers/access.py);
    administrators see all."""
    return _visible(user, _listed(), active_only=False)


def active_dossiers_visible_to(user: User) -> QuerySet[Dossier]:
    """The visible dossiers still being worked on (not returned, refused or stopped): what every
    inbox lists, a bounded set however long the history grows."""
    return _visible(user, _listed(), active_only=True)


def _visible(user: User, dossiers: QuerySet[Dossier], *, active_only: bool) -> QuerySet[Dossier]:
    if active_only:
        # Said of the dossier too, so that the planner starts from the small partial index of
        # active dossiers (dossier_active) rather than from the whole history.
        dossiers = dossiers.exclude(stage__in=FINAL_STAGES)
    units = units_with_perm(user, Perm.DOSSIER_VIEW)
    if units is None:
        return dossiers
    if not units:
        return dossiers.none()
    access = DossierAccess.objects.filter(unit__in=units)
    if active_only:
        access = access.filter(active=True)
    return dossiers.filter(pk__in=access.values("dossier_id"))


def dossiers_of_citizen(user: User) -> QuerySet[Dossier]:
    """The citizen's own dossiers (submitted from their account), for their list."""
    return Dossier.objects.filter(citizen=user).select_related("procedure", "deadline")


def dossier_of_citizen(user: User, code: str) -> Dossier | None:
    """One of the citizen's own dossiers (submitted from their account), or None."""
    return (
        Dossier.objects.select_related(*LIST_RELATED)
        .filter(code=dossier_code_normalised(code), citizen=user)
        .first()
    )


def dossier_visible(user: User, code: str) -> Dossier | None:
    one = Dossier.objects.select_related(*LIST_RELATED).filter(code=dossier_code_normalised(code))
    return _visible(user, one, active_only=False).first()


def day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=VN_TZ)


def overdue(dossiers: QuerySet[Dossier], now: datetime | None = None) -> QuerySet[Dossier]:
    return dossiers.filter(overdue_q(now or timezone.now()))


def due_soon(dossiers: QuerySet[Dossier], now: datetime | None = None) -> QuerySet[Dossier]:
    now = now or timezone.now()
    return dossiers.filter(due_soon_q(now, warning_limit(now)))


def late_without_apology(
    dossiers: QuerySet[Dossier], now: datetime | None = None
) -> QuerySet[Dossier]:
    return dossiers.filter(late_without_apology_q(now or timezone.now()))


INBOXES = {
    "mine": "Hồ sơ tôi đang xử lý",
    "unit": "Hồ sơ của đơn vị",
    "reception": "Chờ tiếp nhận",
    "due_soon": "Sắp đến hạn",
    "overdue": "Quá hạn",
    "supplement": "Chờ bổ sung",
    "signature": "Chờ ký duyệt",
    "result_ready": "Chờ trả kết quả",
}


def _inbox_conditions(user: User, now: datetime) -> dict[str, Q]:
    """What puts an active visible dossier in each of the officer's work lists."""
    units = units_with_perm(user, Perm.DOSSIER_VIEW)
    here = Q() if units is None else Q(current_unit__in=units)
    return {
        "mine": Q(current_holder=user, status__in=OPEN_STATUSES),
        "unit": here & Q(status__in=OPEN_STATUSES),
        "reception": Q(stage=Stage.AWAITING_RECEPTION),
        "due_soon": here & due_soon_q(now, warning_limit(now)),
        "overdue": here & overdue_q(now),
        "supplement": Q(stage=Stage.AWAITING_SUPPLEMENT),
        "signature": here
        & Q(stage=Stage.AT_STEP, current_step__role=Role.DIRECTOR, approved_at__isnull=True),
        "result_ready": Q(stage=Stage.RESULT_READY),
    }


def inbox(user: User, name: str, now: datetime | None = None) -> QuerySet[Dossier]:
    """One of the officer's work lists (see INBOXES)."""
    conditions = _inbox_conditions(user, now or timezone.now())
    if name not in conditions:
        return Dossier.objects.none()
    return active_dossiers_visible_to(user).filter(conditions[name])


def inbox_counts(user: User, now: datetime | None = None, **narrowed: int) -> dict[str, int]:
    """How many dossiers each work list holds, in one pass over the active visible dossiers
    (`narrowed`: field filters, e.g. one officer's dossiers from a dashboard figure)."""
    conditions = _inbox_conditions(user, now or timezone.now())
    counts = (
        _visible(user, Dossier.objects.all(), active_only=True)
        .filter(**narrowed)
        .aggregate(**{name: Count("pk", filter=q) for name, q in conditions.items()})
    )
    return {name: counts[name] or 0 for name in INBOXES}


def dossiers_search(dossiers: QuerySet[Dossier], query: str) -> QuerySet[Dossier]:
    """By code, applicant name, ID number or phone (folded, so "nguyen van an" finds Nguyễn)."""
    folded = fold(query)
    if not folded:
        return dossiers
    return dossiers.filter(Q(code=dossier_code_normalised(query)) | Q(search_text__contains=folded))


def dossiers_filtered(
    dossiers: QuerySet[Dossier],
    *,
    status: int | None = None,
    unit: str = "",
    is_overdue: bool | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    now: datetime | None = None,
) -> QuerySet[Dossier]:
    if status is not None:
        dossiers = dossiers.filter(status=status)
    if unit:
        dossiers = dossiers.filter(Q(receiving_unit__code=unit) | Q(current_unit__code=unit))
    if is_overdue is True:
        dossiers = overdue(dossiers, now)
    elif is_overdue is False:
        dossiers = dossiers.exclude(overdue_q(now or timezone.now()))
    if received_from:
        dossiers = dossiers.filter(received_at__gte=day_start(received_from))
    if received_to:
        dossiers = dossiers.filter(received_at__lt=day_start(received_to) + timedelta(days=1))
    return dossiers


# --- workload (dashboards) --------------------------------------------------------------------
# Open dossiers only: they are today's work, a bounded set however long the history grows.


def dossiers_of_units(units: set[int] | None) -> QuerySet[Dossier]:
    """The dossiers received by or now held in `units` (None: every unit), as the leaders who
    answer for those units count them."""
    if units is None:
        return Dossier.objects.all()
    return Dossier.objects.filter(Q(receiving_unit__in=units) | Q(current_unit__in=units))


@dataclass(frozen=True)
class Workload:
    key: int | None  # the unit or officer the row counts; None for "nobody yet"
    label: str
    open: int
    due_soon: int
    overdue: int
    unapologised: int  # overdue with no apology and new date (Mẫu 04) yet


def _workload(dossiers: QuerySet[Dossier], by: str, now: datetime) -> list[dict[str, Any]]:
    limit = warning_limit(now)
    # Open dossiers are active ones: said so, the planner reads the partial index dossier_active.
    # Being handled means accepted: not one waiting for the desk's check or asked for papers at
    # the counter before it was received.
    return list(
        dossiers.exclude(stage__in=FINAL_STAGES)
        .filter(status__in=OPEN_STATUSES, accepted_at__isnull=False)
        .values(by)
        .annotate(
            open=Count("pk"),
            due_soon=Count("pk", filter=due_soon_q(now, limit)),
            overdue=Count("pk", filter=overdue_q(now)),
            unapologised=Count("pk", filter=late_without_apology_q(now)),
        )
        .order_by()
    )


def workload_by_unit(dossiers: QuerySet[Dossier], now: datetime | None = None) -> list[Workload]:
    """Open dossiers per unit holding them, most overdue first."""
    counts = _workload(dossiers, "current_unit", now or timezone.now())
    names = dict(
        Unit.objects.filter(pk__in=[c["current_unit"] for c in counts]).values_list("pk", "name")
    )
    rows = [
        Workload(
            key=c["current_unit"],
            label=names.get(c["current_unit"], "Chưa giao đơn vị"),
            open=c["open"],
            due_soon=c["due_soon"],
            overdue=c["overdue"],
            unapologised=c["unapologised"],
        )
        for c in counts
    ]
    return sorted(rows, key=lambda r: (-r.overdue, -r.due_soon, -r.open, r.label))


def workload_by_officer(
    dossiers: QuerySet[Dossier], units: set[int] | None, now: datetime | None = None
) -> list[Workload]:
    """Open dossiers each officer of `units` (None: every unit) holds, including officers who hold
    none, plus the dossiers waiting in those units for nobody in particular."""
    now = now or timezone.now()
    held = dossiers if units is None else dossiers.filter(current_unit__in=units)
    counts = {c["current_holder"]: c for c in _workload(held, "current_holder", now)}
    staff = User.objects.filter(is_active=True, memberships__isnull=False).exclude(
        memberships__role=Role.CITIZEN
    )
    if units is not None:
        staff = staff.filter(memberships__unit__in=units)
    people = {u.pk: str(u) for u in staff.distinct()}
    people.update(
        (u.pk, str(u)) for u in User.objects.filter(pk__in=[k for k in counts if k is not None])
    )
    empty = {"open": 0, "due_soon": 0, "overdue": 0, "unapologised": 0}
    rows = [
        Workload(key=pk, label=name, **{k: counts.get(pk, empty)[k] for k in empty})
        for pk, name in people.items()
    ]
    rows.sort(key=lambda r: (-r.overdue, -r.open, r.label))
    if None in counts:
        c = counts[None]
        rows.append(Workload(None, "Chưa giao cán bộ", **{k: c[k] for k in empty}))
    return rows


def handovers_by_officer(officers: list[int], since: datetime) -> dict[int, dict[str, int]]:
    """Hand-overs each officer made since `since`, by how they compared with the step's due time
    (the process control slip's marks): {officer: {"early": n, "on_time": n, "late": n}}."""
    found: dict[int, dict[str, int]] = {}
    rows = (
        DossierEvent.objects.filter(actor__in=officers, at__gte=since)
        .exclude(timeliness="")
        .values("actor", "timeliness")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        found.setdefault(row["actor"], {})[row["timeliness"]] = row["n"]
    return found


def accepted_since(dossiers: QuerySet[Dossier], since: datetime) -> dict[int, int]:
    """Dossiers received validly (accepted) since `since`, per channel, as II.06a counts them:
    one refused or sent back for papers at the counter, or still waiting online, is not."""
    rows = dossiers.filter(accepted_at__gte=since).values("channel").annotate(n=Count("pk"))
    return {row["channel"]: row["n"] for row in rows.order_by()}
