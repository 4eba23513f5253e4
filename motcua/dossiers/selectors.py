"""Reads of dossiers for the back office and the API, always scoped to what the person may see."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.permissions import Perm, units_with_perm
from motcua.core.folding import fold
from motcua.core.localtime import VN_TZ
from motcua.dossiers.constants import COUNTING_STATUSES, OPEN_STATUSES, Stage, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workdays.selectors import load_calendar

LIST_RELATED = (
    "procedure",
    "deadline",
    "current_unit",
    "current_holder",
    "current_step",
    "step_deadline",
    "receiving_unit",
)


def dossiers_visible_to(user: User) -> QuerySet[Dossier]:
    """Staff see the dossiers their units received, hold, or handled; administrators see all."""
    units = units_with_perm(user, Perm.DOSSIER_VIEW)
    dossiers = Dossier.objects.select_related(*LIST_RELATED)
    if units is None:
        return dossiers
    if not units:
        return dossiers.none()
    handled = DossierEvent.objects.filter(
        Q(from_unit__in=units) | Q(to_unit__in=units), dossier=OuterRef("pk")
    )
    return dossiers.filter(
        Q(receiving_unit__in=units) | Q(current_unit__in=units) | Exists(handled)
    )


def dossier_of_citizen(user: User, code: str) -> Dossier | None:
    """One of the citizen's own dossiers (submitted from their account), or None."""
    return Dossier.objects.select_related(*LIST_RELATED).filter(code=code, citizen=user).first()


def dossier_visible(user: User, code: str) -> Dossier | None:
    return dossiers_visible_to(user).filter(code=code).first()


def day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=VN_TZ)


def overdue(dossiers: QuerySet[Dossier], now: datetime | None = None) -> QuerySet[Dossier]:
    """Past their due time while the agency holds them (not waiting for the applicant)."""
    return dossiers.filter(
        status__in=(*COUNTING_STATUSES, Status.PAYMENT_REQUESTED),
        deadline__due_at__lt=now or timezone.now(),
    )


def warning_limit(now: datetime, working_days: int | None = None) -> datetime:
    """The close of the `working_days`-th working day from now (the warning horizon)."""
    if working_days is None:
        working_days = settings.MOTCUA_WARNING_WORKING_DAYS
    calendar = load_calendar(now.astimezone(VN_TZ).date())
    day = now.astimezone(VN_TZ).date()
    for _ in range(working_days):
        day = calendar.next_working_day(day)
    return calendar.closing(day)


def due_soon(dossiers: QuerySet[Dossier], now: datetime | None = None) -> QuerySet[Dossier]:
    """Not yet late, but the dossier or its current step falls due within the warning horizon
    (warn before, not after)."""
    now = now or timezone.now()
    limit = warning_limit(now)
    return dossiers.filter(status__in=COUNTING_STATUSES).filter(
        Q(deadline__due_at__gte=now, deadline__due_at__lte=limit)
        | Q(stage=Stage.AT_STEP, step_deadline__due_at__lte=limit)
    )


def late_without_apology(
    dossiers: QuerySet[Dossier], now: datetime | None = None
) -> QuerySet[Dossier]:
    """ "Quá hạn, chưa có văn bản xin lỗi"."""
    return overdue(dossiers, now).filter(extension_count=0)


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


def inbox(user: User, name: str, now: datetime | None = None) -> QuerySet[Dossier]:
    """One of the officer's work lists (see INBOXES)."""
    visible = dossiers_visible_to(user)
    units = units_with_perm(user, Perm.DOSSIER_VIEW)
    here = visible if units is None else visible.filter(current_unit__in=units)
    if name == "mine":
        return visible.filter(current_holder=user, status__in=OPEN_STATUSES)
    if name == "unit":
        return here.filter(status__in=OPEN_STATUSES)
    if name == "reception":
        return visible.filter(stage=Stage.AWAITING_RECEPTION)
    if name == "due_soon":
        return due_soon(here, now=now)
    if name == "overdue":
        return overdue(here, now)
    if name == "supplement":
        return visible.filter(stage=Stage.AWAITING_SUPPLEMENT)
    if name == "signature":
        return here.filter(
            stage=Stage.AT_STEP, current_step__role="director", approved_at__isnull=True
        )
    if name == "result_ready":
        return visible.filter(stage=Stage.RESULT_READY)
    return visible.none()


def dossiers_search(dossiers: QuerySet[Dossier], query: str) -> QuerySet[Dossier]:
    """By code, applicant name, ID number or phone (folded, so "nguyen van an" finds Nguyễn)."""
    folded = fold(query)
    if not folded:
        return dossiers
    return dossiers.filter(Q(code__iexact=query.strip()) | Q(search_text__contains=folded))


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
        dossiers = dossiers.exclude(pk__in=overdue(Dossier.objects.all(), now).values("pk"))
    if received_from:
        dossiers = dossiers.filter(received_at__gte=day_start(received_from))
    if received_to:
        dossiers = dossiers.filter(received_at__lt=day_start(received_to) + timedelta(days=1))
    return dossiers
