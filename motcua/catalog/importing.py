"""Reading catalog files into records and checking every record before anything is stored.

Errors are collected for every row, in Vietnamese, so an officer can fix the whole file at once;
the import service stores nothing unless every record is valid.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from motcua.accounts.constants import Role
from motcua.catalog.constants import (
    ComponentNeed,
    CopyType,
    FeeKind,
    Level,
    OnlineLevel,
    PublicationStatus,
)
from motcua.catalog.records import FORMAT, LOCAL_CODE_PREFIX, from_published
from motcua.catalog.timing import process_timing
from motcua.workdays.constants import DurationUnit
from motcua.workdays.deadlines import Duration

NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
LOCAL_CODE = re.compile(rf"^{re.escape(LOCAL_CODE_PREFIX)}[0-9A-Z]{{1,12}}$")


class CatalogFileError(ValueError):
    """The file as a whole cannot be read (wrong type, broken JSON, unknown layout)."""


@dataclass(frozen=True)
class RowError:
    where: str  # "Thủ tục 1.005090 (mục 3)" or "Trang 'Bước', dòng 7"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Located:
    where: str
    record: dict[str, Any]


def parse_json(raw: bytes) -> list[Located]:
    """Records from a published list or a motcua-catalog/1 document."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogFileError(f"Tệp không phải JSON hợp lệ: {exc}") from exc
    if isinstance(document, list):
        items = [
            (i, from_published(item))
            for i, item in enumerate(document, 1)
            if isinstance(item, dict)
        ]
        if len(items) != len(document):
            raise CatalogFileError("Mỗi phần tử của danh sách phải là một đối tượng thủ tục.")
    elif isinstance(document, dict) and document.get("format") == FORMAT:
        procedures = document.get("procedures") or []
        if not isinstance(procedures, list) or not all(isinstance(p, dict) for p in procedures):
            raise CatalogFileError('Mục "procedures" phải là danh sách các đối tượng thủ tục.')
        items = list(enumerate(procedures, 1))
    else:
        raise CatalogFileError(
            f'Không nhận ra định dạng: cần danh sách thủ tục hoặc tài liệu "{FORMAT}".'
        )
    return [
        Located(f"Thủ tục {rec.get('code') or '(chưa có mã)'} (mục {i})", rec) for i, rec in items
    ]


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _date(value: Any) -> bool:
    if value in (None, ""):
        return True
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _check_time(time: Any, what: str, errors: list[str]) -> Duration | None:
    if time is None:
        return None
    if not isinstance(time, dict) or time.get("unit") not in DurationUnit.values:
        errors.append(
            f'{what}: đơn vị thời gian "{(time or {}).get("unit")}" không hợp lệ '
            f"(dùng: {', '.join(DurationUnit.labels)})."
        )
        return None
    unit = time["unit"]
    if unit == DurationUnit.SAME_DAY:
        return Duration.of(0, unit)
    value = _decimal(time.get("value"))
    if time.get("value") is None:
        return None  # the unit is known, the number is not
    if value is None or value < 0:
        errors.append(f'{what}: thời hạn "{time.get("value")}" phải là số không âm.')
        return None
    return Duration(value, DurationUnit(unit))


def validate(record: dict[str, Any], unit_codes: set[str]) -> list[str]:
    """Vietnamese descriptions of what is wrong with one record (empty when valid)."""
    errors: list[str] = []
    code = record.get("code") or ""
    if not (
        NATIONAL_CODE.match(code) if record.get("national_code", True) else LOCAL_CODE.match(code)
    ):
        errors.append(
            f'mã thủ tục "{code}" không đúng dạng (mã quốc gia như 1.005090, '
            f"hoặc mã nội bộ {LOCAL_CODE_PREFIX}…)."
        )
    if not (record.get("name") or "").strip():
        errors.append("thiếu tên thủ tục.")
    if record.get("level") not in Level.values:
        errors.append(
            f'cấp thực hiện "{record.get("level")}" không hợp lệ ({", ".join(Level.labels)}).'
        )
    if record.get("online_level") not in (None, "", *OnlineLevel.values):
        errors.append(f'mức độ DVC trực tuyến "{record.get("online_level")}" không hợp lệ.')
    if record.get("implementing_unit") and record["implementing_unit"] not in unit_codes:
        errors.append(f'không có đơn vị mã "{record["implementing_unit"]}".')
    publication = record.get("publication") or {}
    if publication.get("status", "new") not in PublicationStatus.values:
        errors.append(f'tình trạng công bố "{publication.get("status")}" không hợp lệ.')
    for key in ("decision_date", "effective_from", "effective_to"):
        if not _date(publication.get(key)):
            errors.append(f'ngày "{publication.get(key)}" không đúng dạng YYYY-MM-DD.')
    for fee in record.get("fees") or []:
        amount = fee.get("amount_vnd")
        if fee.get("kind", "phi") not in FeeKind.values:
            errors.append(f'loại phí "{fee.get("kind")}" không hợp lệ (Phí hoặc Lệ phí).')
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            errors.append(
                f'mức thu "{amount}" của "{fee.get("name")}" phải là số đồng nguyên không âm.'
            )
    case_codes = {case.get("code") for case in record.get("cases") or []}
    for comp in record.get("components") or []:
        if not (comp.get("name") or "").strip():
            errors.append("có thành phần hồ sơ không có tên.")
        if comp.get("need") not in (None, "", *ComponentNeed.values):
            errors.append(
                f'yêu cầu "{comp.get("need")}" của "{comp.get("name")}" không hợp lệ '
                f"({', '.join(ComponentNeed.labels)})."
            )
        if (
            comp.get("need") == ComponentNeed.CONDITIONAL
            and not (comp.get("condition") or "").strip()
        ):
            errors.append(
                f'thành phần "{comp.get("name")}" nộp có điều kiện nhưng chưa ghi điều kiện '
                "áp dụng (ví dụ: trường hợp chỉnh sửa do thay đổi hộ tịch)."
            )
        if comp.get("copy_type") not in (None, "", *CopyType.values):
            errors.append(f'loại bản "{comp.get("copy_type")}" không hợp lệ.')
        quantity = comp.get("quantity")
        if quantity is not None and (not isinstance(quantity, int) or quantity < 0):
            errors.append(
                f'số lượng "{quantity}" của "{comp.get("name")}" phải là số nguyên không âm.'
            )
        if comp.get("case") and comp["case"] not in case_codes:
            errors.append(
                f'thành phần "{comp.get("name")}" gắn với trường hợp không có "{comp["case"]}".'
            )
    cases = record.get("cases") or []
    if sum(1 for case in cases if case.get("default")) != 1:
        errors.append("phải có đúng một trường hợp mặc định.")
    if len(case_codes) != len(cases):
        errors.append("mã trường hợp bị trùng.")
    for case in cases:
        what = f'trường hợp "{case.get("name")}"'
        legal = _check_time(case.get("processing_time"), what, errors)
        steps = case.get("steps") or []
        orders = [step.get("order") for step in steps]
        if len(set(orders)) != len(orders):
            errors.append(f"{what}: thứ tự các bước bị trùng.")
        durations = []
        for step in steps:
            step_what = f"{what}, bước {step.get('order')}"
            if step.get("unit") and step["unit"] not in unit_codes:
                errors.append(f'{step_what}: không có đơn vị mã "{step["unit"]}".')
            if step.get("role") and step["role"] not in Role.values:
                errors.append(f'{step_what}: vai trò "{step["role"]}" không hợp lệ.')
            duration = _check_time(step.get("duration"), step_what, errors)
            if duration is None and step.get("duration", {}).get("unit") != DurationUnit.SAME_DAY:
                errors.append(f"{step_what}: thiếu thời gian thực hiện.")
            elif duration is not None:
                durations.append(duration)
        timing = process_timing(legal, durations) if len(durations) == len(steps) else None
        if timing and timing.problem:
            errors.append(f"{what}: {timing.problem}")
    return errors
