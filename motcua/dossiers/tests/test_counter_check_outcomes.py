"""At the counter the check ends with exactly one of receive (Mẫu 01), request supplement
(Mẫu 02) or refuse (Mẫu 03); only the first receives the dossier (NĐ 61/2018 Điều 17 k1)."""

import pytest
import time_machine

from motcua.audit.models import AuditEvent
from motcua.dossiers.constants import Action, Channel, CounterOutcome, Stage, Status
from motcua.dossiers.exceptions import Conflict, InvalidInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.slips import render_slip, slips_for
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.outbox.models import OutboxMessage

NOW = vn(2026, 10, 5, 9)


def counter(demo, **kwargs):
    return dossier_receive(
        procedure_code=EDIT_DIPLOMA,
        channel=Channel.COUNTER,
        applicant=APPLICANT,
        actor=demo["tiepnhan"],
        **kwargs,
    )


@time_machine.travel(NOW, tick=False)
def test_refused_at_the_counter_has_only_the_refusal(demo):
    dossier = counter(demo, outcome=CounterOutcome.REFUSE, note="Không thuộc thẩm quyền của Sở")
    dossier.refresh_from_db()
    assert dossier.status == Status.REFUSED == 3
    assert dossier.stage == Stage.REFUSED
    assert dossier.accepted_at is None and dossier.deadline is None and dossier.due_at is None
    assert dossier.current_step is None and dossier.original_due_at is None
    assert [(e.action, e.note) for e in dossier.events.all()] == [
        (Action.REFUSE, "Không thuộc thẩm quyền của Sở")
    ]
    assert [name for name, _ in slips_for(dossier)] == ["refusal"]
    assert render_slip(dossier, "refusal", "pdf").content[:4] == b"%PDF"
    with pytest.raises(Conflict, match="chưa được tiếp nhận"):
        render_slip(dossier, "receipt", "pdf")
    audit = AuditEvent.objects.get(object_id=dossier.code)
    assert audit.action == "dossier.refuse" and audit.data["to_status"] == 3
    assert OutboxMessage.objects.filter(key=dossier.code, topic="dossier.event").count() == 1


@time_machine.travel(NOW, tick=False)
def test_incomplete_at_the_counter_is_not_received_until_supplied_and_accepted(demo):
    dossier = counter(
        demo,
        outcome=CounterOutcome.REQUEST_SUPPLEMENT,
        supplement_items=["Bản sao giấy khai sinh", " "],
        note="Thiếu giấy tờ chứng minh",
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    assert dossier.accepted_at is None and dossier.due_at is None
    request = dossier.supplements.get()
    assert (
        request.items == ["Bản sao giấy khai sinh"] and request.reason == "Thiếu giấy tờ chứng minh"
    )
    assert request.return_stage == Stage.AWAITING_RECEPTION and not request.is_repeat
    assert [name for name, _ in slips_for(dossier)] == ["supplement-request"]
    assert render_slip(dossier, "supplement-request", "pdf").content[:4] == b"%PDF"
    with pytest.raises(Conflict):
        render_slip(dossier, "receipt", "pdf")

    # The applicant comes back with the paper: the desk takes it, then receives the dossier.
    with time_machine.travel(vn(2026, 10, 7, 10), tick=False):
        dossier_transition(
            code=dossier.code, action=Action.RECEIVE_SUPPLEMENT, actor=demo["tiepnhan"]
        )
        back = Dossier.objects.get(pk=dossier.pk)
        assert back.status == Status.NEW and back.due_at is None
        accepted = dossier_transition(
            code=dossier.code, action=Action.ACCEPT, actor=demo["tiepnhan"]
        )
    assert accepted.status == Status.RECEIVED
    assert accepted.accepted_at == vn(2026, 10, 7, 10)
    assert accepted.due_at == vn(2026, 10, 14, 17)  # 5 working days from the acceptance


@time_machine.travel(NOW, tick=False)
def test_receive_is_the_default_and_gives_the_receipt(demo):
    dossier = counter(demo)
    assert dossier.status == Status.RECEIVED and dossier.due_at == vn(2026, 10, 12, 17)
    assert render_slip(dossier, "receipt", "pdf").content[:4] == b"%PDF"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "guess"}, "counter_outcome"),
        ({"outcome": CounterOutcome.REFUSE}, "note"),
        ({"outcome": CounterOutcome.REFUSE, "note": "   "}, "note"),
        ({"outcome": CounterOutcome.REQUEST_SUPPLEMENT}, "items"),
        ({"outcome": CounterOutcome.REQUEST_SUPPLEMENT, "supplement_items": [""]}, "items"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_an_outcome_without_what_it_needs_saves_nothing(demo, kwargs, field):
    with pytest.raises(InvalidInput) as error:
        counter(demo, **kwargs)
    assert error.value.field == field
    assert not Dossier.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_online_and_postal_dossiers_are_checked_after_they_arrive(demo):
    with pytest.raises(InvalidInput) as error:
        dossier_receive(
            procedure_code=EDIT_DIPLOMA,
            channel=Channel.POSTAL,
            applicant=APPLICANT,
            actor=demo["tiepnhan"],
            outcome=CounterOutcome.REFUSE,
            note="Sai thẩm quyền",
        )
    assert error.value.field == "counter_outcome"
