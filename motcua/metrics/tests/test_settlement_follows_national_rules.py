"""On time or late, and how long processing took, by the national portal's rules (§4.3).

EDIT_DIPLOMA takes 5 working days: received Mon 05/10/2026 09:00, due Mon 12/10/2026 17:00.
Office hours 08–12 and 13–17; October 2026 has no holiday.
"""

from motcua.dossiers.constants import EndKind, Timeliness
from motcua.metrics.selectors import dossiers_ended_between
from motcua.metrics.tests.conftest import settlement_of, vn
from motcua.workdays.constants import DueBasis

HOUR = 3600


def test_finished_on_the_due_day_is_on_time_and_counts_working_hours(desk):
    code = desk.settle(desk.receive(vn(2026, 10, 5, 9)), vn(2026, 10, 12, 16))
    result = settlement_of(code)
    assert result.end == EndKind.FINISHED and result.due_at == vn(2026, 10, 12, 17)
    assert result.timeliness == Timeliness.ON_TIME
    # Mon 7 h (09–12, 13–17) + Tue–Fri 4 × 8 h + Mon 12/10 7 h (08–12, 13–16) = 46 h.
    assert result.working_seconds == 46 * HOUR


def test_finished_before_the_due_day_is_early(desk):
    code = desk.settle(desk.receive(vn(2026, 10, 5, 9)), vn(2026, 10, 9, 10))
    result = settlement_of(code)
    assert result.timeliness == Timeliness.EARLY
    assert result.working_seconds == (7 + 3 * 8 + 2) * HOUR


def test_finished_after_the_due_time_is_late(desk):
    code = desk.settle(desk.receive(vn(2026, 10, 5, 9)), vn(2026, 10, 13, 9))
    assert settlement_of(code).timeliness == Timeliness.LATE


def test_a_returned_result_still_ends_processing_when_the_result_was_ready(desk):
    code = desk.settle(desk.receive(vn(2026, 10, 5, 9)), vn(2026, 10, 12, 16))
    desk.act(code, vn(2026, 10, 14, 9), "return_result")  # handed over late: not counted
    result = settlement_of(code)
    assert result.end == EndKind.FINISHED and result.timeliness == Timeliness.ON_TIME


def test_an_apology_does_not_turn_a_late_dossier_on_time_unless_configured(desk):
    code = desk.receive(vn(2026, 10, 5, 9))
    desk.act(code, vn(2026, 10, 9, 10), "apologize", params={"new_due_at": "2026-10-16"})
    desk.settle(code, vn(2026, 10, 15, 10))
    result = settlement_of(code)
    assert result.extended and result.due_at == vn(2026, 10, 12, 17)
    assert result.timeliness == Timeliness.LATE
    moved = settlement_of(code, due_basis=DueBasis.CURRENT)
    assert moved.due_at == vn(2026, 10, 16, 17) and moved.timeliness == Timeliness.EARLY


def test_a_second_supplement_request_makes_the_dossier_late(desk):
    code = desk.receive(vn(2026, 10, 5, 9))
    for day in (5, 6):
        desk.act(code, vn(2026, 10, day, 10), "request_supplement", params={"items": ["Đơn"]})
        desk.act(code, vn(2026, 10, day, 11), "receive_supplement")
    desk.settle(code, vn(2026, 10, 7, 10))  # long before any due time
    result = settlement_of(code)
    assert result.repeat_supplement and result.timeliness == Timeliness.LATE


def test_time_waiting_for_the_supplement_is_not_processing_time(desk):
    code = desk.receive(vn(2026, 10, 5, 9))
    desk.act(code, vn(2026, 10, 6, 9), "request_supplement", params={"items": ["Đơn"]})
    desk.act(code, vn(2026, 10, 8, 14), "receive_supplement")  # due restarts: Thu 15/10 17:00
    desk.settle(code, vn(2026, 10, 9, 10))
    result = settlement_of(code)
    # Mon 05/10 09:00 → Fri 09/10 10:00 is 7 + 8 + 8 + 8 + 2 = 33 working hours; the wait
    # Tue 09:00 → Thu 14:00 is 7 + 8 + 5 = 20 hours.
    assert result.working_seconds == 13 * HOUR
    assert result.due_at == vn(2026, 10, 15, 17) and result.timeliness == Timeliness.EARLY


def test_withdrawal_and_refusal_end_processing(desk):
    withdrawn = desk.receive(vn(2026, 10, 5, 9))
    desk.act(withdrawn, vn(2026, 10, 6, 9), "withdraw")
    refused = desk.receive(vn(2026, 10, 5, 10))
    desk.act(refused, vn(2026, 10, 5, 11), "refuse")
    result = settlement_of(withdrawn)
    assert result.end == EndKind.WITHDRAWN and result.ended_at == vn(2026, 10, 6, 9)
    assert result.timeliness == Timeliness.EARLY and not result.has_result
    assert settlement_of(refused).end == EndKind.REFUSED


def test_an_online_dossier_refused_before_acceptance_is_not_settled(desk):
    code = desk.receive(vn(2026, 10, 5, 9), channel=2)
    desk.act(code, vn(2026, 10, 5, 10), "refuse")
    assert not dossiers_ended_between(vn(2026, 10, 1), vn(2026, 11, 1)).filter(code=code).exists()
