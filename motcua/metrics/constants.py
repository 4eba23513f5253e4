from django.db import models


class DueBasis(models.TextChoices):
    """Which due time an apology or extension leaves a settled dossier to be judged against."""

    # NĐ 61/2018 Đ19 k9: the apology (Mẫu 04) is written because the dossier is late; periodic
    # reports keep such dossiers under "quá hạn (đã có thư xin lỗi)". The default.
    BEFORE_EXTENSION = "before_extension", "Hạn trước khi hẹn lại"
    # The return date as moved (NgayHenTra after the apology), as some provincial portals count.
    CURRENT = "current", "Ngày hẹn trả hiện tại (sau khi hẹn lại)"


class EndKind(models.TextChoices):
    """How processing ended (§4.3: first terminal event, in this priority order)."""

    FINISHED = "finish", "Đã xử lý xong"
    RETURNED = "return_result", "Đã trả kết quả"
    WITHDRAWN = "withdraw", "Dừng xử lý (rút hồ sơ)"
    REFUSED = "refuse", "Từ chối"


class Period(models.TextChoices):
    """Periods offered on the public statistics page (the query value is the identifier)."""

    LAST_30_DAYS = "30-ngay", "30 ngày qua"
    QUARTER = "quy", "Quý này"
    YEAR = "nam", "Năm nay"
