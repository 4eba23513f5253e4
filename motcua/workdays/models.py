from datetime import time

from django.conf import settings
from django.db import models

from motcua.workdays.constants import DueBasis, DurationUnit, OverrideKind, SupplementPolicy


class DeadlineRules(models.Model):
    """One version of the counting rules (office hours, cut-off, supplement policy) in force
    from a date, with its legal basis; the version in force on the reception day applies."""

    # One version a day; the index finds the version in force (selectors.rules_in_force).
    effective_from = models.DateField("hiệu lực từ ngày", unique=True)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=500)
    morning_start = models.TimeField("giờ bắt đầu buổi sáng", default=time(8, 0))
    morning_end = models.TimeField("giờ kết thúc buổi sáng", default=time(12, 0))
    afternoon_start = models.TimeField("giờ bắt đầu buổi chiều", default=time(13, 0))
    afternoon_end = models.TimeField("giờ kết thúc buổi chiều", default=time(17, 0))
    # NĐ 61/2018 Đ18 k2–3: dossiers received after 15:00 go on at the next working day's start.
    cutoff = models.TimeField("giờ chốt tiếp nhận trong ngày", default=time(15, 0))
    supplement_policy = models.CharField(
        "xử lý thời hạn khi bổ sung hồ sơ",
        max_length=16,
        choices=SupplementPolicy.choices,
        default=SupplementPolicy.RESTART,
    )
    # Which due time an apology or extension leaves a dossier to be judged against: a legal
    # choice of the version, as the supplement policy is (dossiers/timeliness.py applies it).
    due_basis = models.CharField(
        "đánh giá đúng hạn khi đã hẹn lại ngày trả",
        max_length=24,
        choices=DueBasis.choices,
        default=DueBasis.BEFORE_EXTENSION,
    )
    # Which legal set of one-stop forms (biểu mẫu) the slips of this version follow.
    form_set = models.CharField(
        "bộ biểu mẫu",
        max_length=16,
        choices=[
            ("tt03_2025", "Thông tư 03/2025/TT-VPCP (7 mẫu)"),
            ("tt01_2018", "Thông tư 01/2018/TT-VPCP (6 mẫu)"),
        ],
        default="tt03_2025",
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "phiên bản quy định tính thời hạn"
        verbose_name_plural = "phiên bản quy định tính thời hạn"
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(morning_start__lt=models.F("morning_end"))
                & models.Q(morning_end__lte=models.F("afternoon_start"))
                & models.Q(afternoon_start__lt=models.F("afternoon_end")),
                name="deadline_rules_office_hours_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Từ {self.effective_from:%d/%m/%Y}: {self.legal_basis}"


class CalendarOverride(models.Model):
    """A day the government made a day off or a working day, against the statutory calendar."""

    day = models.DateField("ngày", unique=True)  # one override a day (update_or_create by day)
    kind = models.CharField("loại", max_length=16, choices=OverrideKind.choices)
    name = models.CharField("lý do", max_length=255)
    legal_basis = models.CharField("căn cứ (văn bản công bố)", max_length=500)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "ngày nghỉ / ngày làm bù"
        verbose_name_plural = "ngày nghỉ / ngày làm bù"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.get_kind_display()}: {self.name}"


class Deadline(models.Model):
    """A stored due time with everything needed to compute it again.

    Dossiers, their steps and other timers each own one. When the calendar changes, every open
    deadline whose counting window contains the changed day is recomputed (services.py).
    """

    owner_type = models.CharField("loại đối tượng", max_length=64)
    owner_id = models.CharField("mã đối tượng", max_length=64)
    label = models.CharField("mô tả", max_length=255)
    received_at = models.DateTimeField("thời điểm tiếp nhận")
    # The moment the count runs from: received_at, or the moment it was restarted (supplement).
    counted_from = models.DateTimeField("tính thời hạn từ")
    duration_value = models.DecimalField("thời hạn", max_digits=7, decimal_places=2)
    duration_unit = models.CharField("đơn vị", max_length=16, choices=DurationUnit.choices)
    apply_cutoff = models.BooleanField("áp dụng giờ chốt 15:00", default=True)
    # [[start, end], ...] ISO datetimes during which the clock did not run.
    paused = models.JSONField("khoảng tạm dừng", default=list, blank=True)
    effective_start = models.DateTimeField("bắt đầu tính")
    due_at = models.DateTimeField("hạn")
    explanation = models.JSONField("cách tính", default=list)
    # A return date moved by an apology or extension is a fixed date, not recomputed.
    extended_to = models.DateTimeField("hẹn lại đến", null=True, blank=True)
    extension_reason = models.CharField("lý do hẹn lại", max_length=500, blank=True)
    is_open = models.BooleanField("còn theo dõi", default=True)
    # Set once by the warning sweep (a conditional UPDATE), so a warning is never sent twice.
    warned_at = models.DateTimeField("đã cảnh báo sắp đến hạn lúc", null=True, blank=True)
    breach_notified_at = models.DateTimeField("đã cảnh báo quá hạn lúc", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "thời hạn"
        verbose_name_plural = "thời hạn"
        indexes = [
            # Open deadlines by due time: those a calendar change can move
            # (selectors.open_deadlines_spanning) and the alert sweeps (dossiers.alerts).
            models.Index(
                fields=["due_at"], condition=models.Q(is_open=True), name="deadline_open_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.due_at:%H:%M %d/%m/%Y}"


class DeadlineChange(models.Model):
    """A recorded move of a stored deadline, with its cause (calendar change, restart …)."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="changes")
    previous_due_at = models.DateTimeField("hạn cũ")
    new_due_at = models.DateTimeField("hạn mới")
    cause = models.CharField("nguyên nhân", max_length=500)
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "thay đổi thời hạn"
        verbose_name_plural = "thay đổi thời hạn"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.deadline.label}: {self.previous_due_at} → {self.new_due_at}"
