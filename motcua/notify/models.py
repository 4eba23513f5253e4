from django.conf import settings
from django.db import models

from motcua.notify.constants import DeliveryStatus, MessageKind, NotifyChannel


class Notification(models.Model):
    """One message to one person on one channel, and what became of it."""

    # Applicants served at the counter have no account: the destination alone identifies them.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    kind = models.CharField(
        "loại tin", max_length=16, choices=MessageKind.choices, default=MessageKind.DOSSIER_EVENT
    )
    # What this message is ("dossier.event:42"), so an outbox retry finds the row instead of
    # sending a second message; '' for messages never retried (one-time codes).
    key = models.CharField("mã tin", max_length=400, blank=True)  # room for an e-mail address
    channel = models.CharField("kênh", max_length=8, choices=NotifyChannel.choices)
    destination = models.CharField("gửi tới", max_length=254)
    dossier_code = models.CharField("mã hồ sơ", max_length=64, blank=True)
    event_id = models.PositiveBigIntegerField("sự kiện hồ sơ", null=True, blank=True)
    subject = models.CharField("tiêu đề (thư điện tử)", max_length=255, blank=True)
    text = models.TextField("nội dung")  # a one-time code is stored masked
    status = models.CharField(
        "tình trạng", max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    provider_message_id = models.CharField("mã tin của nhà cung cấp", max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_attempt_at = models.DateTimeField("gửi lần cuối lúc", null=True, blank=True)
    sent_at = models.DateTimeField("đã gửi lúc", null=True, blank=True)
    delivered_at = models.DateTimeField("đã đến lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo đã gửi"
        ordering = ["-created_at", "-id"]
        constraints = [
            # An outbox retry finds the row again instead of sending a second message.
            models.UniqueConstraint(
                fields=["key", "channel"], condition=~models.Q(key=""), name="notification_once"
            ),
        ]

    def __str__(self) -> str:
        about = self.dossier_code or self.get_kind_display()
        return f"{about} {self.get_channel_display()} → {self.destination}"

    @property
    def is_done(self) -> bool:
        return self.status in (DeliveryStatus.SENT, DeliveryStatus.DELIVERED)


class NotificationPreference(models.Model):
    """The channels a citizen with an account wants; without a row: e-mail and SMS."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField("Thư điện tử", default=True)
    sms = models.BooleanField("Tin nhắn SMS", default=True)
    zalo = models.BooleanField("Tin Zalo", default=False)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "cài đặt nhận thông báo"
        verbose_name_plural = "cài đặt nhận thông báo"

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, channel: str) -> bool:
        return bool(getattr(self, channel))
