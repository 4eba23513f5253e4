from django.conf import settings
from django.db import models

from motcua.dossiers.constants import Satisfaction


class Rating(models.Model):
    """The applicant's evaluation of one dossier, given once after the result."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="rating"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    satisfaction = models.CharField("mức độ hài lòng", max_length=16, choices=Satisfaction.choices)
    # indicator key → 2 / 1 / 0 (see constants.CITIZEN_INDICATORS)
    scores = models.JSONField("điểm từng tiêu chí", default=dict)
    comment = models.TextField("góp ý", blank=True)
    created_at = models.DateTimeField("đánh giá lúc", auto_now_add=True)

    class Meta:
        verbose_name = "đánh giá"
        verbose_name_plural = "đánh giá"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_satisfaction_display()}"


class EvaluationScheme(models.Model):
    """A versioned set of evaluation criteria (bộ tiêu chí đánh giá việc giải quyết TTHC).

    Optional: the quarterly summary exists only while an enabled scheme is in force. The rules
    (which indicators, their sources, thresholds, bands, report period) live in `config`, read
    by `evaluation.SchemeRules`; TT 01/2018 is shipped by a data migration.
    """

    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên bộ tiêu chí", max_length=255)
    legal_basis = models.TextField("căn cứ pháp lý")
    effective_from = models.DateField("áp dụng từ")
    effective_to = models.DateField("hết áp dụng từ", null=True, blank=True)
    enabled = models.BooleanField("đang dùng", default=True)
    config = models.JSONField("cấu hình chỉ số, ngưỡng, xếp loại")
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "bộ tiêu chí đánh giá"
        verbose_name_plural = "bộ tiêu chí đánh giá"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name


class DossierScore(models.Model):
    """One accepted dossier's evaluation scores, kept by `rollup_refresh` (through
    services.evaluation_rescore) from the dossier, its history and its rating, so summaries add
    up rows instead of reading the history.

    A dossier belongs to the period in which its processing ended (`ended_on`); open dossiers
    have a row too (for the online share of indicator 9) with no per-dossier score yet.
    """

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="evaluation"
    )
    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="+")
    receiving_unit = models.ForeignKey("accounts.Unit", on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.CASCADE, related_name="+")
    online = models.BooleanField("nộp trực tuyến")
    accepted_on = models.DateField("ngày tiếp nhận")
    ended_on = models.DateField("ngày kết thúc xử lý", null=True, blank=True)
    has_result = models.BooleanField("có kết quả", default=False)
    # Received at a one-stop desk or service centre (indicator 5's measured part).
    at_desk = models.BooleanField("tiếp nhận tại Bộ phận Một cửa", default=True)
    late = models.BooleanField("quá hạn", default=False)
    # Each 2 / 1 / 0, or null when not scored (no result, no rating, no such answer).
    i1 = models.PositiveSmallIntegerField("chỉ số 1", null=True, blank=True)
    i3 = models.PositiveSmallIntegerField("chỉ số 3", null=True, blank=True)
    i4 = models.PositiveSmallIntegerField("chỉ số 4", null=True, blank=True)
    i5 = models.PositiveSmallIntegerField("chỉ số 5 (người dân)", null=True, blank=True)
    i6 = models.PositiveSmallIntegerField("chỉ số 6", null=True, blank=True)
    i7 = models.PositiveSmallIntegerField("chỉ số 7", null=True, blank=True)
    i9 = models.PositiveSmallIntegerField("chỉ số 9 (người dân)", null=True, blank=True)
    satisfaction = models.CharField(
        "mức độ hài lòng", max_length=16, choices=Satisfaction.choices, blank=True
    )
    computed_at = models.DateTimeField("tính lúc")

    class Meta:
        verbose_name = "điểm đánh giá hồ sơ"
        verbose_name_plural = "điểm đánh giá hồ sơ"
        indexes = [
            # selectors._scored_in, evaluation_dossiers: a quarter's settled dossiers of units.
            models.Index(fields=["ended_on", "receiving_unit"], name="dossier_score_ended"),
            # selectors._online_facts: a quarter's received dossiers (online indicators).
            models.Index(fields=["accepted_on", "receiving_unit"], name="dossier_score_accepted"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}"


class UnitStepScore(models.Model):
    """Indicator 2 for one unit that took part in a dossier (liên thông agencies included):
    its worst hand-over against its step times."""

    score = models.ForeignKey(DossierScore, on_delete=models.CASCADE, related_name="unit_steps")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.CASCADE, related_name="+")
    ended_on = models.DateField("ngày kết thúc xử lý", null=True, blank=True)  # copied, for range
    i2 = models.PositiveSmallIntegerField("chỉ số 2")
    steps = models.PositiveSmallIntegerField("số bước", default=1)

    class Meta:
        verbose_name = "điểm chỉ số 2 của đơn vị"
        verbose_name_plural = "điểm chỉ số 2 của đơn vị"
        constraints = [
            models.UniqueConstraint(fields=["score", "unit"], name="unit_step_score_unique"),
        ]
        # selectors._scored_in, evaluation_summary: indicator 2 per unit over a quarter.
        indexes = [models.Index(fields=["ended_on", "unit"], name="unit_step_score_ended")]

    def __str__(self) -> str:
        return f"{self.score_id}@{self.unit_id}: {self.i2}"


class OfficerScore(models.Model):
    """An officer who acted on a dossier; `i2` is the worst of their own hand-overs (null when
    they held no timed step, e.g. only returned the result)."""

    score = models.ForeignKey(DossierScore, on_delete=models.CASCADE, related_name="officers")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey("accounts.Unit", on_delete=models.CASCADE, related_name="+")
    ended_on = models.DateField("ngày kết thúc xử lý", null=True, blank=True)
    i2 = models.PositiveSmallIntegerField("chỉ số 2", null=True, blank=True)

    class Meta:
        verbose_name = "cán bộ tham gia hồ sơ"
        verbose_name_plural = "cán bộ tham gia hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["score", "officer"], name="officer_score_unique"),
        ]
        # selectors._officer_lines: each officer's dossiers over a quarter, per unit tree.
        indexes = [models.Index(fields=["ended_on", "unit"], name="officer_score_ended")]

    def __str__(self) -> str:
        return f"{self.score_id}:{self.officer_id}"


class SelfAssessment(models.Model):
    """A unit's own score for a per-unit indicator whose criterion needs facts the system does
    not hold (tự chấm), with the reason; the latest entry for a period wins, older ones stay."""

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý", null=True, blank=True)  # null: the year
    indicator = models.PositiveSmallIntegerField("chỉ số")
    points = models.DecimalField("điểm tự chấm", max_digits=3, decimal_places=1)
    note = models.TextField("căn cứ tự chấm")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField("nhập lúc")

    class Meta:
        verbose_name = "điểm tự chấm"
        verbose_name_plural = "điểm tự chấm"
        ordering = ["-entered_at", "-id"]
        indexes = [
            # selectors._latest_self_assessments: a unit's entries for one year and quarter.
            models.Index(fields=["unit", "year", "quarter"], name="self_assessment_period"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}/{self.quarter or '-'} chỉ số {self.indicator}"
