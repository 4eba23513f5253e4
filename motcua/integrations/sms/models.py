from django.db import models


class SimulatedSms(models.Model):
    """A text message the SMS simulator "sent": developers read codes here (admin)."""

    # Indexed for one number's texts (simulated_messages_to, `manage.py simulated_sms --to`).
    to = models.CharField("số điện thoại", max_length=20, db_index=True)
    text = models.TextField("nội dung")
    sent_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tin nhắn SMS mô phỏng"
        verbose_name_plural = "tin nhắn SMS mô phỏng"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.text[:40]}"
