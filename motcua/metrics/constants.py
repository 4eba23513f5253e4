from django.db import models


class Period(models.TextChoices):
    """Periods offered on the public statistics page (the query value is the identifier)."""

    LAST_30_DAYS = "30-ngay", "30 ngày qua"
    QUARTER = "quy", "Quý này"
    YEAR = "nam", "Năm nay"


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
