from django.db import models


class SimulatedZaloMessage(models.Model):
    """A ZNS message the Zalo simulator accepted instead of sending (admin, tests)."""

    phone = models.CharField("số điện thoại", max_length=20)
    template_id = models.CharField("mẫu ZNS", max_length=64)
    data = models.JSONField("tham số mẫu")
    tracking_id = models.CharField("mã theo dõi", max_length=64, blank=True)
    msg_id = models.CharField("mã tin Zalo", max_length=64, unique=True)  # integrity: ids unique
    sent_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tin Zalo mô phỏng"
        verbose_name_plural = "tin Zalo mô phỏng"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.phone}: {self.data.get('noi_dung', '')[:40]}"
