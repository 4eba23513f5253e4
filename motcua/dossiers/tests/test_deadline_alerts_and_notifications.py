"""Officers are warned before a step or dossier falls due, once; applicants hear of events."""

import time_machine
from django.core import mail

from motcua.dossiers.alerts import deadline_alerts_sweep
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_dispatch


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_warnings_come_before_the_breach_and_only_once(demo):
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    ).code
    dossier_transition(
        code=code, action="forward", actor=demo["tiepnhan"], params={"to_user": "chuyenvien"}
    )
    # The demo appraisal step (14 working hours) ends tomorrow: inside the 1-day warning window.
    first = deadline_alerts_sweep()
    assert first.steps_due_soon == 1 and first.dossiers_due_soon == 0
    assert deadline_alerts_sweep().steps_due_soon == 0  # claimed: never twice

    with time_machine.travel(vn(2026, 10, 9, 9), tick=False):  # due Mon 12/10 17:00
        assert deadline_alerts_sweep().dossiers_due_soon == 1
    with time_machine.travel(vn(2026, 10, 13, 9), tick=False):
        late = deadline_alerts_sweep()
        assert late.dossiers_late == 1
        assert deadline_alerts_sweep().dossiers_late == 0
    warning = OutboxMessage.objects.filter(topic="dossier.warning").last()
    assert "chưa có văn bản xin lỗi" in warning.payload["text"]
    assert "truongphong@motcua.invalid" in warning.payload["to"]


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_applicant_is_emailed_on_events_that_concern_them(demo):
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    ).code
    dossier_transition(
        code=code,
        action="request_supplement",
        actor=demo["tiepnhan"],
        params={"items": ["Bản sao giấy khai sinh"]},
    )
    sent, failed = outbox_dispatch()
    assert (sent, failed) == (2, 0)
    assert [m.to for m in mail.outbox] == [["an@example.vn"], ["an@example.vn"]]
    assert "12/10/2026" in mail.outbox[0].body
    assert "Bản sao giấy khai sinh" in mail.outbox[1].body
    assert outbox_dispatch() == (0, 0)


def test_a_failing_delivery_is_retried_later(demo, monkeypatch):
    from motcua.outbox import services

    calls = []

    def flaky(payload):
        calls.append(payload)
        raise ConnectionError("SMTP không phản hồi")

    monkeypatch.setitem(services.HANDLERS, "test.flaky", [flaky])
    message = services.outbox_enqueue(topic="test.flaky", key="x", payload={"n": 1})
    assert outbox_dispatch() == (0, 1)
    message.refresh_from_db()
    assert message.attempts == 1 and "SMTP" in message.last_error and message.sent_at is None
    assert outbox_dispatch() == (0, 0)  # backed off: not yet due again
    assert len(calls) == 1
