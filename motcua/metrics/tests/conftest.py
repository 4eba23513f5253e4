"""Dossiers made through the real services at historic times (the `demo` fixture is global)."""

import uuid
from datetime import datetime

import pytest
import time_machine

from motcua.documents.models import FileKind, StoredFile
from motcua.dossiers.constants import Stage
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ReceivedComponent, dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.dossiers.timeliness import Settlement, dossier_settlement
from motcua.metrics.selectors import days_to_refresh, dossiers_ended_between
from motcua.metrics.services import rollup_refresh
from motcua.workdays.selectors import load_calendar

__all__ = ["EDIT_DIPLOMA", "OTHER", "Desk", "vn"]

OTHER = "1.001501"  # Chấm dứt hoạt động Văn phòng đại diện giáo dục nước ngoài: 15 working days


class Desk:
    """The demo staff working dossiers at chosen moments (the administrator walks the steps)."""

    def __init__(self, demo: dict) -> None:
        self.demo = demo

    def receive(self, when: datetime, procedure: str = EDIT_DIPLOMA, channel: int = 1) -> str:
        with time_machine.travel(when, tick=False):
            return dossier_receive(
                procedure_code=procedure,
                channel=channel,
                applicant=APPLICANT,
                actor=self.demo["tiepnhan"],
            ).code

    def act(self, code: str, when: datetime, action: str, **kwargs) -> Dossier:
        kwargs.setdefault("note", "Ghi chú")
        with time_machine.travel(when, tick=False):
            return dossier_transition(
                code=code, action=action, actor=self.demo["quantri"], **kwargs
            )

    def finish(self, code: str, when: datetime, **kwargs) -> Dossier:
        """Hand the dossier through every remaining step and finish it at `when` (or, with
        `at=`, record it at a past moment while the clock stands at `when`)."""
        dossier = Dossier.objects.get(code=code)
        while dossier.stage == Stage.AT_STEP:
            orders = [s.order for s in dossier.case.steps.all()]
            step = dossier.current_step
            if step.order == max(orders):
                action = "finish"
            elif step.role == "director" and dossier.approved_at is None:
                action = "approve"
            else:
                action = "forward"
            dossier = self.act(code, when, action, **kwargs)
        assert dossier.stage == Stage.RESULT_READY
        return dossier

    def settle(self, code: str, when: datetime) -> str:
        self.finish(code, when)
        return code


@pytest.fixture
def desk(demo) -> Desk:
    return Desk(demo)


def settlement_of(code: str, **kwargs) -> Settlement | None:
    """Classify one dossier exactly as the rollup does."""
    dossier = Dossier.objects.get(code=code)
    found = dossiers_ended_between(vn(2000, 1, 1), vn(2100, 1, 1)).get(pk=dossier.pk)
    assert found.accepted_at is not None
    return dossier_settlement(found, load_calendar(found.accepted_at.date()), **kwargs)


FEE_PROCEDURE = "3.000465"  # the one demo procedure with a fee (10,000 đồng)
REFRESHED_AT = vn(2026, 11, 2, 10)


def stored_file(name: str = "giay-to.pdf") -> int:
    """A stored file as an upload or a scan leaves it (the bytes do not matter here)."""
    return StoredFile.objects.create(
        kind=FileKind.COMPONENT,
        original_name=name,
        storage_name=uuid.uuid4().hex,
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    ).pk


def intake(
    demo: dict,
    when: datetime,
    *,
    procedure: str = EDIT_DIPLOMA,
    channel: int = 1,
    files: list[int] | None = None,
    citizen=None,
) -> str:
    """A dossier taken in at `when` with two papers (scanned into `files` when given); online
    and postal ones are accepted by the receptionist at once."""
    papers = [
        ReceivedComponent(name=name, file_id=(files or [None, None])[n])
        for n, name in enumerate(("Đơn đề nghị", "Bản sao văn bằng"))
    ]
    with time_machine.travel(when, tick=False):
        code = dossier_receive(
            procedure_code=procedure,
            channel=channel,
            applicant=APPLICANT,
            actor=demo["tiepnhan"],
            components=papers,
            citizen=citizen,
        ).code
        if channel != 1:
            dossier_transition(code=code, action="accept", actor=demo["tiepnhan"], note="Đủ")
    return code


def refresh() -> None:
    """Rebuild the rollups as the hourly job would, on 02/11/2026 at 10:00."""
    with time_machine.travel(REFRESHED_AT, tick=False):
        rollup_refresh(days=days_to_refresh())
