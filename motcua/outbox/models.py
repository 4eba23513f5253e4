from django.db import models


class OutboxMessage(models.Model):
    """A side effect (notification, national-portal sync) written in the same transaction as the
    change that causes it, and delivered afterwards with retries (`manage.py outbox_dispatch`)."""

    topic = models.CharField("loại", max_length=64)
    key = models.CharField("đối tượng", max_length=64)
    payload = models.JSONField("nội dung")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    available_at = models.DateTimeField("gửi từ lúc")
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("đã gửi lúc", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)

    class Meta:
        verbose_name = "tin chờ gửi"
        verbose_name_plural = "hàng đợi gửi đi"
        indexes = [
            # The unsent messages due first (services.outbox_dispatch, every worker tick).
            models.Index(
                fields=["available_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.key}"
