"""Demo values for what the published data leaves unknown, each one marked as a demo value.

No Sở GDĐT internal process (quy trình nội bộ) could be read, so every demo procedure gets a
five-step process sized to 70 % of its legal time (the 30 % cut the plans ask for), visibly
marked. Unknown times, components, fees and online levels ("một phần") get plain demo values,
also marked; unknown legal bases and results stay unknown.
"""

import copy
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

from motcua.accounts.constants import Role
from motcua.catalog.constants import OnlineLevel
from motcua.catalog.importing import Located
from motcua.catalog.published import published_records
from motcua.catalog.timing import HOURS_PER_DAY, working_hours
from motcua.core.folding import fold
from motcua.demo import organisation as org
from motcua.workdays.constants import DurationUnit
from motcua.workdays.deadlines import Duration

DEMO_DAYS = 15
TARGET_SHARE = Decimal("0.7")
STEPS = [
    # name, unit (None: the procedure's specialist unit), role, share of the process time
    ("Tiếp nhận, kiểm tra và chuyển hồ sơ", org.ONE_STOP, Role.RECEPTIONIST, Decimal("0.10")),
    ("Thẩm định hồ sơ, dự thảo kết quả", None, Role.SPECIALIST, Decimal("0.50")),
    ("Xem xét, trình lãnh đạo Sở", None, Role.UNIT_HEAD, Decimal("0.15")),
    ("Phê duyệt, ký kết quả", org.DEPARTMENT, Role.DIRECTOR, Decimal("0.15")),
    ("Vào sổ, đóng dấu, chuyển Bộ phận Một cửa", org.CLERKS, Role.CLERK, Decimal("0.10")),
]
DEMO_COMPONENTS = [
    ("Đơn đề nghị (theo mẫu)", "original", 1),
    ("Giấy tờ chứng minh nội dung đề nghị", "copy", 1),
]
# Conditions the published text words badly, reworded for the demo's checkboxes: the published
# "(trường hợp chỉnh sửa do các lý do này)" means nothing once split from the paper's name.
# (procedure code, component name as split from the published name) -> condition in words.
CLEARER_CONDITIONS = {
    (
        "3.000466",
        "Quyết định cho phép thay đổi hoặc cải chính hộ tịch, xác định lại dân tộc, xác định lại "
        "giới tính",
    ): "trường hợp chỉnh sửa do thay đổi, cải chính hộ tịch, xác định lại dân tộc hoặc xác định "
    "lại giới tính",
    ("3.000466", "Giấy khai sinh"): "trường hợp chỉnh sửa do bổ sung hộ tịch, điều chỉnh hộ tịch, "
    "đăng ký lại việc sinh hoặc đăng ký khai sinh quá hạn",
}


def _half_hours_down(hours: Decimal) -> Decimal:
    return max(Decimal("0.5"), (hours * 2).to_integral_value(rounding=ROUND_FLOOR) / 2)


def _step_duration(hours: Decimal) -> dict[str, Any]:
    if hours % HOURS_PER_DAY == 0:
        return {"value": int(hours / HOURS_PER_DAY), "unit": DurationUnit.WORKING_DAYS}
    value = int(hours) if hours == hours.to_integral_value() else float(hours)
    return {"value": value, "unit": DurationUnit.WORKING_HOURS}


def demo_steps(time: dict[str, Any], specialist_unit: str) -> list[dict[str, Any]]:
    """A five-step internal process fitting 70 % of the legal time."""
    duration = Duration.of(time.get("value"), time["unit"])
    legal = working_hours(duration)
    if legal is None:  # calendar days: about five working days in seven
        legal = (duration.value * 5 / 7).to_integral_value(rounding=ROUND_FLOOR) * HOURS_PER_DAY
    target = legal * TARGET_SHARE
    return [
        {
            "order": order,
            "name": name,
            "unit": unit or specialist_unit,
            "role": role.value,
            "duration": _step_duration(_half_hours_down(target * share)),
            "demo": True,
        }
        for order, (name, unit, role, share) in enumerate(STEPS, 1)
    ]


def with_demo_values(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of `record` with demo values where facts are unknown, each listed in demo_fields."""
    record = copy.deepcopy(record)
    demo = set(record.get("demo_fields") or [])
    record["implementing_unit"] = record.get("implementing_unit") or org.DEPARTMENT
    record["submission_places"] = record.get("submission_places") or (
        "Bộ phận Một cửa Sở Giáo dục và Đào tạo hoặc Trung tâm Phục vụ hành chính công tỉnh; "
        "trực tuyến trên Cổng Dịch vụ công quốc gia; qua dịch vụ bưu chính công ích."
    )
    topic = fold(f"{record['name']} {record.get('field') or ''}")
    specialist = (
        org.QUALITY if ("van bang" in topic or "tuyen sinh" in topic) else (org.GENERAL_EDUCATION)
    )
    for case in record["cases"]:
        if case.get("processing_time") is None or (
            case["processing_time"].get("value") is None
            and case["processing_time"]["unit"] != DurationUnit.SAME_DAY
        ):
            case["processing_time"] = {"value": DEMO_DAYS, "unit": DurationUnit.WORKING_DAYS}
            case["demo"] = True
            demo.add("processing_time")
        if not case.get("steps"):
            case["steps"] = demo_steps(case["processing_time"], specialist)
            demo.add("steps")
    if record.get("components") is None:
        record["components"] = [
            {
                "name": name,
                "need": "required",
                "condition": "",
                "copy_type": kind,
                "copy_type_note": "",
                "quantity": quantity,
                "shown_only": False,
                "from_vault": False,
                "case": None,
                "demo": True,
            }
            for name, kind, quantity in DEMO_COMPONENTS
        ]
        demo.add("components")
    for component in record["components"]:
        clearer = CLEARER_CONDITIONS.get((record.get("code") or "", component["name"]))
        if clearer and component["need"] == "conditional":
            component["condition"] = clearer
    if record.get("online_level") is None:
        # So that the demo can take online dossiers for every procedure; marked as demo.
        record["online_level"] = OnlineLevel.PARTIAL.value
        demo.add("online_level")
    if record.get("fees") is None:
        record["fees"] = []
        demo.add("fees")
    record["demo_fields"] = sorted(demo)
    return record


def demo_records(path: Path | None = None) -> list[Located]:
    return [
        Located(located.where, with_demo_values(located.record))
        for located in published_records(path)
    ]
