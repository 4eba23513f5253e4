"""The whole path of a dossier, as the staff would walk it."""

import pytest
import time_machine

from motcua.audit.services import audit_problems
from motcua.dossiers.constants import Action, Status, Timeliness
from motcua.dossiers.exceptions import Conflict, InvalidInput, NotPermitted
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.dossiers.timeliness import judge
from motcua.dossiers.workflow import allowed_actions
from motcua.outbox.models import OutboxMessage


def move(demo, code, user, action, **kwargs):
    return dossier_transition(code=code, action=action, actor=demo[user], **kwargs)


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_counter_dossier_goes_from_receipt_to_returned_result(demo):
    dossier = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    )
    assert dossier.code == "000.05.15.H99-261005-0001"
    assert dossier.status == Status.RECEIVED
    assert dossier.due_at == vn(2026, 10, 12, 17)  # 5 working days
    assert dossier.components.count() == 3  # the two conditional papers do not apply
    code = dossier.code
    assert allowed_actions(dossier, demo["chuyenvien"]) == []

    with time_machine.travel(vn(2026, 10, 5, 10), tick=False):
        dossier = move(demo, code, "tiepnhan", "forward", params={"to_user": "chuyenvien"})
    assert dossier.status == Status.PROCESSING and dossier.current_holder == demo["chuyenvien"]
    with pytest.raises(NotPermitted):
        move(demo, code, "vanthu", "forward")

    # Appraisal finds a missing document: request it, once, listing the item.
    with time_machine.travel(vn(2026, 10, 6, 9), tick=False):
        dossier = move(
            demo,
            code,
            "chuyenvien",
            "request_supplement",
            note="Thiếu giấy tờ chứng minh",
            params={"items": ["Bản sao giấy khai sinh"]},
        )
    assert dossier.status == Status.SUPPLEMENT_REQUESTED and dossier.supplement_count == 1
    with time_machine.travel(vn(2026, 10, 8, 14), tick=False):
        dossier = move(demo, code, "tiepnhan", "receive_supplement")
    # NĐ 61/2018 Đ19 k4: the 5 working days restart from the full supplement (Thu 08/10).
    assert dossier.status == Status.PROCESSING
    assert dossier.due_at == vn(2026, 10, 15, 17)
    assert dossier.original_due_at == vn(2026, 10, 12, 17)
    event = dossier.events.get(action=Action.RECEIVE_SUPPLEMENT)
    assert event.data["due_before"].startswith("2026-10-12") and event.due_at == dossier.due_at

    with time_machine.travel(vn(2026, 10, 9, 9), tick=False):
        move(demo, code, "chuyenvien", "forward")
        move(demo, code, "truongphong", "forward")
    with time_machine.travel(vn(2026, 10, 12, 9), tick=False):
        with pytest.raises(Conflict):
            move(demo, code, "giamdoc", "forward")  # must sign first
        dossier = move(demo, code, "giamdoc", "approve")
    assert dossier.current_step.role == "clerk"
    with time_machine.travel(vn(2026, 10, 12, 15), tick=False):
        dossier = move(demo, code, "vanthu", "finish")
    assert dossier.status == Status.FINISHED
    with time_machine.travel(vn(2026, 10, 13, 9), tick=False):
        dossier = move(demo, code, "tiepnhan", "return_result")
    assert dossier.status == Status.RETURNED

    events = list(dossier.events.order_by("at", "id"))
    assert [e.action for e in events] == [
        "receive",
        "forward",
        "request_supplement",
        "receive_supplement",
        "forward",
        "forward",
        "approve",
        "finish",
        "return_result",
    ]
    forwards = [e for e in events if e.action in ("forward", "approve", "finish")]
    assert all(e.timeliness in Timeliness.values for e in forwards)
    assert "overall_timeliness" not in events[-2].data  # judged when asked, never stored
    assert judge(dossier).timeliness == Timeliness.EARLY and judge(dossier).on_time is True
    assert OutboxMessage.objects.filter(key=code).count() == len(events)
    assert list(audit_problems()) == []


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_online_dossier_waits_for_acceptance_and_can_be_refused(demo):
    dossier = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=2, applicant=APPLICANT, actor=demo["tiepnhan"]
    )
    assert dossier.status == Status.NEW and dossier.deadline is None
    assert allowed_actions(dossier, demo["tiepnhan"])[:2] == ["accept", "refuse"]
    with pytest.raises(InvalidInput):
        move(demo, dossier.code, "tiepnhan", "refuse")  # a reason is required
    dossier = move(demo, dossier.code, "tiepnhan", "refuse", note="Không thuộc thẩm quyền")
    assert dossier.status == Status.REFUSED


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_second_supplement_request_is_allowed_but_flagged(demo):
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    ).code
    for _ in range(2):
        move(demo, code, "tiepnhan", "request_supplement", params={"items": ["Đơn đề nghị"]})
        dossier = move(demo, code, "tiepnhan", "receive_supplement")
    assert dossier.supplement_count == 2
    second = dossier.supplements.get(number=2)
    assert second.is_repeat
    assert dossier.events.filter(data__repeat_violation=True).count() == 1


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_late_dossier_gets_one_apology_with_a_new_date(demo):
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    ).code
    move(demo, code, "tiepnhan", "forward")
    with pytest.raises(NotPermitted):
        move(
            demo,
            code,
            "chuyenvien",
            "apologize",
            note="Chờ xác minh",
            params={"new_due_at": "2026-10-16"},
        )
    with time_machine.travel(vn(2026, 10, 9, 10), tick=False):
        dossier = move(
            demo,
            code,
            "truongphong",
            "apologize",
            note="Chờ xác minh hồ sơ gốc",
            params={"new_due_at": "2026-10-16"},
        )
    assert dossier.due_at == vn(2026, 10, 16, 17)
    assert dossier.original_due_at == vn(2026, 10, 12, 17)
    apology = dossier.apologies.get()
    assert apology.sent_in_time and apology.signed_by == demo["truongphong"]
    with pytest.raises(Conflict, match="một lần"):
        move(demo, code, "giamdoc", "extend", note="Lần hai", params={"new_due_at": "2026-10-20"})


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_past_reception_times_only_for_administrators(demo):
    with pytest.raises(NotPermitted):
        dossier_receive(
            procedure_code=EDIT_DIPLOMA,
            channel=1,
            applicant=APPLICANT,
            actor=demo["tiepnhan"],
            received_at=vn(2026, 9, 1, 9),
        )
    dossier = dossier_receive(
        procedure_code=EDIT_DIPLOMA,
        channel=2,
        applicant=APPLICANT,
        actor=demo["quantri"],
        received_at=vn(2026, 9, 1, 9),
    )
    assert dossier.code.endswith("-260901-0001")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_number": "123"}, "applicant.id_number"),
        ({"full_name": " "}, "applicant.full_name"),
        ({"email": "khong-phai-email"}, "applicant.email"),
        ({"phone": "12ab"}, "applicant.phone"),
    ],
)
def test_bad_applicant_data_names_the_field(demo, changes, field):
    with pytest.raises(InvalidInput) as error:
        dossier_receive(
            procedure_code=EDIT_DIPLOMA,
            channel=1,
            applicant={**APPLICANT, **changes},
            actor=demo["tiepnhan"],
        )
    assert error.value.field == field
