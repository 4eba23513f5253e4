"""The catalog as an XLSX workbook that officers can edit in Excel or LibreOffice, and back.

Five sheets, one row per procedure, case, step, component and fee; child rows name their
procedure (and case) by code. Choice columns hold Vietnamese labels (codes are accepted too).
Facts listed in "Chưa có thông tin" and left empty read back as unknown (None), so that
"no fee" ([]) and "fee not known" (None) survive the round trip.

Reading never stops at the first problem: every bad row becomes a RowError in Vietnamese, and
the import stores nothing while any remain.
"""

import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import openpyxl
import xlsxwriter
from django.db.models import Prefetch
from openpyxl.utils.exceptions import InvalidFileException
from xlsxwriter.utility import xl_col_to_name

from motcua.accounts.constants import Role
from motcua.catalog.constants import (
    KNOWABLE_FACTS,
    ComponentNeed,
    CopyType,
    FeeKind,
    Level,
    OnlineLevel,
    PublicationStatus,
)
from motcua.catalog.importing import CatalogFileError, Located, RowError, parse_json
from motcua.catalog.models import Component, Procedure, ProcedureCase, ProcessStep
from motcua.catalog.records import FORMAT, to_record, unknown_facts
from motcua.workdays.constants import DurationUnit

XLSX_MAGIC = b"PK\x03\x04"  # an XLSX file is a zip archive

PROCEDURES = "Thủ tục"
CASES = "Trường hợp"
STEPS = "Bước"
COMPONENTS = "Thành phần"
FEES = "Phí"

CODE = "Mã thủ tục"
CASE = "Mã trường hợp"
DEMO = "Giá trị minh họa"
LISTS = "Giá trị chọn"  # hidden sheet holding the drop-down lists; ignored when reading
UNKNOWN = "Chưa có thông tin"

HEADERS = {
    PROCEDURES: [
        CODE,
        "Mã quốc gia",
        "Tên thủ tục",
        "Lĩnh vực",
        "Cấp thực hiện",
        "Mã cơ quan thực hiện",
        "Nơi tiếp nhận hồ sơ",
        "Căn cứ pháp lý (mỗi dòng một văn bản)",
        "Kết quả thực hiện",
        "Trả kết quả bản giấy",
        "Trả kết quả điện tử",
        "Mức độ DVC trực tuyến",
        "Đủ điều kiện toàn trình",
        "Nhận, trả qua bưu chính",
        "Số quyết định công bố",
        "Ngày công bố",
        "Tình trạng công bố",
        "Hiệu lực từ",
        "Hết hiệu lực từ",
        "Trình tự thực hiện (JSON)",
        "Nguồn (JSON)",
        "Ghi chú",
        UNKNOWN,
        DEMO,
    ],
    CASES: [
        CODE,
        CASE,
        "Tên trường hợp",
        "Mặc định",
        "Thời hạn giải quyết",
        "Đơn vị thời hạn",
        DEMO,
    ],
    STEPS: [
        CODE,
        CASE,
        "Thứ tự",
        "Tên bước",
        "Mã đơn vị thực hiện",
        "Vai trò",
        "Thời gian",
        "Đơn vị thời gian",
        DEMO,
    ],
    COMPONENTS: [
        CODE,
        "Thứ tự",
        "Tên giấy tờ",
        "Yêu cầu",
        "Điều kiện áp dụng",
        "Loại bản",
        "Loại bản (theo văn bản công bố)",
        "Số lượng",
        "Chỉ xuất trình",
        "Lấy từ kho dữ liệu",
        CASE,
        DEMO,
    ],
    FEES: [CODE, "Loại", "Tên khoản thu", "Mức thu (đồng)", "Ghi chú", DEMO],
}
WIDTHS = {
    CODE: 12,
    CASE: 14,
    "Tên thủ tục": 60,
    "Tên bước": 40,
    "Tên giấy tờ": 50,
    "Tên khoản thu": 40,
    "Căn cứ pháp lý (mỗi dòng một văn bản)": 50,
    "Ghi chú": 40,
}
YES, NO = "Có", "Không"
DATE_COLUMNS = {"Ngày công bố", "Hiệu lực từ", "Hết hiệu lực từ"}
# Record keys of the facts that can be unknown; processing time and steps are read from cases.
UNKNOWABLE_KEYS = [
    "fees",
    "components",
    "legal_bases",
    "online_level",
    "result",
    "field",
    "sequence",
]
AMOUNT_TEXT = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")  # "50.000" is fifty thousand đồng


# Writing


def _label(choices: Any, value: str | None) -> str:
    """The Vietnamese label of a choice; an invalid value is written as is, to be reported when
    the file is read back."""
    if not value:
        return ""
    return str(choices(value).label) if value in choices.values else str(value)


def _yes(value: Any) -> str:
    return YES if value else NO


def _facts(codes: list[str]) -> str:
    return "; ".join(KNOWABLE_FACTS.get(code, code) for code in codes)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if value else ""


def _time_cells(time: dict[str, Any] | None) -> list[Any]:
    if time is None:
        return [None, ""]
    return [time.get("value"), _label(DurationUnit, time.get("unit"))]


def _procedure_row(record: dict[str, Any]) -> list[Any]:
    publication = record.get("publication") or {}
    return [
        record["code"],
        _yes(record.get("national_code", True)),
        record["name"],
        record.get("field") or "",
        _label(Level, record.get("level")),
        record.get("implementing_unit") or "",
        record.get("submission_places") or "",
        "\n".join(record.get("legal_bases") or []),
        record.get("result") or "",
        _yes(record.get("result_paper")),
        _yes(record.get("result_electronic")),
        _label(OnlineLevel, record.get("online_level")),
        _yes(record.get("fully_online_eligible")),
        _yes(record.get("postal_allowed")),
        publication.get("decision_number") or "",
        publication.get("decision_date"),
        _label(PublicationStatus, publication.get("status") or PublicationStatus.NEW),
        publication.get("effective_from"),
        publication.get("effective_to"),
        _json_text(record.get("sequence")),
        _json_text(record.get("sources")),
        record.get("notes") or "",
        _facts(unknown_facts(record)),
        _facts(record.get("demo_fields") or []),
    ]


def _rows(record: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """The rows one record contributes to each sheet."""
    code = record["code"]
    rows: dict[str, list[list[Any]]] = {
        PROCEDURES: [_procedure_row(record)],
        CASES: [],
        STEPS: [],
        COMPONENTS: [],
        FEES: [],
    }
    for case in record["cases"]:
        rows[CASES].append(
            [
                code,
                case["code"],
                case["name"],
                _yes(case.get("default")),
                *_time_cells(case.get("processing_time")),
                _yes(case.get("demo")),
            ]
        )
        for step in case.get("steps") or []:
            rows[STEPS].append(
                [
                    code,
                    case["code"],
                    step["order"],
                    step["name"],
                    step.get("unit") or "",
                    _label(Role, step.get("role")),
                    *_time_cells(step.get("duration")),
                    _yes(step.get("demo")),
                ]
            )
    for order, comp in enumerate(record.get("components") or [], 1):
        rows[COMPONENTS].append(
            [
                code,
                order,
                comp["name"],
                _label(ComponentNeed, comp.get("need") or ComponentNeed.REQUIRED),
                comp.get("condition") or "",
                _label(CopyType, comp.get("copy_type")),
                comp.get("copy_type_note") or "",
                comp.get("quantity"),
                _yes(comp.get("shown_only")),
                _yes(comp.get("from_vault")),
                comp.get("case") or "",
                _yes(comp.get("demo")),
            ]
        )
    for fee in record.get("fees") or []:
        rows[FEES].append(
            [
                code,
                _label(FeeKind, fee.get("kind") or FeeKind.FEE),
                fee["name"],
                fee.get("amount_vnd"),
                fee.get("note") or "",
                _yes(fee.get("demo")),
            ]
        )
    return rows


CHOICES_IN_COLUMN = {
    "Mã quốc gia": [YES, NO],
    "Cấp thực hiện": Level.labels,
    "Trả kết quả bản giấy": [YES, NO],
    "Trả kết quả điện tử": [YES, NO],
    "Mức độ DVC trực tuyến": OnlineLevel.labels,
    "Đủ điều kiện toàn trình": [YES, NO],
    "Nhận, trả qua bưu chính": [YES, NO],
    "Tình trạng công bố": PublicationStatus.labels,
    "Mặc định": [YES, NO],
    "Đơn vị thời hạn": DurationUnit.labels,
    "Đơn vị thời gian": DurationUnit.labels,
    "Vai trò": Role.labels,
    "Yêu cầu": ComponentNeed.labels,
    "Loại bản": CopyType.labels,
    "Chỉ xuất trình": [YES, NO],
    "Lấy từ kho dữ liệu": [YES, NO],
    "Loại": FeeKind.labels,
    DEMO: [YES, NO],
}


def write_xlsx(records: list[dict[str, Any]]) -> bytes:
    """An XLSX workbook holding `records` (canonical catalog records, see records.py)."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    header_format = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top", "border": 1}
    )
    cell_format = workbook.add_format({"text_wrap": True, "valign": "top"})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
    sheets: dict[str, list[list[Any]]] = {name: [] for name in HEADERS}
    for record in records:
        for name, rows in _rows(record).items():
            sheets[name].extend(rows)
    # Drop-down lists point at a hidden sheet: Excel's inline lists cannot hold a label with a
    # comma ("Sửa đổi, bổ sung"). The warning style still lets an officer type a code.
    choice_lists = list(dict.fromkeys(tuple(choices) for choices in CHOICES_IN_COLUMN.values()))
    ranges = {
        choices: f"='{LISTS}'!${xl_col_to_name(col)}$1:${xl_col_to_name(col)}${len(choices)}"
        for col, choices in enumerate(choice_lists)
    }
    for name, headers in HEADERS.items():
        sheet = workbook.add_worksheet(name)
        sheet.freeze_panes(1, 1)
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, header_format)
            sheet.set_column(col, col, WIDTHS.get(header, 16), cell_format)
            choices = CHOICES_IN_COLUMN.get(header)
            # On 'Thủ tục', "Giá trị minh họa" lists facts rather than saying Có/Không.
            if choices and not (name == PROCEDURES and header == DEMO):
                sheet.data_validation(
                    1,
                    col,
                    len(sheets[name]) + 500,
                    col,
                    {"validate": "list", "source": ranges[tuple(choices)], "error_type": "warning"},
                )
        for row_index, row in enumerate(sheets[name], 1):
            for col, value in enumerate(row):
                if value is None or value == "":
                    continue
                if headers[col] in DATE_COLUMNS:
                    sheet.write_datetime(row_index, col, date.fromisoformat(value), date_format)
                elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    sheet.write_number(row_index, col, value)
                else:
                    sheet.write_string(row_index, col, str(value))
    lists = workbook.add_worksheet(LISTS)
    for col, labels in enumerate(choice_lists):
        for row_index, label in enumerate(labels):
            lists.write_string(row_index, col, label)
    lists.hide()
    workbook.close()
    return output.getvalue()


# Reading


def _lookup(choices: Any) -> dict[str, str]:
    """Label or code (any letter case) → code."""
    table = {str(value).casefold(): str(value) for value in choices.values}
    table.update(
        {
            str(label).casefold(): str(value)
            for value, label in zip(choices.values, choices.labels, strict=True)
        }
    )
    return table


FACT_LOOKUP = {label.casefold(): fact for fact, label in KNOWABLE_FACTS.items()} | {
    fact.casefold(): fact for fact in KNOWABLE_FACTS
}
BOOLEANS = {
    "có": True,
    "không": False,
    "x": True,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
}


def _plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class _Row:
    """One sheet row; each reader method records a RowError and returns a neutral value."""

    def __init__(self, sheet: str, number: int, cells: dict[str, Any], errors: list[RowError]):
        self.line, self.cells, self.errors = number, cells, errors
        self.where = f"Trang '{sheet}', dòng {number}"
        self.failed = False  # a failed row adds nothing, so one mistake is reported once

    def fail(self, message: str) -> None:
        self.errors.append(RowError(self.where, message))
        self.failed = True

    def raw(self, header: str) -> Any:
        value = self.cells.get(header)
        return None if isinstance(value, str) and not value.strip() else value

    def text(self, header: str) -> str:
        value = self.raw(header)
        if value is None:
            return ""
        if isinstance(value, float | int) and not isinstance(value, bool):
            return str(_plain_number(Decimal(str(value))))
        return str(value)

    def code(self, header: str) -> str:
        return self.text(header).strip()

    def number(self, header: str) -> int | float | None:
        value = self.raw(header)
        if value is None:
            return None
        try:
            number = (
                None if isinstance(value, bool) else Decimal(str(value).strip().replace(",", "."))
            )
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.fail(f'cột "{header}": "{value}" không phải là số.')
            return None
        return _plain_number(number)

    def whole(self, header: str) -> int | None:
        """A non-negative whole number; Vietnamese thousands separators ("50.000") allowed."""
        value = self.raw(header)
        if isinstance(value, str) and AMOUNT_TEXT.match(value.strip()):
            return int(re.sub(r"\D", "", value))
        number = self.number(header)
        if number is None:
            return None
        if not isinstance(number, int) or number < 0:
            self.fail(f'cột "{header}": "{value}" phải là số nguyên không âm.')
            return None
        return number

    def boolean(self, header: str, default: bool) -> bool:
        value = self.raw(header)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        found = BOOLEANS.get(str(value).strip().casefold())
        if found is None:
            self.fail(f'cột "{header}": "{value}" phải là "{YES}" hoặc "{NO}".')
            return default
        return found

    def choice(self, header: str, table: dict[str, str], labels: list[str]) -> str | None:
        text = self.code(header)
        if not text:
            return None
        found = table.get(text.casefold())
        if found is None:
            self.fail(f'cột "{header}": "{text}" không hợp lệ (dùng: {", ".join(labels)}).')
        return found

    def day(self, header: str) -> str | None:
        """An ISO date from an Excel date, dd/mm/yyyy text or ISO text."""
        value = self.raw(header)
        if value is None:
            return None
        if isinstance(value, datetime | date):
            return (value.date() if isinstance(value, datetime) else value).isoformat()
        text = str(value).strip()
        for parse in (lambda t: datetime.strptime(t, "%d/%m/%Y").date(), date.fromisoformat):
            try:
                return parse(text).isoformat()
            except ValueError:
                continue
        self.fail(f'cột "{header}": "{text}" không phải ngày (dạng dd/mm/yyyy).')
        return None

    def json_list(self, header: str) -> list[Any] | None:
        text = self.text(header)
        if not text:
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = None
        if not isinstance(value, list):
            self.fail(f'cột "{header}": phải là một danh sách JSON hợp lệ ([…]).')
            return None
        return value

    def facts(self, header: str) -> list[str]:
        found = []
        for part in self.text(header).split(";"):
            if part.strip():
                fact = FACT_LOOKUP.get(part.strip().casefold())
                if fact is None:
                    self.fail(
                        f'cột "{header}": không nhận ra "{part.strip()}" (dùng: '
                        f"{'; '.join(KNOWABLE_FACTS.values())})."
                    )
                else:
                    found.append(fact)
        return found


LEVELS = _lookup(Level)
ONLINE_LEVELS = _lookup(OnlineLevel)
STATUSES = _lookup(PublicationStatus)
UNITS = _lookup(DurationUnit)
ROLES = _lookup(Role)
COPY_TYPES = _lookup(CopyType)
NEEDS = _lookup(ComponentNeed)
FEE_KINDS = _lookup(FeeKind)


def _time(
    row: _Row, value_header: str, unit_header: str, *, required: bool
) -> dict[str, Any] | None:
    value = row.number(value_header)
    if row.raw(unit_header) is None:
        if value is not None or required:
            row.fail(f'cột "{unit_header}": thiếu đơn vị thời gian.')
        return None
    unit = row.choice(unit_header, UNITS, DurationUnit.labels)
    if unit is None:
        return None
    return {"value": None if unit == DurationUnit.SAME_DAY else value, "unit": unit}


def _sheet_rows(workbook: Any, name: str, errors: list[RowError]) -> list[_Row]:
    if name not in workbook.sheetnames:
        errors.append(RowError(f"Trang '{name}'", f"tệp không có trang '{name}'."))
        return []
    sheet = workbook[name]
    sheet.reset_dimensions()  # files from other programs may declare a wrong size
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, ())
    headers = [str(cell).strip() if cell is not None else "" for cell in header_row]
    missing = [header for header in HEADERS[name] if header not in headers]
    if missing:
        errors.append(RowError(f"Trang '{name}', dòng 1", f"thiếu cột: {', '.join(missing)}."))
        return []
    found = []
    for number, values in enumerate(rows, 2):
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        cells = {header: value for header, value in zip(headers, values, strict=False) if header}
        found.append(_Row(name, number, cells, errors))
    return found


def _procedure(row: _Row) -> tuple[dict[str, Any], list[str]]:
    """A record without children, and the facts the row lists as unknown."""
    record = {
        "code": row.code(CODE),
        "national_code": row.boolean("Mã quốc gia", True),
        "name": row.text("Tên thủ tục"),
        "field": row.text("Lĩnh vực") or None,
        "level": row.choice("Cấp thực hiện", LEVELS, Level.labels),
        "implementing_unit": row.code("Mã cơ quan thực hiện") or None,
        "submission_places": row.text("Nơi tiếp nhận hồ sơ"),
        "legal_bases": [
            line.strip()
            for line in row.text("Căn cứ pháp lý (mỗi dòng một văn bản)").splitlines()
            if line.strip()
        ],
        "result": row.text("Kết quả thực hiện"),
        "result_paper": row.boolean("Trả kết quả bản giấy", True),
        "result_electronic": row.boolean("Trả kết quả điện tử", False),
        "online_level": row.choice("Mức độ DVC trực tuyến", ONLINE_LEVELS, OnlineLevel.labels),
        "fully_online_eligible": row.boolean("Đủ điều kiện toàn trình", False),
        "postal_allowed": row.boolean("Nhận, trả qua bưu chính", True),
        "publication": {
            "decision_number": row.text("Số quyết định công bố"),
            "decision_date": row.day("Ngày công bố"),
            "status": row.choice("Tình trạng công bố", STATUSES, PublicationStatus.labels)
            or PublicationStatus.NEW.value,
            "effective_from": row.day("Hiệu lực từ"),
            "effective_to": row.day("Hết hiệu lực từ"),
        },
        "fees": [],
        "components": [],
        "cases": [],
        "sequence": row.json_list("Trình tự thực hiện (JSON)") or [],
        "sources": row.json_list("Nguồn (JSON)") or [],
        "notes": row.text("Ghi chú"),
        "demo_fields": row.facts(DEMO),
    }
    if record["level"] is None and not row.code("Cấp thực hiện"):
        row.fail(f"thiếu cấp thực hiện ({', '.join(Level.labels)}).")
    return record, row.facts(UNKNOWN)


def _child_rows(
    workbook: Any,
    name: str,
    records: dict[str, dict[str, Any]],
    errors: list[RowError],
    read: Callable[[_Row, dict[str, Any]], None],
) -> None:
    """Call `read` for each row of sheet `name` with the record its procedure code names."""
    for row in _sheet_rows(workbook, name, errors):
        code = row.code(CODE)
        if not code:
            row.fail("thiếu mã thủ tục.")
        elif code not in records:
            row.fail(f"không có thủ tục mã \"{code}\" trong trang '{PROCEDURES}'.")
        else:
            read(row, records[code])


def _find_case(row: _Row, record: dict[str, Any], required: bool) -> str | None:
    code = row.code(CASE)
    if not code:
        if required:
            row.fail("thiếu mã trường hợp.")
        return None
    if not any(case["code"] == code for case in record["cases"]):
        row.fail(
            f"thủ tục {record['code']} không có trường hợp mã \"{code}\" trong trang '{CASES}'."
        )
        return None
    return code


def _read_case(row: _Row, record: dict[str, Any]) -> None:
    code = row.code(CASE)
    if not code:
        row.fail("thiếu mã trường hợp.")
        return
    case = {
        "code": code,
        "name": row.text("Tên trường hợp"),
        "default": row.boolean("Mặc định", False),
        "processing_time": _time(row, "Thời hạn giải quyết", "Đơn vị thời hạn", required=False),
        "demo": row.boolean(DEMO, False),
        "steps": [],
    }
    if not row.failed:
        record["cases"].append(case)


def _read_step(row: _Row, record: dict[str, Any]) -> None:
    case_code = _find_case(row, record, required=True)
    if case_code is None:
        return
    case = next(case for case in record["cases"] if case["code"] == case_code)
    duration = _time(row, "Thời gian", "Đơn vị thời gian", required=True)
    if duration is None:
        return
    order = row.whole("Thứ tự")
    step = {
        "order": order if order is not None else len(case["steps"]) + 1,
        "name": row.text("Tên bước"),
        "unit": row.code("Mã đơn vị thực hiện") or None,
        "role": row.choice("Vai trò", ROLES, Role.labels),
        "duration": duration,
        "demo": row.boolean(DEMO, False),
    }
    if not row.failed:
        case["steps"].append(step)


def _read_component(row: _Row, record: dict[str, Any]) -> None:
    component = {
        "order": row.whole("Thứ tự"),  # only to sort by, removed after reading
        "name": row.text("Tên giấy tờ"),
        "need": row.choice("Yêu cầu", NEEDS, ComponentNeed.labels) or ComponentNeed.REQUIRED,
        "condition": row.text("Điều kiện áp dụng"),
        "copy_type": row.choice("Loại bản", COPY_TYPES, CopyType.labels) or "",
        "copy_type_note": row.text("Loại bản (theo văn bản công bố)"),
        "quantity": row.whole("Số lượng"),
        "shown_only": row.boolean("Chỉ xuất trình", False),
        "from_vault": row.boolean("Lấy từ kho dữ liệu", False),
        "case": _find_case(row, record, required=False),
        "demo": row.boolean(DEMO, False),
    }
    if not row.failed:
        record["components"].append(component)


def _read_fee(row: _Row, record: dict[str, Any]) -> None:
    amount = row.whole("Mức thu (đồng)")
    if amount is None and row.raw("Mức thu (đồng)") is None:
        row.fail("thiếu mức thu (ghi 0 nếu không thu).")
    fee = {
        "kind": row.choice("Loại", FEE_KINDS, FeeKind.labels) or FeeKind.FEE.value,
        "name": row.text("Tên khoản thu"),
        "amount_vnd": amount,
        "note": row.text("Ghi chú"),
        "demo": row.boolean(DEMO, False),
    }
    if not row.failed:
        record["fees"].append(fee)


def read_xlsx(raw: bytes) -> tuple[list[Located], list[RowError]]:
    """Records from a workbook made by `write_xlsx` (or edited from one), and every row error.

    Raises CatalogFileError when `raw` is not an XLSX workbook at all."""
    if not raw.startswith(XLSX_MAGIC):
        raise CatalogFileError("Tệp không phải bảng tính XLSX.")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CatalogFileError("Tệp không phải bảng tính XLSX đọc được.") from exc
    errors: list[RowError] = []
    try:
        located: list[Located] = []
        records: dict[str, dict[str, Any]] = {}
        unknown: dict[str, list[str]] = {}
        for row in _sheet_rows(workbook, PROCEDURES, errors):
            record, facts = _procedure(row)
            if not record["code"]:
                row.fail("thiếu mã thủ tục.")
                continue
            records.setdefault(record["code"], record)  # children are still checked
            if not row.failed:
                located.append(Located(f"{row.where} (mã {record['code']})", record))
            unknown.setdefault(record["code"], facts)
        _child_rows(workbook, CASES, records, errors, _read_case)
        _child_rows(workbook, STEPS, records, errors, _read_step)
        _child_rows(workbook, COMPONENTS, records, errors, _read_component)
        _child_rows(workbook, FEES, records, errors, _read_fee)
    finally:
        workbook.close()
    for item in located:
        record = item.record
        record["components"].sort(key=lambda c: c["order"] if c["order"] is not None else 10**9)
        for comp in record["components"]:
            del comp["order"]
        # A fact listed as unknown is None only if the file gives no value for it.
        for fact in unknown.get(record["code"], []):
            if fact in UNKNOWABLE_KEYS and not record[fact]:
                record[fact] = None
    return located, errors


def read_catalog_file(raw: bytes) -> tuple[list[Located], list[RowError]]:
    """Records from a JSON or XLSX catalog file, told apart by content, not by file name."""
    if raw.startswith(XLSX_MAGIC):
        return read_xlsx(raw)
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return parse_json(raw), []
    raise CatalogFileError("Tệp không phải danh mục JSON hoặc bảng tính XLSX.")


# Export


def export_records() -> list[dict[str, Any]]:
    """Every procedure as a record, children prefetched in a fixed number of queries."""
    procedures = (
        Procedure.objects.select_related("field", "implementing_unit")
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=ProcedureCase.objects.order_by("order").prefetch_related(
                    Prefetch(
                        "steps",
                        queryset=ProcessStep.objects.select_related("unit").order_by("order"),
                    )
                ),
            ),
            "fees",
            Prefetch(
                "components", queryset=Component.objects.select_related("case").order_by("order")
            ),
        )
        .order_by("code")
    )
    return [to_record(procedure) for procedure in procedures]


def write_json(records: list[dict[str, Any]], exported_at: datetime) -> bytes:
    """A motcua-catalog/1 document, which `importing.parse_json` reads back."""
    document = {
        "format": FORMAT,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "procedures": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def export_filename(kind: str, day: date) -> str:
    return f"danh-muc-thu-tuc-{day:%Y%m%d}.{kind}"
