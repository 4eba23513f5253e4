from django.db import models


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
