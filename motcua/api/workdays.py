from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from motcua.api.answers import answers
from motcua.api.procedures import duration_out
from motcua.api.schemas import DeadlineOut, WorkdayOut
from motcua.core.inputs import Day, Moment
from motcua.core.localtime import to_local
from motcua.workdays.constants import DurationUnit
from motcua.workdays.deadlines import Duration, compute_deadline
from motcua.workdays.selectors import load_calendar

router = Router(tags=["Lịch làm việc và thời hạn"])


class DeadlineQuery(Schema):
    received_at: Moment = Field(description="Thời điểm tiếp nhận, ISO 8601 (mặc định +07:00)")
    days: Decimal = Field(ge=0, le=3650, description="Thời hạn (số ngày làm việc, giờ …)")
    unit: DurationUnit = Field(DurationUnit.WORKING_DAYS, description="Đơn vị thời hạn")
    apply_cutoff: bool = Field(True, description="Áp dụng giờ chốt tiếp nhận 15:00")


@router.get("/deadline", response=answers({200: DeadlineOut}, 422), summary="Tính hạn giải quyết")
def deadline(request: HttpRequest, query: Query[DeadlineQuery]) -> dict[str, Any]:
    """Due time for a duration counted from a reception time, with every skipped day explained."""
    received = to_local(query.received_at)
    duration = Duration(query.days, query.unit)
    result = compute_deadline(
        load_calendar(received.date()), received, duration, apply_cutoff=query.apply_cutoff
    )
    return {
        "received_at": result.received_at,
        "effective_start": result.effective_start,
        "due_at": result.due_at,
        "duration": duration_out(duration),
        "explanation": result.explanation,
    }


@router.get(
    "/{day}",
    response=answers({200: WorkdayOut}, 422),
    summary="Một ngày có phải ngày làm việc không",
)
def workday(request: HttpRequest, day: Day) -> dict[str, Any]:
    status = load_calendar(day).status(day)
    return {
        "date": day,
        "is_working_day": status.is_working,
        "reason": status.reason,
        "legal_basis": status.legal_basis,
    }
