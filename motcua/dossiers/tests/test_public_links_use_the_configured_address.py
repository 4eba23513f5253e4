"""Every absolute link the system makes (the receipt's QR code and tracking line, messages to
applicants, warnings to officers, the VNeID return address) is on MOTCUA_PUBLIC_URL, whatever
address or port the process itself runs on."""

from io import BytesIO

import time_machine
from django.core import mail
from django.test import override_settings
from pypdf import PdfReader

from motcua.dossiers.alerts import deadline_alerts_sweep
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.slips import content as slip_content
from motcua.dossiers.slips import render_slip
from motcua.dossiers.slips.forms import FORM_SETS
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.integrations.sms.simulator import simulated_messages_to
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_dispatch
from motcua.portal.account_views import _vneid_redirect_uri

SITE = "https://motcua.sgddt.example.gov.vn:8443"


def _squeezed(text: str) -> str:
    return "".join(text.split())  # a long link wraps across lines on A5


def _pdf_text(pdf: bytes) -> str:
    return _squeezed(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))


@override_settings(MOTCUA_PUBLIC_URL=f"{SITE}/")
@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_slip_messages_and_warnings_link_to_the_public_address(demo):
    dossier = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    )
    tracking = f"{SITE}/tra-cuu/{dossier.code}"

    assert slip_content.receipt(dossier, FORM_SETS["tt03_2025"]).qr_url == tracking
    receipt = render_slip(dossier, "receipt", "pdf").content
    assert _squeezed(f"Tra cứu tình trạng hồ sơ tại: {tracking}") in _pdf_text(receipt)

    outbox_dispatch()
    assert mail.outbox[0].body.endswith(f"Tra cứu: {tracking}")
    assert simulated_messages_to("+84912345678")[0].endswith(f"Tra cứu: {tracking}")

    dossier_transition(
        code=dossier.code,
        action="forward",
        actor=demo["tiepnhan"],
        params={"to_user": "chuyenvien"},
    )
    assert deadline_alerts_sweep().steps_due_soon == 1
    warning = OutboxMessage.objects.get(topic="dossier.warning")
    assert warning.payload["text"].endswith(f"Xem hồ sơ: {SITE}/can-bo/ho-so/{dossier.code}/")

    assert _vneid_redirect_uri().startswith(f"{SITE}/")
    assert "127.0.0.1" not in _vneid_redirect_uri()
