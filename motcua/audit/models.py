from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One append-only, hash-chained record of a state change or a staff read of personal data.

    `hash` covers this row's content and the previous row's hash, so altering or deleting any row
    breaks the chain from there on (`manage.py audit_verify`).
    """

    at = models.DateTimeField("thời điểm")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("người thực hiện (lúc ghi)", max_length=150, blank=True)
    ip_address = models.CharField("địa chỉ IP", max_length=64, blank=True)
    # Indexed for the admin's filter by action (the list and its choices: SELECT DISTINCT).
    action = models.CharField("hành động", max_length=64, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=64)
    object_id = models.CharField("mã đối tượng", max_length=64)
    data = models.JSONField("nội dung", default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)  # integrity: no row repeated; no look-up

    class Meta:
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_id}"
