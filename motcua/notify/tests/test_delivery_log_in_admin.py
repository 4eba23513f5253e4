"""Administrators read every message sent, filtered by kind, status and channel."""

from motcua.notify.constants import DeliveryStatus, MessageKind, NotifyChannel
from motcua.notify.models import Notification

URL = "/quan-tri/notify/notification/"


def test_administrators_filter_the_delivery_log_and_cannot_edit_it(client, admin, receptionist):
    failed = Notification.objects.create(
        channel=NotifyChannel.ZALO,
        destination="+84912345678",
        dossier_code="H99-0001",
        event_id=1,
        text="Hồ sơ H99-0001 đã được tiếp nhận.",
        status=DeliveryStatus.FAILED,
        last_error="Zalo error -124: Access token invalid",
    )
    Notification.objects.create(
        channel=NotifyChannel.EMAIL,
        destination="an@example.vn",
        dossier_code="H99-0002",
        event_id=2,
        text="Hồ sơ H99-0002 đã được tiếp nhận.",
        status=DeliveryStatus.SENT,
    )
    Notification.objects.create(
        kind=MessageKind.STAFF_ALERT,
        key="staff.alert:warned_at:3:2026-10-09T09:00:00+07:00:tp@motcua.invalid",
        channel=NotifyChannel.EMAIL,
        destination="tp@motcua.invalid",
        dossier_code="H99-0003",
        subject="[Một cửa] Hồ sơ H99-0003 sắp đến hạn trả kết quả",
        text="Hồ sơ H99-0003 phải trả kết quả trước 17:00 12/10/2026.",
        status=DeliveryStatus.SENT,
    )
    client.force_login(receptionist)
    assert client.get(URL).status_code == 403
    client.force_login(admin)
    page = client.get(URL, {"status__exact": "failed"}).content.decode()
    assert "H99-0001" in page and "Access token invalid" in page and "H99-0002" not in page
    page = client.get(URL, {"channel__exact": "email"}).content.decode()
    assert "H99-0002" in page and "H99-0001" not in page
    page = client.get(URL, {"kind__exact": "staff_alert"}).content.decode()
    assert "H99-0003" in page and "H99-0001" not in page and "H99-0002" not in page
    detail = client.get(f"{URL}{failed.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.post(f"{URL}{failed.pk}/delete/", {"post": "yes"}).status_code == 403
