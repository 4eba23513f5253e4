from django.core.validators import MinValueValidator
from django.db import models


class Schedule(models.Model):
    """A periodic sweep: which task to enqueue and how often. The schedule is data (admin)."""

    name = models.SlugField("mã", max_length=64, unique=True)  # integrity: schedules by name
    description = models.CharField("mô tả", max_length=300)
    task_path = models.CharField(
        "tác vụ", max_length=200, help_text="Đường dẫn của tác vụ, ví dụ motcua.outbox.tasks.…"
    )
    every_seconds = models.PositiveIntegerField("chu kỳ (giây)", validators=[MinValueValidator(5)])
    # Slots start at local midnight plus this offset: every 86400 s with offset 25200 s is
    # "daily at 07:00" (Vietnam has no daylight saving time, so local slots never shift).
    offset_seconds = models.PositiveIntegerField("lệch so với 0 giờ (giây)", default=0)
    enabled = models.BooleanField("đang chạy", default=True)

    class Meta:
        verbose_name = "lịch chạy định kỳ"
        verbose_name_plural = "lịch chạy định kỳ"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScheduledRun(models.Model):
    """One slot of a schedule, claimed by exactly one scheduler: the unique (schedule, slot) pair
    is what stops two schedulers running at once from enqueueing the same run twice."""

    class Outcome(models.TextChoices):
        ENQUEUED = "enqueued", "đã đưa vào hàng đợi"
        SKIPPED_BUSY = "skipped_busy", "bỏ qua: lần trước chưa chạy xong"

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="runs")
    slot = models.DateTimeField("kỳ")
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    outcome = models.CharField("kết quả", max_length=16, choices=Outcome.choices)
    task_result_id = models.CharField("mã tác vụ", max_length=64, blank=True)

    class Meta:
        verbose_name = "lần chạy định kỳ"
        verbose_name_plural = "các lần chạy định kỳ"
        constraints = [
            # A slot runs once; read backwards, the same index gives a schedule's latest run
            # (services._claim_and_enqueue: is it still busy?), asked on every tick.
            models.UniqueConstraint(fields=["schedule", "slot"], name="scheduled_run_once"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} {self.slot:%Y-%m-%d %H:%M:%S}"
