from django.db import models


class NotifyChannel(models.TextChoices):
    """How a message reaches a person."""

    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"
    ZALO = "zalo", "Tin Zalo"


class MessageKind(models.TextChoices):
    """Why a message is sent; each kind has one service in `notify.services`."""

    DOSSIER_EVENT = "dossier_event", "Thông báo hồ sơ"  # to the applicant, after each event
    STAFF_ALERT = "staff_alert", "Cảnh báo hạn xử lý"  # to officers, before and at a deadline
    ONE_TIME_CODE = "one_time_code", "Mã xác thực"  # to a citizen signing in or registering


class DeliveryStatus(models.TextChoices):
    """Where one message on one channel stands."""

    QUEUED = "queued", "Chờ gửi"  # row written, provider not yet called
    SENT = "sent", "Đã gửi"  # the provider accepted it
    DELIVERED = "delivered", "Đã đến máy"  # the provider reported delivery (callback)
    FAILED = "failed", "Gửi lỗi"  # the last attempt failed; the outbox retries it
