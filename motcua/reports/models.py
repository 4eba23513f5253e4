from django.db import models

from motcua.accounts.models import Unit
from motcua.catalog.models import Procedure


class ReportingRules(models.Model):
    """One version of the report cut-offs (thời gian chốt số liệu) in force from a date.

    NĐ 09/2019/NĐ-CP Điều 12: a month runs from the 15th of the previous month to the 14th; a
    quarter, half-year, 9 months and year end on the 14th of their last month and start the day
    after the previous period's cut-off. `start_day` is always the day after `end_day` (or 1 with
    `end_day` 31, for calendar months), so consecutive periods never gap or overlap.
    """

    effective_from = models.DateField("hiệu lực từ ngày", unique=True)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=500)
    start_day = models.PositiveSmallIntegerField("ngày bắt đầu kỳ (của tháng trước)", default=15)
    end_day = models.PositiveSmallIntegerField("ngày chốt số liệu (của tháng cuối kỳ)", default=14)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "phiên bản quy định kỳ báo cáo"
        verbose_name_plural = "phiên bản quy định kỳ báo cáo"
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    end_day__gte=1, end_day__lte=27, start_day=models.F("end_day") + 1
                )
                | models.Q(start_day=1, end_day=31),
                name="reporting_rules_contiguous_periods",
            ),
        ]

    def __str__(self) -> str:
        return f"Từ {self.effective_from:%d/%m/%Y}: {self.start_day} → {self.end_day}"


class LedgerDay(models.Model):
    """One day's figures of one procedure at one receiving desk for Biểu II.06a: a rollup rebuilt
    from the dossiers by `reports_refresh`, never edited by hand.

    Flows count on their day (acceptance; first terminal event); the open columns are a snapshot
    of the dossiers still open at the end of the day, judged at that moment. A period's report
    then reads the flows of its days and only two snapshots: the day before it starts (carried
    over) and its last day (in progress).
    """

    day = models.DateField("ngày")
    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="+"
    )
    receiving_unit = models.ForeignKey(
        Unit, verbose_name="nơi tiếp nhận", on_delete=models.CASCADE, related_name="+"
    )
    accepted_online = models.PositiveIntegerField("tiếp nhận trực tuyến", default=0)
    accepted_direct = models.PositiveIntegerField("tiếp nhận trực tiếp, bưu chính", default=0)
    settled_early = models.PositiveIntegerField("giải quyết trước hạn", default=0)
    settled_on_time = models.PositiveIntegerField("giải quyết đúng hạn", default=0)
    settled_late = models.PositiveIntegerField("giải quyết quá hạn", default=0)
    withdrawn = models.PositiveIntegerField("rút hồ sơ", default=0)
    refused = models.PositiveIntegerField("trả lại, từ chối", default=0)
    open_in_time = models.PositiveIntegerField("cuối ngày đang giải quyết trong hạn", default=0)
    open_overdue = models.PositiveIntegerField("cuối ngày đang giải quyết quá hạn", default=0)

    class Meta:
        verbose_name = "số liệu ngày cho báo cáo định kỳ"
        verbose_name_plural = "số liệu ngày cho báo cáo định kỳ"
        ordering = ["-day", "procedure", "receiving_unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "procedure", "receiving_unit"], name="ledger_day_unique"
            ),
        ]
        indexes = [models.Index(fields=["day"], name="ledger_day_day")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.procedure_id}@{self.receiving_unit_id}"


class LedgerRefresh(models.Model):
    """One run of `reports_refresh`: which days were rebuilt, and the newest dossier event seen,
    from which the next run knows what changed."""

    started_at = models.DateTimeField("bắt đầu")
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    first_day = models.DateField("từ ngày", null=True, blank=True)
    last_day = models.DateField("đến ngày", null=True, blank=True)
    days = models.PositiveIntegerField("số ngày đã tính lại", default=0)
    rows = models.PositiveIntegerField("số dòng", default=0)
    last_event_id = models.BigIntegerField("sự kiện hồ sơ mới nhất đã đọc", default=0)

    class Meta:
        verbose_name = "lần cập nhật số liệu báo cáo"
        verbose_name_plural = "lần cập nhật số liệu báo cáo"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["-finished_at"], name="ledger_refresh_finished")]

    def __str__(self) -> str:
        return f"{self.started_at:%H:%M %d/%m/%Y}"
