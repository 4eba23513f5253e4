"""Biểu số II.06a/VPCP/KSTT (TT 01/2020/TT-VPCP): "Tình hình, kết quả giải quyết TTHC tại …".

    report = ii06a_report(period=period_of("quy", 2026, 1), units=None, grouping="field")
    report.total.col(3), report.lines[0].label, identity_errors(report.total)

Thirteen columns (legal-facts §5.1): (1) TT, (2) lĩnh vực; received for handling (3) = online (4)
+ counter and post (5) + carried over (6); settled (7) = early (8) + on time (9) + late (10);
in progress at the end (11) = within time (12) + overdue (13). This system adds two columns,
withdrawn and refused or returned unresolved, so that (3) = (7) + (11) + withdrawn + refused on
every row and on the total. All figures come from the one rollup (metrics.DailyProcedureStats).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from motcua.accounts.constants import UnitKind
from motcua.accounts.models import Unit
from motcua.accounts.permissions import unit_and_descendants
from motcua.accounts.selectors import unit_place_name
from motcua.catalog.models import Field
from motcua.core.localtime import format_date
from motcua.dossiers.slips.document import long_date
from motcua.metrics.selectors import last_refresh
from motcua.reports.constants import CELL_PARTS, Cell, Grouping
from motcua.reports.periods import Period
from motcua.reports.selectors import ledger_figures

NO_FIELD = "Chưa phân loại lĩnh vực"
FORM_NUMBER = "Biểu số II.06a/VPCP/KSTT"
FORM_BASIS = "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI"
UNIT_OF_COUNT = "Đơn vị tính: Số hồ sơ TTHC"
DOTS = "……"
IDENTITY_NOTE = (
    "Ghi chú: (3) = (4) + (5) + (6); (7) = (8) + (9) + (10); (11) = (12) + (13); "
    "(3) = (7) + (11) + (14) + (15). Cột (14), (15) theo dõi riêng hồ sơ công dân rút và hồ sơ "
    "trả lại, từ chối giải quyết sau khi đã tiếp nhận. Hồ sơ nhận giải quyết tính từ khi tiếp "
    "nhận hợp lệ; hồ sơ đang giải quyết được đánh giá trong hạn hoặc quá hạn tại thời điểm chốt "
    "số liệu."
)
# Column numbers of the form and the simple cells (ledger columns) that make each.
NUMBERED_CELLS: dict[int, str] = {
    3: Cell.RECEIVED,
    4: Cell.ONLINE,
    5: Cell.DIRECT,
    6: Cell.CARRIED,
    7: Cell.SETTLED,
    8: Cell.EARLY,
    9: Cell.ON_TIME,
    10: Cell.LATE,
    11: Cell.OPEN,
    12: Cell.OPEN_IN_TIME,
    13: Cell.OPEN_OVERDUE,
}
EXTRA_CELLS = {"withdrawn": Cell.WITHDRAWN, "refused": Cell.REFUSED}
COLUMNS = 15  # (1) … (13) of the form, then (14) withdrawn and (15) refused, kept apart


@dataclass(frozen=True)
class Head:
    """A header cell of the form's three header rows: rows and columns it spans (0-based)."""

    text: str
    row: int
    col: int
    last_row: int
    last_col: int

    @property
    def rowspan(self) -> int:
        return self.last_row - self.row + 1

    @property
    def colspan(self) -> int:
        return self.last_col - self.col + 1


ROW_HEADS = {Grouping.FIELD: "Lĩnh vực, công việc giải quyết theo cấp", Grouping.UNIT: "Đơn vị"}


def heads(grouping: str) -> list[Head]:
    """The two-level column headers of the form (the same in the XLSX, the PDF and the page)."""
    return [
        Head("STT", 0, 0, 2, 0),
        Head(ROW_HEADS[Grouping(grouping)], 0, 1, 2, 1),
        Head("Số hồ sơ nhận giải quyết", 0, 2, 0, 5),
        Head("Số hồ sơ đã giải quyết", 0, 6, 0, 9),
        Head("Số hồ sơ đang giải quyết", 0, 10, 0, 12),
        Head("Không giải quyết (theo dõi riêng)", 0, 13, 0, 14),
        Head("Tổng số", 1, 2, 2, 2),
        Head("Trong kỳ", 1, 3, 1, 4),
        Head("Từ kỳ trước", 1, 5, 2, 5),
        Head("Tổng số", 1, 6, 2, 6),
        Head("Trước hạn", 1, 7, 2, 7),
        Head("Đúng hạn", 1, 8, 2, 8),
        Head("Quá hạn", 1, 9, 2, 9),
        Head("Tổng số", 1, 10, 2, 10),
        Head("Trong hạn", 1, 11, 2, 11),
        Head("Quá hạn", 1, 12, 2, 12),
        Head("Rút hồ sơ", 1, 13, 2, 13),
        Head("Trả lại, từ chối", 1, 14, 2, 14),
        Head("Trực tuyến", 2, 3, 2, 3),
        Head("Trực tiếp, dịch vụ bưu chính", 2, 4, 2, 4),
    ]


def head_rows(grouping: str) -> list[list[Head]]:
    """The header cells row by row, left to right (for an HTML table)."""
    rows: list[list[Head]] = [[], [], []]
    for head in sorted(heads(grouping), key=lambda h: (h.row, h.col)):
        rows[head.row].append(head)
    return rows


# The simple or composite cell behind each numbered column from (3) on, for the drill-down.
COLUMN_CELLS = [*NUMBERED_CELLS.values(), Cell.WITHDRAWN, Cell.REFUSED]


@dataclass
class Line:
    """One row of the form: a field or a receiving unit, or the total."""

    number: int | None  # (1) TT; None on the total row
    label: str  # (2)
    key: int | None = None  # field or unit id; None for "no field" and for the total
    figures: Counter[str] = field(default_factory=Counter)  # simple cells only

    def cell(self, cell: str) -> int:
        parts = CELL_PARTS.get(cell)
        return sum(self.figures[p] for p in parts) if parts else self.figures[cell]

    def col(self, number: int) -> int:
        return self.cell(NUMBERED_CELLS[number])

    @property
    def columns(self) -> list[int]:
        """(3) … (13), then withdrawn and refused."""
        return [self.cell(cell) for cell in COLUMN_CELLS]

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"col1": self.number, "col2": self.label}
        data.update({f"col{n}": self.col(n) for n in range(3, 14)})
        data.update({name: self.cell(cell) for name, cell in EXTRA_CELLS.items()})
        return data


def identity_errors(line: Line) -> list[str]:
    """The form's identities that `line` breaks, in words (empty when all hold)."""
    c = line.col
    withdrawn, refused = line.cell(Cell.WITHDRAWN), line.cell(Cell.REFUSED)
    checks = [
        (c(3) == c(4) + c(5) + c(6), "(3) ≠ (4) + (5) + (6)"),
        (c(7) == c(8) + c(9) + c(10), "(7) ≠ (8) + (9) + (10)"),
        (c(11) == c(12) + c(13), "(11) ≠ (12) + (13)"),
        (c(3) == c(7) + c(11) + withdrawn + refused, "(3) ≠ (7) + (11) + (14) + (15)"),
    ]
    return [f"{line.label}: {text}" for holds, text in checks if not holds]


@dataclass
class Report:
    period: Period
    grouping: str
    reporting_unit: str  # "Đơn vị báo cáo"
    receiving_unit: str  # "Đơn vị nhận báo cáo"
    subject: str  # after "… TẠI": the unit whose handling is reported
    lines: list[Line]
    total: Line
    as_of: date  # figures up to the end of this day (≤ period.last)
    refreshed_at: datetime | None  # when the ledger was last rebuilt
    warnings: list[str] = field(default_factory=list)
    place: str = ""  # the reporting unit's place name (địa danh); '' leaves it to the pen

    @property
    def title(self) -> str:
        return f"{TITLE} {self.subject.upper()}"

    @property
    def window(self) -> str:
        return (
            f"(Từ ngày {format_date(self.period.first)} đến ngày {format_date(self.period.last)})"
        )

    @property
    def place_date(self) -> str:
        return f"{self.place or DOTS}, {long_date(timezone.localdate())}"

    @property
    def errors(self) -> list[str]:
        return [error for line in [*self.lines, self.total] for error in identity_errors(line)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "form": FORM_NUMBER,
            "period": {
                "kind": self.period.kind,
                "label": self.period.label,
                "slug": self.period.slug,
                "from": self.period.first.isoformat(),
                "to": self.period.last.isoformat(),
                "legal_basis": self.period.legal_basis,
            },
            "grouping": self.grouping,
            "reporting_unit": self.reporting_unit,
            "subject": self.subject,
            "as_of": self.as_of.isoformat(),
            "refreshed_at": self.refreshed_at,
            "rows": [line.as_dict() for line in self.lines],
            "total": self.total.as_dict(),
            "identities_hold": not self.errors,
            "warnings": self.warnings + self.errors,
        }


def _labels(grouping: str, keys: list[int | None]) -> dict[int | None, str]:
    ids = [k for k in keys if k is not None]
    if grouping == Grouping.UNIT:
        return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    labels: dict[int | None, str] = dict(Field.objects.filter(pk__in=ids).values_list("pk", "name"))
    labels[None] = NO_FIELD
    return labels


def _header_units(unit: Unit | None) -> tuple[str, str, str]:
    """(reporting unit, receiving unit, place name): the unit reported on, or the department when
    the report covers every unit; the report goes to the body above it (UBND tỉnh for the Sở)."""
    if unit is None:
        unit = Unit.objects.filter(kind=UnitKind.DEPARTMENT).select_related("parent").first()
    if unit is None:
        return settings.MOTCUA_AGENCY_NAME, DOTS, ""
    recipient = unit.parent.name if unit.parent_id else DOTS  # type: ignore[union-attr]
    return unit.name, recipient, unit_place_name(unit)


def ii06a_report(
    *,
    period: Period,
    unit: Unit | None = None,
    grouping: str = Grouping.FIELD,
    field_id: int | None = None,
) -> Report:
    """The form for `period` over the dossiers received by `unit` and the units below it (None:
    every unit), one row per field (the official layout) or per receiving unit, from the ledger.
    `field_id` keeps one field (0 for procedures without one)."""
    refresh = last_refresh()
    warnings = []
    # Figures run to the last day the ledger was rebuilt through, never past the period; a ledger
    # older than the period's start leaves only the carried-over dossiers (as_of = first − 1).
    day_before = period.first - timedelta(days=1)
    covered = refresh.last_day if refresh and refresh.last_day else day_before
    as_of = max(min(period.last, covered), day_before)
    if refresh is None:
        warnings.append("Chưa tổng hợp số liệu báo cáo (lệnh rollup_refresh chưa chạy).")
    elif as_of < period.last:
        warnings.append(
            "Kỳ báo cáo chưa kết thúc hoặc số liệu chưa cập nhật hết kỳ: số liệu tính đến hết "
            f"ngày {format_date(as_of)}."
        )
    units = unit_and_descendants(unit) if unit is not None else None
    figures = ledger_figures(first=period.first, last=as_of, units=units, grouping=grouping)
    if field_id is not None and grouping == Grouping.FIELD:
        figures = {k: v for k, v in figures.items() if (k or 0) == field_id}
    labels = _labels(grouping, list(figures))
    ordered = sorted(figures, key=lambda k: (k is None, labels.get(k, "")))
    lines = [
        Line(number=n, label=labels.get(key, str(key)), key=key, figures=figures[key])
        for n, key in enumerate(ordered, start=1)
    ]
    total = Line(number=None, label="Tổng cộng")
    for line in lines:
        total.figures.update(line.figures)
    reporting, recipient, place = _header_units(unit)
    return Report(
        period=period,
        grouping=grouping,
        reporting_unit=reporting,
        receiving_unit=recipient,
        subject=reporting,
        lines=lines,
        total=total,
        as_of=as_of,
        refreshed_at=refresh.started_at if refresh else None,
        warnings=warnings,
        place=place,
    )
