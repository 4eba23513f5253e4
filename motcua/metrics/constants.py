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


class OpenState(models.TextChoices):
    """A dossier still being processed at a moment (a period's end), judged as §4.3 says."""

    IN_TIME = "in_time", "Còn hạn"
    OVERDUE = "overdue", "Quá hạn"


class Source(models.TextChoices):
    """Where an indicator's data comes from; an indicator whose source is not connected shows
    "chưa có dữ liệu" instead of a figure."""

    CATALOG = "catalog", "Danh mục thủ tục hành chính"
    DOSSIERS = "dossiers", "Hồ sơ và lịch sử xử lý"
    RATINGS = "ratings", "Đánh giá của người dân"
    PAYMENT = "payment", "Thanh toán trực tuyến (cổng thanh toán)"
    NATIONAL_SYNC = "national_sync", "Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia"
    NATIONAL_CATALOG = "national_catalog", "Cơ sở dữ liệu quốc gia về TTHC"
    FEEDBACK = "feedback", "Phản ánh, kiến nghị (PAKN)"
    VAULT = "vault", "Kho quản lý dữ liệu điện tử của tổ chức, cá nhân"
    E_CERTIFICATION = "e_certification", "Chứng thực bản sao điện tử từ bản chính"
    POPULATION_DB = "population_db", "Cơ sở dữ liệu quốc gia về dân cư, VNeID"


# The sources this installation has, unless settings.MOTCUA_INDEX_SOURCES says otherwise. Payment
# is absent on purpose: `paid_online` is typed by an officer at confirmation, not reported by a
# payment gateway, so it is counted (rollup) but not shown until a gateway is connected.
CONNECTED_SOURCES = frozenset({Source.CATALOG, Source.DOSSIERS, Source.RATINGS})
