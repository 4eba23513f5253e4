"""Writes for the calendar and stored deadlines."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from motcua.audit.services import audit_record
from motcua.core.localtime import format_date, format_datetime, to_local
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.constants import OverrideKind
from motcua.workdays.deadlines import DeadlineResult, Duration, compute_deadline
from motcua.workdays.models import CalendarOverride, Deadline, DeadlineChange
from motcua.workdays.selectors import load_calendar, open_deadlines_spanning


def _paused_intervals(deadline: Deadline) -> list[tuple[datetime, datetime]]:
    return [(datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in deadline.paused]


def deadline_result(deadline: Deadline, calendar: WorkCalendar) -> DeadlineResult:
    """What `deadline` comes to on `calendar`, with its pauses and restart (not saved)."""
    restarted = deadline.counted_from != deadline.received_at
    result = compute_deadline(
        calendar,
        deadline.received_at,
        Duration.of(deadline.duration_value, deadline.duration_unit),
        apply_cutoff=deadline.apply_cutoff,
        paused=_paused_intervals(deadline),
        restarted_from=deadline.counted_from if restarted else None,
    )
    if deadline.extended_to is not None:
        result.due_at = deadline.extended_to
        result.explanation.append(
            {
                "date": to_local(deadline.extended_to).date().isoformat(),
                "kind": "extended",
                "text": f"Hẹn lại ngày trả kết quả: {format_datetime(deadline.extended_to)} "
                f"({deadline.extension_reason}).",
            }
        )
    return result


@transaction.atomic
def deadline_create(
    *,
    owner_type: str,
    owner_id: str,
    label: str,
    received_at: datetime,
    duration: Duration,
    apply_cutoff: bool = True,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """Compute and store a deadline for something received at `received_at`."""
    deadline = deadline_build(
        owner_type=owner_type,
        owner_id=owner_id,
        label=label,
        received_at=received_at,
        duration=duration,
        apply_cutoff=apply_cutoff,
        calendar=calendar,
    )
    deadline.save(force_insert=True)
    return deadline


def deadline_build(
    *,
    owner_type: str,
    owner_id: str,
    label: str,
    received_at: datetime,
    duration: Duration,
    apply_cutoff: bool = True,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """The deadline `deadline_create` stores, not yet saved (for a caller that inserts several
    rows in one statement)."""
    calendar = calendar or load_calendar(to_local(received_at).date())
    result = compute_deadline(calendar, received_at, duration, apply_cutoff=apply_cutoff)
    return Deadline(
        owner_type=owner_type,
        owner_id=owner_id,
        label=label,
        received_at=received_at,
        counted_from=received_at,
        duration_value=duration.value,
        duration_unit=duration.unit,
        apply_cutoff=apply_cutoff,
        effective_start=result.effective_start,
        due_at=result.due_at,
        explanation=result.explanation,
    )


def _apply(deadline: Deadline, calendar: WorkCalendar, cause: str) -> bool:
    result = deadline_result(deadline, calendar)
    changed = result.due_at != deadline.due_at
    if changed:
        DeadlineChange.objects.create(
            deadline=deadline,
            previous_due_at=deadline.due_at,
            new_due_at=result.due_at,
            cause=cause,
        )
    deadline.effective_start = result.effective_start
    deadline.due_at = result.due_at
    deadline.explanation = result.explanation
    if changed:  # a moved due time deserves fresh warnings
        deadline.warned_at = deadline.breach_notified_at = None
    deadline.save(
        update_fields=[
            "counted_from",
            "paused",
            "effective_start",
            "due_at",
            "explanation",
            "warned_at",
            "breach_notified_at",
            "updated_at",
        ]
    )
    return changed


@transaction.atomic
def deadline_restart(*, deadline: Deadline, restarted_at: datetime, cause: str) -> Deadline:
    """Count the whole duration again from `restarted_at` (NĐ 61/2018 Đ19 k4, supplements)."""
    deadline.counted_from = restarted_at
    deadline.paused = []
    _apply(deadline, load_calendar(to_local(restarted_at).date()), cause)
    return deadline


@transaction.atomic
def deadline_pause(*, deadline: Deadline, start: datetime, end: datetime, cause: str) -> Deadline:
    """Record that the clock did not run between `start` and `end`, moving the due time."""
    deadline.paused = [*deadline.paused, [start.isoformat(), end.isoformat()]]
    deadline.save(update_fields=["paused"])
    _apply(deadline, load_calendar(to_local(deadline.received_at).date()), cause)
    return deadline


@transaction.atomic
def deadline_extend(*, deadline: Deadline, new_due_at: datetime, reason: str) -> Deadline:
    """Move the due time to a date the agency set (apology or extension); kept on recompute."""
    deadline.extended_to = new_due_at
    deadline.extension_reason = reason[:500]
    deadline.save(update_fields=["extended_to", "extension_reason"])
    _apply(deadline, load_calendar(to_local(deadline.received_at).date()), reason)
    return deadline


def deadline_close(*, deadline: Deadline) -> None:
    """Stop following a deadline: what it measured has ended; calendar changes no longer move it."""
    Deadline.objects.filter(pk=deadline.pk).update(is_open=False)
    deadline.is_open = False


def deadlines_recompute_for_days(days: Sequence[date], cause: str) -> list[Deadline]:
    """Recompute every open deadline that a change to one of `days` can move; return the moved."""
    moved: list[Deadline] = []
    calendars: dict[date, WorkCalendar] = {}
    seen: set[int] = set()
    for day in days:
        for deadline in open_deadlines_spanning(day).select_for_update():
            if deadline.pk in seen:
                continue
            seen.add(deadline.pk)
            reception_day = to_local(deadline.received_at).date()
            calendar = calendars.setdefault(reception_day, load_calendar(reception_day))
            previous = deadline.due_at
            if _apply(deadline, calendar, cause):
                moved.append(deadline)
                audit_record(
                    action="deadline.recomputed",
                    obj=deadline,
                    data={
                        "owner": f"{deadline.owner_type}:{deadline.owner_id}",
                        "previous_due_at": previous,
                        "new_due_at": deadline.due_at,
                        "cause": cause,
                    },
                )
    return moved


def _describe_override(override: CalendarOverride) -> str:
    return (
        f"{OverrideKind(override.kind).label} {format_date(override.day)} "
        f"({override.name}; {override.legal_basis})"
    )


@transaction.atomic
def calendar_override_save(
    *,
    day: date,
    kind: str,
    name: str,
    legal_basis: str,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> tuple[CalendarOverride, list[Deadline]]:
    """Add or change the override for `day`, then recompute the deadlines it moves."""
    override, created = CalendarOverride.objects.update_or_create(
        day=day,
        defaults={"kind": kind, "name": name, "legal_basis": legal_basis},
    )
    if created and actor is not None and getattr(actor, "pk", None):
        override.created_by = actor
        override.save(update_fields=["created_by"])
    audit_record(
        action="calendar.override_saved",
        obj=override,
        actor=actor,
        request=request,
        data={"day": day, "kind": kind, "name": name, "legal_basis": legal_basis},
    )
    moved = deadlines_recompute_for_days(
        [day], cause=f"Cập nhật lịch: {_describe_override(override)}"
    )
    return override, moved


@transaction.atomic
def calendar_override_delete(
    *, override: CalendarOverride, actor: Any = None, request: HttpRequest | None = None
) -> list[Deadline]:
    """Remove an override (the day falls back to the statutory calendar) and recompute."""
    description = _describe_override(override)
    day = override.day
    audit_record(
        action="calendar.override_deleted",
        obj=override,
        actor=actor,
        request=request,
        data={"day": day, "kind": override.kind, "name": override.name},
    )
    override.delete()
    return deadlines_recompute_for_days([day], cause=f"Bỏ điều chỉnh lịch: {description}")
