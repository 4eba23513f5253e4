"""Adding or removing a day off recomputes every stored deadline it affects, and records why."""

from datetime import date, datetime

import pytest

from motcua.audit.models import AuditEvent
from motcua.core.localtime import VN_TZ
from motcua.workdays.constants import OverrideKind
from motcua.workdays.deadlines import Duration
from motcua.workdays.models import CalendarOverride, DeadlineChange
from motcua.workdays.services import (
    calendar_override_delete,
    calendar_override_save,
    deadline_create,
    deadline_pause,
    deadline_restart,
)

pytestmark = pytest.mark.django_db


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def make(label: str, received: datetime, days: int = 5):
    return deadline_create(
        owner_type="test",
        owner_id=label,
        label=label,
        received_at=received,
        duration=Duration.of(days, "working_days"),
    )


def test_a_new_day_off_inside_the_window_pushes_the_due_time_and_is_recorded(admin):
    # Monday 05/10/2026, 5 working days → Monday 12/10.
    inside = make("inside", vn(2026, 10, 5, 9))
    before = make("before", vn(2026, 9, 21, 9))  # due 28/09, untouched by a day off on 08/10
    closed = make("closed", vn(2026, 10, 5, 9))
    closed.is_open = False
    closed.save()
    assert inside.due_at == vn(2026, 10, 12, 17)

    override, moved = calendar_override_save(
        day=date(2026, 10, 8),
        kind=OverrideKind.DAY_OFF,
        name="Nghỉ đột xuất (thử)",
        legal_basis="Thông báo thử nghiệm số 1",
        actor=admin,
    )

    assert [d.owner_id for d in moved] == ["inside"]
    inside.refresh_from_db()
    assert inside.due_at == vn(2026, 10, 13, 17)
    assert any("08/10/2026" in line["text"] for line in inside.explanation)
    change = DeadlineChange.objects.get(deadline=inside)
    assert change.previous_due_at == vn(2026, 10, 12, 17)
    assert "Thông báo thử nghiệm số 1" in change.cause
    before.refresh_from_db()
    closed.refresh_from_db()
    assert before.due_at == vn(2026, 9, 28, 17)
    assert closed.due_at == vn(2026, 10, 12, 17)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["calendar.override_saved", "deadline.recomputed"]

    moved = calendar_override_delete(override=override, actor=admin)
    inside.refresh_from_db()
    assert inside.due_at == vn(2026, 10, 12, 17)
    assert [d.owner_id for d in moved] == ["inside"]
    assert DeadlineChange.objects.filter(deadline=inside).count() == 2


def test_a_make_up_saturday_pulls_the_due_time_earlier(admin):
    deadline = make("sat", vn(2026, 10, 9, 9), days=1)  # Friday → due Monday 12/10
    calendar_override_save(
        day=date(2026, 10, 10),
        kind=OverrideKind.WORKING_DAY,
        name="Làm bù (thử)",
        legal_basis="TB thử",
        actor=admin,
    )
    deadline.refresh_from_db()
    assert deadline.due_at == vn(2026, 10, 10, 17)


def test_a_day_off_on_the_reception_day_moves_the_effective_start(admin):
    deadline = make("reception", vn(2026, 10, 7, 9), days=1)  # due Thu 08/10
    calendar_override_save(
        day=date(2026, 10, 7),
        kind=OverrideKind.DAY_OFF,
        name="Nghỉ (thử)",
        legal_basis="TB thử",
        actor=admin,
    )
    deadline.refresh_from_db()
    assert deadline.effective_start == vn(2026, 10, 8, 8)
    assert deadline.due_at == vn(2026, 10, 9, 17)


def test_restart_and_pause_are_kept_through_recomputation(admin):
    restarted = make("restart", vn(2026, 10, 1, 9), days=2)
    deadline_restart(
        deadline=restarted, restarted_at=vn(2026, 10, 6, 10), cause="Nhận đủ hồ sơ bổ sung"
    )
    assert restarted.due_at == vn(2026, 10, 8, 17)
    paused = make("pause", vn(2026, 10, 5, 9), days=2)  # due Wed 07/10
    deadline_pause(
        deadline=paused, start=vn(2026, 10, 6, 8), end=vn(2026, 10, 6, 17), cause="Chờ bổ sung"
    )
    assert paused.due_at == vn(2026, 10, 8, 17)

    calendar_override_save(
        day=date(2026, 10, 8),
        kind=OverrideKind.DAY_OFF,
        name="Nghỉ (thử)",
        legal_basis="TB thử",
        actor=admin,
    )
    restarted.refresh_from_db()
    paused.refresh_from_db()
    assert restarted.due_at == vn(2026, 10, 9, 17)
    assert paused.due_at == vn(2026, 10, 9, 17)
    assert restarted.explanation[0]["kind"] == "restarted"


def test_adding_a_day_off_in_the_admin_recomputes_and_says_so(client, admin):
    deadline = make("admin", vn(2026, 10, 5, 9))
    client.force_login(admin)
    response = client.post(
        "/quan-tri/workdays/calendaroverride/add/",
        {
            "day": "08/10/2026",
            "kind": OverrideKind.DAY_OFF,
            "name": "Nghỉ (thử)",
            "legal_basis": "TB thử",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã tính lại 1 thời hạn" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.due_at == vn(2026, 10, 13, 17)
    override = CalendarOverride.objects.get(day=date(2026, 10, 8))
    client.post(f"/quan-tri/workdays/calendaroverride/{override.pk}/delete/", {"post": "yes"})
    deadline.refresh_from_db()
    assert deadline.due_at == vn(2026, 10, 12, 17)


def test_only_administrators_may_change_the_calendar(client, receptionist):
    client.force_login(receptionist)
    response = client.post(
        "/quan-tri/workdays/calendaroverride/add/",
        {"day": "08/10/2026", "kind": "day_off", "name": "x", "legal_basis": "y"},
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.filter(day=date(2026, 10, 8)).exists()
