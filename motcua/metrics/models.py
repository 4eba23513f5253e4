from django.db import models

from motcua.accounts.models import Unit
from motcua.catalog.models import Procedure


class DailyProcedureStats(models.Model):
    """One day's dossiers of one procedure at one receiving desk: a rollup rebuilt from the
    dossiers by `stats_refresh`, never edited by hand.

    Received dossiers count on their acceptance day, settled ones on the day processing ended
    (timeliness.py). Processing times are kept twice (distribution.py): the exact sorted sample
    while the row has few dossiers, and always a histogram rounded to 3 significant digits, so
    that any period's median and 90th percentile are exact for small groups and within 0.5% at
    scale.
    """

    day = models.DateField("ngày")
    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="+"
    )
    receiving_unit = models.ForeignKey(
        Unit, verbose_name="nơi tiếp nhận", on_delete=models.CASCADE, related_name="+"
    )
    received = models.PositiveIntegerField("tiếp nhận", default=0)
    # settled = early + on_time + late + unclassified; withdrawn/refused ones are among them.
    settled = models.PositiveIntegerField("đã giải quyết", default=0)
    settled_early = models.PositiveIntegerField("trước hạn", default=0)
    settled_on_time = models.PositiveIntegerField("đúng hạn", default=0)
    settled_late = models.PositiveIntegerField("quá hạn", default=0)
    settled_stopped = models.PositiveIntegerField("dừng xử lý, từ chối", default=0)
    settled_extended = models.PositiveIntegerField("đã hẹn lại ngày trả", default=0)
    # Processing times of dossiers that ended with a result (finished or returned).
    timed = models.PositiveIntegerField("số hồ sơ có thời gian xử lý", default=0)
    minutes_sum = models.PositiveBigIntegerField("tổng phút làm việc", default=0)
    minutes_sample = models.JSONField("mẫu chính xác (phút)", null=True, blank=True)
    minutes_histogram = models.JSONField("phân bố (phút, 3 chữ số)", default=list, blank=True)

    class Meta:
        verbose_name = "số liệu ngày theo thủ tục"
        verbose_name_plural = "số liệu ngày theo thủ tục"
        ordering = ["-day", "procedure", "receiving_unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "procedure", "receiving_unit"], name="daily_stats_unique"
            ),
        ]
        indexes = [models.Index(fields=["day"], name="daily_stats_day")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.procedure_id}@{self.receiving_unit_id}"


class StatsRefresh(models.Model):
    """One run of `stats_refresh`: when the public figures were last rebuilt, and which days."""

    started_at = models.DateTimeField("bắt đầu")
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    days = models.JSONField("các ngày đã tính lại", default=list)
    rows = models.PositiveIntegerField("số dòng", default=0)

    class Meta:
        verbose_name = "lần cập nhật số liệu"
        verbose_name_plural = "lần cập nhật số liệu"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["-finished_at"], name="stats_refresh_finished")]

    def __str__(self) -> str:
        return f"{self.started_at:%H:%M %d/%m/%Y}"
