from django.db import models

from motcua.accounts.models import Unit
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier


class DailyProcedureStats(models.Model):
    """One day's dossiers of one procedure at one receiving desk: the one rollup, rebuilt from the
    dossiers by `rollup_refresh` (services.py), never edited by hand. The public statistics, the
    766 index, the dashboards and Biểu II.06a all read it.

    Flows count on their day: received on the acceptance day, settled on the day processing ended
    (dossiers/timeliness.py judges each one). The open columns are a snapshot of the dossiers still
    being processed at the end of the day (or at the refresh, for today), judged at that moment: a
    period's figures read the flows of its days and the snapshots of one or two days only.
    Processing times are kept twice (distribution.py): the exact sorted sample while the row has
    few dossiers, and always a histogram rounded to 3 significant digits, so that any period's
    median and 90th percentile are exact for small groups and within 0.5% at scale.
    """

    day = models.DateField("ngày")
    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="+"
    )
    receiving_unit = models.ForeignKey(
        Unit, verbose_name="nơi tiếp nhận", on_delete=models.CASCADE, related_name="+"
    )
    received = models.PositiveIntegerField("tiếp nhận", default=0)
    # settled = early + on_time + late + unclassified, every end counted (the 766 index and the
    # public statistics); withdrawn and refused ones are among them. II.06a counts only the
    # dossiers that ended with a result by timeliness: early − stopped_early, late − stopped_late.
    settled = models.PositiveIntegerField("đã giải quyết", default=0)
    settled_early = models.PositiveIntegerField("trước hạn", default=0)
    settled_on_time = models.PositiveIntegerField("đúng hạn", default=0)
    settled_late = models.PositiveIntegerField("quá hạn", default=0)
    withdrawn = models.PositiveIntegerField("rút hồ sơ (dừng xử lý)", default=0)
    refused = models.PositiveIntegerField("trả lại, từ chối", default=0)
    stopped_early = models.PositiveIntegerField("rút hoặc từ chối, trước hạn", default=0)
    stopped_late = models.PositiveIntegerField("rút hoặc từ chối, quá hạn", default=0)
    settled_extended = models.PositiveIntegerField("đã hẹn lại ngày trả", default=0)
    # Processing times of dossiers that ended with a result (finished or returned).
    timed = models.PositiveIntegerField("số hồ sơ có thời gian xử lý", default=0)
    minutes_sum = models.PositiveBigIntegerField("tổng phút làm việc", default=0)
    minutes_sample = models.JSONField("mẫu chính xác (phút)", null=True, blank=True)
    minutes_histogram = models.JSONField("phân bố (phút, 3 chữ số)", default=list, blank=True)
    # For the 766 index and II.06a columns 4–5. Counted on the acceptance day, from the dossier
    # as it is now:
    received_online = models.PositiveIntegerField("tiếp nhận trực tuyến", default=0)
    received_postal = models.PositiveIntegerField("tiếp nhận qua bưu chính", default=0)
    received_online_e_result = models.PositiveIntegerField(
        "trực tuyến, có kết quả điện tử", default=0
    )
    received_reused = models.PositiveIntegerField("có giấy tờ dùng lại", default=0)
    received_paid_online = models.PositiveIntegerField("đã thanh toán trực tuyến", default=0)
    # Counted on the day processing ended, among the dossiers that ended with a result (`timed`):
    results_electronic = models.PositiveIntegerField("có kết quả điện tử", default=0)
    results_digitized = models.PositiveIntegerField("đã số hóa (giấy tờ và kết quả)", default=0)
    # Ratings of the dossiers settled that day.
    rated = models.PositiveIntegerField("được đánh giá", default=0)
    rated_unsatisfied = models.PositiveIntegerField("không hài lòng", default=0)
    rated_unsatisfied_late = models.PositiveIntegerField("không hài lòng và quá hạn", default=0)
    # Still being processed at the end of the day, judged then (timeliness.OpenTimeline). A
    # dossier of a procedure without a legal time is neither in time nor overdue: II.06a shows it
    # in time (column 12), the 766 index leaves it out.
    open_in_time = models.PositiveIntegerField("cuối ngày đang xử lý, còn hạn", default=0)
    open_overdue = models.PositiveIntegerField("cuối ngày đang xử lý, quá hạn", default=0)
    open_untimed = models.PositiveIntegerField("cuối ngày đang xử lý, không có hạn", default=0)

    class Meta:
        verbose_name = "số liệu ngày theo thủ tục"
        verbose_name_plural = "số liệu ngày theo thủ tục"
        ordering = ["-day", "procedure", "receiving_unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "procedure", "receiving_unit"], name="daily_stats_unique"
            ),
        ]
        # Every read is a range of days (a period's flows) or one or two days (its snapshots).
        indexes = [models.Index(fields=["day"], name="daily_stats_day")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.procedure_id}@{self.receiving_unit_id}"


class DossierFact(models.Model):
    """What the rollup counted for one accepted dossier, written by `rollup_refresh` in the same
    pass as the day rows: the drill-down lists these, so it shows exactly the dossiers counted."""

    dossier = models.OneToOneField(
        Dossier, primary_key=True, on_delete=models.CASCADE, related_name="fact"
    )
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+")
    receiving_unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    accepted_on = models.DateField("ngày tiếp nhận")
    ended_on = models.DateField("ngày kết thúc xử lý", null=True, blank=True)
    channel = models.PositiveSmallIntegerField("kênh nộp")
    timeliness = models.CharField("đúng hạn", max_length=16, blank=True)  # Timeliness or ""
    has_result = models.BooleanField("có kết quả", default=False)
    e_result = models.BooleanField("có kết quả điện tử", default=False)
    digitized = models.BooleanField("đã số hóa", default=False)
    reused = models.BooleanField("có giấy tờ dùng lại", default=False)
    paid_online = models.BooleanField("thanh toán trực tuyến", default=False)
    satisfaction = models.CharField("mức độ hài lòng", max_length=16, blank=True)

    class Meta:
        verbose_name = "số liệu của hồ sơ"
        verbose_name_plural = "số liệu của hồ sơ"
        indexes = [
            # selectors._accepted: the drill-down of a period's received dossiers.
            models.Index(fields=["accepted_on"], name="dossier_fact_accepted"),
            # selectors._ended: the drill-down of a period's settled dossiers (ended_on range).
            models.Index(fields=["ended_on"], name="dossier_fact_ended"),
        ]

    def __str__(self) -> str:
        return str(self.dossier_id)


class IndexScheme(models.Model):
    """One version of the Decision 766 index: groups, indicators, formulas, points, thresholds
    and bands (index766.scheme_of parses and checks `definition`). The version in force for a
    period is the latest whose `effective_from` is not after the period's last day."""

    code = models.SlugField("mã phiên bản", max_length=60, unique=True)
    name = models.CharField("tên", max_length=255)
    effective_from = models.DateField("áp dụng từ ngày", unique=True)
    legal_basis = models.TextField("căn cứ pháp lý")
    definition = models.JSONField("nhóm, chỉ số, công thức, điểm, ngưỡng, xếp loại")
    note = models.TextField("ghi chú", blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "phiên bản bộ chỉ số 766"
        verbose_name_plural = "phiên bản bộ chỉ số 766"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.name} (từ {self.effective_from:%d/%m/%Y})"


class RollupRefresh(models.Model):
    """One run of `rollup_refresh`: which days were rebuilt, and the watermark (the newest dossier
    event and rating when it started) from which the next run knows what changed."""

    started_at = models.DateTimeField("bắt đầu")
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    first_day = models.DateField("từ ngày", null=True, blank=True)
    last_day = models.DateField("đến ngày", null=True, blank=True)
    days = models.PositiveIntegerField("số ngày đã tính lại", default=0)
    rows = models.PositiveIntegerField("số dòng", default=0)
    dossiers = models.PositiveIntegerField("số hồ sơ đã chấm điểm đánh giá", default=0)
    # Events and ratings after these are new to the next run.
    last_event_id = models.PositiveBigIntegerField("sự kiện hồ sơ cuối đã biết", default=0)
    last_rating_id = models.PositiveBigIntegerField("đánh giá cuối đã biết", default=0)

    class Meta:
        verbose_name = "lần cập nhật số liệu tổng hợp"
        verbose_name_plural = "lần cập nhật số liệu tổng hợp"
        ordering = ["-started_at"]
        # last_refresh(): the newest finished run.
        indexes = [models.Index(fields=["-finished_at"], name="rollup_refresh_finished")]

    def __str__(self) -> str:
        return f"{self.started_at:%H:%M %d/%m/%Y}"
