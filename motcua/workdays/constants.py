from django.db import models


class OverrideKind(models.TextChoices):
    """A government announcement that changes one day of the calendar."""

    DAY_OFF = "day_off", "Ngày nghỉ"  # holiday, compensatory or swapped day off
    WORKING_DAY = "working_day", "Ngày làm việc"  # make-up Saturday, or a cancelled day off


class DurationUnit(models.TextChoices):
    """How a processing time is counted (the national portal's DonViTinh)."""

    WORKING_DAYS = "working_days", "ngày làm việc"
    WORKING_HOURS = "working_hours", "giờ làm việc"
    SAME_DAY = "same_day", "trong ngày"
    CALENDAR_DAYS = "calendar_days", "ngày"  # the source did not say "làm việc"


class SupplementPolicy(models.TextChoices):
    """What a supplement received after appraisal does to the processing time."""

    RESTART = "restart", "Tính lại từ đầu khi nhận đủ hồ sơ bổ sung"  # NĐ 61/2018 Đ19 k4
    PAUSE = "pause", "Tạm dừng tính thời gian trong lúc chờ bổ sung"


class DueBasis(models.TextChoices):
    """Which due time an apology or extension leaves a dossier to be judged against (on time or
    late): part of the counting-rules version (DeadlineRules.due_basis); dossiers/timeliness.py
    applies it."""

    # NĐ 61/2018 Đ19 k9: the apology (Mẫu 04) is written because the dossier is late; periodic
    # reports keep such dossiers under "quá hạn (đã có thư xin lỗi)". The default.
    BEFORE_EXTENSION = "before_extension", "Hạn trước khi hẹn lại"
    # The return date as moved (NgayHenTra after the apology), as some provincial portals count.
    CURRENT = "current", "Ngày hẹn trả hiện tại (sau khi hẹn lại)"
