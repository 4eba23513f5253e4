"""The catalog's exchange format, one plain dict per procedure ("record").

Two formats come in:
- the published list (`data/procedures-sgddt.json`): a JSON list as gathered from publication
  decisions and portals; `null` means unknown; its `steps` are the published sequence (trình tự
  thực hiện), not an internal process;
- MotCua's own format `{"format": "motcua-catalog/1", "procedures": [record, ...]}`, which our
  JSON and XLSX exports write and which round-trips everything.

Both become records; the importer validates and stores records; exports are made from records.
"""

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from motcua.catalog.applicability import need_from_name
from motcua.catalog.constants import KNOWABLE_FACTS, CopyType, Level, OnlineLevel
from motcua.catalog.models import Procedure
from motcua.core.folding import fold, nfc
from motcua.workdays.constants import DurationUnit

FORMAT = "motcua-catalog/1"
DEFAULT_CASE_CODE = "chung"
DEFAULT_CASE_NAME = "Trường hợp chung"
LOCAL_CODE_PREFIX = "NB-"

UNIT_WORDS = {
    "ngày làm việc": DurationUnit.WORKING_DAYS,
    "giờ làm việc": DurationUnit.WORKING_HOURS,
    "giờ": DurationUnit.WORKING_HOURS,
    "trong ngày": DurationUnit.SAME_DAY,
    "ngày": DurationUnit.CALENDAR_DAYS,
}
LEVEL_WORDS = {
    "cấp tỉnh": Level.PROVINCE,
    "tỉnh": Level.PROVINCE,
    "cấp xã": Level.COMMUNE,
    "xã": Level.COMMUNE,
}
ONLINE_WORDS = {
    "toàn trình": OnlineLevel.FULL,
    "một phần": OnlineLevel.PARTIAL,
    "không": OnlineLevel.NONE,
}


def local_code(name: str) -> str:
    """A stable internal code for a procedure the sources give no national code for."""
    return LOCAL_CODE_PREFIX + hashlib.sha1(fold(name).encode()).hexdigest()[:6].upper()  # noqa: S324


def copy_type_from_text(text: str | None) -> tuple[str, str]:
    """Map the published wording ('Bản sao có chứng thực hoặc …') to a copy type; the wording
    itself is kept as a note whenever it says more than the type."""
    if not text:
        return "", ""
    folded = fold(text)
    if folded.startswith("ban chinh"):
        kind = CopyType.ORIGINAL
    elif "chung thuc" in folded.split(" hoac ")[0] or "cong chung" in folded.split(" hoac ")[0]:
        kind = CopyType.CERTIFIED_COPY
    elif folded.startswith("ban sao"):
        kind = CopyType.COPY
    elif "cong chung" in folded or "chung thuc" in folded:
        kind = CopyType.CERTIFIED_COPY
    else:
        return "", nfc(text)
    # "Bản sao có chứng thực" says no more than the type "Bản sao chứng thực".
    note = "" if fold(kind.label) == folded.replace(" co ", " ") else nfc(text)
    return kind.value, note


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _time(value: Any, unit: str) -> dict[str, Any]:
    return {"value": _number(value) if unit != DurationUnit.SAME_DAY else None, "unit": unit}


def _need(component: dict[str, Any]) -> dict[str, str]:
    """Name, need and condition of a published component: as the file says them, or read from
    the name ("… (trường hợp …)")."""
    if component.get("need"):
        return {
            "name": nfc(component["name"]),
            "need": component["need"],
            "condition": nfc(component.get("condition") or ""),
        }
    split = need_from_name(nfc(component["name"]))
    return {"name": split.name, "need": split.need, "condition": split.condition}


def from_published(item: dict[str, Any]) -> dict[str, Any]:
    """Turn one entry of the published list into a record (null stays unknown)."""
    name = nfc(item.get("name") or "")
    code = item.get("code")
    time = item.get("processing_time")
    unit_word = (time or {}).get("unit")
    time_record = None
    if time is not None:
        time_record = {
            "value": time.get("value"),
            "unit": UNIT_WORDS.get(fold_keep(unit_word), unit_word),
        }
    components = item.get("components")
    online = item.get("online_level")
    return {
        "code": code or local_code(name),
        "national_code": bool(code),
        "name": name,
        "field": nfc(item["field"]) if item.get("field") else None,
        "level": LEVEL_WORDS.get(fold_keep(item.get("level")), item.get("level")),
        "implementing_unit": None,
        "submission_places": "",
        "legal_bases": item.get("legal_bases"),
        "result": item.get("result"),
        "result_paper": True,
        "result_electronic": False,
        "online_level": ONLINE_WORDS.get(fold_keep(online), online) if online else None,
        "fully_online_eligible": fold_keep(online) == "toàn trình",
        "postal_allowed": True,
        "publication": {
            "decision_number": "",
            "decision_date": None,
            "status": "new",
            "effective_from": None,
            "effective_to": None,
        },
        "fees": None
        if item.get("fees") is None
        else [
            {
                "kind": "phi",
                "name": nfc(f["name"]),
                "amount_vnd": f.get("amount_vnd"),
                "note": "",
                "demo": False,
            }
            for f in item["fees"]
        ],
        "components": None
        if components is None
        else [
            {
                **_need(c),
                "copy_type": copy_type_from_text(c.get("copy_type"))[0],
                "copy_type_note": copy_type_from_text(c.get("copy_type"))[1],
                "quantity": c.get("quantity"),
                "shown_only": False,
                "from_vault": False,
                "case": None,
                "demo": False,
            }
            for c in components
        ],
        "cases": [
            {
                "code": DEFAULT_CASE_CODE,
                "name": DEFAULT_CASE_NAME,
                "default": True,
                "processing_time": time_record,
                "demo": False,
                "steps": [],
            }
        ],
        "sequence": item.get("steps"),
        "sources": item.get("sources") or [],
        "notes": item.get("notes") or "",
        "demo_fields": [],
    }


def fold_keep(text: str | None) -> str:
    """Lower-case NFC text with single spaces (matching published words, keeping diacritics)."""
    return nfc(text).lower() if text else ""


def unknown_facts(record: dict[str, Any]) -> list[str]:
    """Which facts a record leaves unknown (None), in a stable order."""
    default = next((c for c in record["cases"] if c.get("default")), None)
    missing = {
        "processing_time": default is None or default.get("processing_time") is None,
        "steps": not any(case.get("steps") for case in record["cases"]),
    }
    for fact in (
        "fees",
        "components",
        "legal_bases",
        "online_level",
        "result",
        "field",
        "sequence",
    ):
        missing[fact] = record.get(fact) is None
    return [fact for fact in KNOWABLE_FACTS if missing.get(fact)]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_record(procedure: Procedure) -> dict[str, Any]:
    """The record of a stored procedure (children should be prefetched)."""
    unknown = set(procedure.unknown_fields)
    cases = []
    for case in procedure.cases.all():
        cases.append(
            {
                "code": case.code,
                "name": case.name,
                "default": case.is_default,
                "processing_time": (
                    _time(case.processing_time_value, case.processing_time_unit)
                    if case.processing_time_unit
                    else None
                ),
                "demo": case.is_demo,
                "steps": [
                    {
                        "order": s.order,
                        "name": s.name,
                        "unit": s.unit.code if s.unit else None,
                        "role": s.role or None,
                        "duration": _time(s.duration_value, s.duration_unit),
                        "demo": s.is_demo,
                    }
                    for s in case.steps.all()
                ],
            }
        )
    return {
        "code": procedure.code,
        "national_code": procedure.has_national_code,
        "name": procedure.name,
        "field": procedure.field.name if procedure.field else None,
        "level": procedure.level,
        "implementing_unit": procedure.implementing_unit.code
        if procedure.implementing_unit
        else None,
        "submission_places": procedure.submission_places,
        "legal_bases": None if "legal_bases" in unknown else procedure.legal_bases,
        "result": None if "result" in unknown else procedure.result,
        "result_paper": procedure.result_paper,
        "result_electronic": procedure.result_electronic,
        "online_level": None if "online_level" in unknown else procedure.online_level or None,
        "fully_online_eligible": procedure.fully_online_eligible,
        "postal_allowed": procedure.postal_allowed,
        "publication": {
            "decision_number": procedure.decision_number,
            "decision_date": _iso(procedure.decision_date),
            "status": procedure.publication_status,
            "effective_from": _iso(procedure.effective_from),
            "effective_to": _iso(procedure.effective_to),
        },
        "fees": None
        if "fees" in unknown
        else [
            {
                "kind": f.kind,
                "name": f.name,
                "amount_vnd": f.amount_vnd,
                "note": f.note,
                "demo": f.is_demo,
            }
            for f in procedure.fees.all()
        ],
        "components": None
        if "components" in unknown
        else [
            {
                "name": c.name,
                "need": c.need,
                "condition": c.condition,
                "copy_type": c.copy_type,
                "copy_type_note": c.copy_type_note,
                "quantity": c.quantity,
                "shown_only": c.shown_only,
                "from_vault": c.from_vault,
                "case": c.case.code if c.case else None,
                "demo": c.is_demo,
            }
            for c in procedure.components.all()
        ],
        "cases": cases,
        "sequence": None if "sequence" in unknown else procedure.sequence,
        "sources": procedure.sources,
        "notes": procedure.notes,
        "demo_fields": list(procedure.demo_fields),
    }
