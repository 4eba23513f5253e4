from django.db import models


class NotifyChannel(models.TextChoices):
    """How a message reaches a person."""

    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"
    ZALO = "zalo", "Tin Zalo"


class DeliveryStatus(models.TextChoices):
    """Where one message on one channel stands."""

    QUEUED = "queued", "Chờ gửi"  # row written, provider not yet called
    SENT = "sent", "Đã gửi"  # the provider accepted it
    DELIVERED = "delivered", "Đã đến máy"  # the provider reported delivery (callback)
    FAILED = "failed", "Gửi lỗi"  # the last attempt failed; the outbox retries it
