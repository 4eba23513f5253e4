from django.db import models
from django.db.models import F
from django.db.models.expressions import CombinedExpression


class PeriodKind(models.TextChoices):
    """Report periods (kỳ báo cáo) of NĐ 09/2019/NĐ-CP Điều 12; the value is the URL word."""

    MONTH = "thang", "Tháng"
    QUARTER = "quy", "Quý"
    FIRST_HALF = "6-thang-dau", "6 tháng đầu năm"
    SECOND_HALF = "6-thang-cuoi", "6 tháng cuối năm"
    NINE_MONTHS = "9-thang", "9 tháng"
    YEAR = "nam", "Năm"
    CUSTOM = "tuy-chon", "Tùy chọn (từ ngày … đến ngày …)"


class Grouping(models.TextChoices):
    """What one row of the report is: a field (the official form's rows) or a receiving unit."""

    FIELD = "field", "Theo lĩnh vực"
    UNIT = "unit", "Theo đơn vị tiếp nhận"


class Cell(models.TextChoices):
    """A figure of Biểu II.06a that can be opened as a list of dossiers (`cot=` on the page).

    Columns 1 and 2 are the row number and the row's name. "rut" and "tra-lai" are this system's
    extra columns (withdrawn; refused or returned unresolved), so that (3) = (7) + (11) + both.
    """

    RECEIVED = "3", "Tổng số hồ sơ nhận giải quyết"
    ONLINE = "4", "Trong kỳ: trực tuyến"
    DIRECT = "5", "Trong kỳ: trực tiếp, dịch vụ bưu chính"
    CARRIED = "6", "Từ kỳ trước"
    SETTLED = "7", "Tổng số hồ sơ đã giải quyết"
    EARLY = "8", "Đã giải quyết trước hạn"
    ON_TIME = "9", "Đã giải quyết đúng hạn"
    LATE = "10", "Đã giải quyết quá hạn"
    OPEN = "11", "Tổng số hồ sơ đang giải quyết"
    OPEN_IN_TIME = "12", "Đang giải quyết trong hạn"
    OPEN_OVERDUE = "13", "Đang giải quyết quá hạn"
    WITHDRAWN = "rut", "Rút hồ sơ (dừng giải quyết theo đề nghị)"
    REFUSED = "tra-lai", "Trả lại, từ chối giải quyết"


# The cells that are sums of others; every other cell is one class of dossiers.
CELL_PARTS: dict[str, tuple[str, ...]] = {
    Cell.RECEIVED: (Cell.ONLINE, Cell.DIRECT, Cell.CARRIED),
    Cell.SETTLED: (Cell.EARLY, Cell.ON_TIME, Cell.LATE),
    Cell.OPEN: (Cell.OPEN_IN_TIME, Cell.OPEN_OVERDUE),
}

# How each cell sums the one rollup (metrics.DailyProcedureStats), day by day. II.06a counts a
# dossier ended without a result as withdrawn or refused only (the rollup's early and late count
# every end), and one ended with a result and no due time as on time.
CELL_SUMS: dict[str, CombinedExpression | F] = {
    Cell.ONLINE: F("received_online"),
    Cell.DIRECT: F("received") - F("received_online"),
    Cell.EARLY: F("settled_early") - F("stopped_early"),
    Cell.ON_TIME: F("settled")
    - F("withdrawn")
    - F("refused")
    - (F("settled_early") - F("stopped_early"))
    - (F("settled_late") - F("stopped_late")),
    Cell.LATE: F("settled_late") - F("stopped_late"),
    Cell.WITHDRAWN: F("withdrawn"),
    Cell.REFUSED: F("refused"),
}
# The end-of-day snapshot: open without a due time cannot be overdue (column 12).
OPEN_SUMS: dict[str, CombinedExpression | F] = {
    Cell.OPEN_IN_TIME: F("open_in_time") + F("open_untimed"),
    Cell.OPEN_OVERDUE: F("open_overdue"),
}
