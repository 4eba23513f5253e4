"""The 2024–2026 public-sector calendars as officially announced, through the public API."""

import pytest

pytestmark = pytest.mark.django_db

DAYS_OFF = [
    # 2024: Tết 08/02–14/02, Giỗ Tổ 18/04, 29/04 swapped with Saturday 04/05, Quốc khánh 02–03/09
    "2024-01-01",
    "2024-02-08",
    "2024-02-09",
    "2024-02-12",
    "2024-02-13",
    "2024-02-14",
    "2024-04-18",
    "2024-04-29",
    "2024-04-30",
    "2024-05-01",
    "2024-09-02",
    "2024-09-03",
    # 2025: Tết 27/01–31/01, Giỗ Tổ 07/04, 02/05 swapped with Saturday 26/04, Quốc khánh 01–02/09
    "2025-01-01",
    "2025-01-27",
    "2025-01-28",
    "2025-01-29",
    "2025-01-30",
    "2025-01-31",
    "2025-04-07",
    "2025-04-30",
    "2025-05-01",
    "2025-05-02",
    "2025-09-01",
    "2025-09-02",
    # 2026 (CV 9859/VPCP-KGVX): Tết 16–20/02, Giỗ Tổ bù 27/04, 30/04, 01/05, 31/08 swap, 01–02/09
    "2026-01-01",
    "2026-02-16",
    "2026-02-17",
    "2026-02-18",
    "2026-02-19",
    "2026-02-20",
    "2026-04-27",
    "2026-04-30",
    "2026-05-01",
    "2026-08-31",
    "2026-09-01",
    "2026-09-02",
]
MAKE_UP_SATURDAYS = ["2024-05-04", "2025-04-26", "2026-08-22"]
ORDINARY_WORKING_DAYS = [
    "2024-02-15",
    "2025-02-03",
    "2026-01-05",
    "2026-02-23",
    "2026-04-28",
    "2026-09-03",
]


@pytest.mark.parametrize("day", DAYS_OFF)
def test_announced_days_off_are_not_working_days(client, day):
    body = client.get(f"/api/v1/workdays/{day}").json()
    assert body["is_working_day"] is False
    assert body["reason"]


@pytest.mark.parametrize("day", MAKE_UP_SATURDAYS + ORDINARY_WORKING_DAYS)
def test_make_up_saturdays_and_ordinary_days_are_working_days(client, day):
    assert client.get(f"/api/v1/workdays/{day}").json()["is_working_day"] is True


def test_the_2026_swap_names_its_legal_basis(client):
    body = client.get("/api/v1/workdays/2026-08-31").json()
    assert "22/08/2026" in body["reason"]
    assert "9859/VPCP-KGVX" in body["legal_basis"]


def _due(client, received_at: str, days: int | str, **extra: str) -> dict:
    params = {"received_at": received_at, "days": days, **extra}
    response = client.get("/api/v1/workdays/deadline", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    ("received_at", "days", "due_at"),
    [
        # The Saturday 22/08/2026 is worked, so it counts.
        ("2026-08-20T10:00:00+07:00", 5, "2026-08-26T17:00:00+07:00"),
        # Friday 28/08: weekend, Monday 31/08 (swap) and 01–02/09 are skipped.
        ("2026-08-28T10:00:00+07:00", 3, "2026-09-07T17:00:00+07:00"),
        # Giỗ Tổ falls on Sunday 26/04/2026, so Monday 27/04 is off.
        ("2026-04-24T09:00:00+07:00", 2, "2026-04-29T17:00:00+07:00"),
        # … and 30/04, 01/05 and the weekend follow.
        ("2026-04-24T09:00:00+07:00", 3, "2026-05-04T17:00:00+07:00"),
        # After 15:00 on Friday before Tết: counting starts after Tết, on Monday 23/02.
        ("2026-02-13T16:00:00+07:00", 1, "2026-02-24T17:00:00+07:00"),
        # Tết 2025 (27/01–31/01) and the 2024 swap (29/04 off, Saturday 04/05 worked).
        ("2025-01-24T09:00:00+07:00", 1, "2025-02-03T17:00:00+07:00"),
        ("2024-04-26T09:00:00+07:00", 3, "2024-05-04T17:00:00+07:00"),
        # Received on a Sunday: as if received on Monday morning.
        ("2026-01-04T09:00:00+07:00", 1, "2026-01-06T17:00:00+07:00"),
        # Time zones other than +07:00 are converted first (02:00Z = 09:00 in Vietnam).
        ("2026-01-05T02:00:00Z", 2, "2026-01-07T17:00:00+07:00"),
    ],
)
def test_deadline_matches_official_calendar(client, received_at, days, due_at):
    assert _due(client, received_at, days)["due_at"] == due_at


def test_cutoff_at_15_00_moves_reception_to_next_working_day(client):
    before = _due(client, "2026-01-05T14:59:00+07:00", 0, unit="same_day")
    at_cutoff = _due(client, "2026-01-05T15:00:00+07:00", 0, unit="same_day")
    assert before["due_at"] == "2026-01-05T17:00:00+07:00"
    assert at_cutoff["effective_start"] == "2026-01-06T08:00:00+07:00"
    assert at_cutoff["due_at"] == "2026-01-06T17:00:00+07:00"


def test_explanation_lists_every_skipped_day_and_why(client):
    body = _due(client, "2026-02-13T16:00:00+07:00", 1)
    skipped = [line for line in body["explanation"] if line["kind"] == "skipped"]
    shifted = [line for line in body["explanation"] if line["kind"] == "shifted"]
    assert "15:00" in shifted[0]["text"]
    assert "23/02/2026" in shifted[0]["text"]
    assert [line["date"] for line in skipped] == [f"2026-02-{d}" for d in range(14, 23)]
    assert "Tết Nguyên Đán" in skipped[3]["text"] or "Tết Âm lịch" in skipped[3]["text"]
    body = _due(client, "2026-08-28T10:00:00+07:00", 3)
    skipped = {
        line["date"]: line["text"] for line in body["explanation"] if line["kind"] == "skipped"
    }
    assert list(skipped) == [
        "2026-08-29",
        "2026-08-30",
        "2026-08-31",
        "2026-09-01",
        "2026-09-02",
        "2026-09-05",
        "2026-09-06",
    ]
    assert "22/08/2026" in skipped["2026-08-31"]
    assert "Quốc khánh" in skipped["2026-09-02"]


def test_working_hours_and_calendar_days(client):
    # 4 working hours from 10:00 Monday: 10–12 and 13–15.
    hours = _due(client, "2026-01-05T10:00:00+07:00", 4, unit="working_hours", apply_cutoff="false")
    assert hours["due_at"] == "2026-01-05T15:00:00+07:00"
    # 20 calendar days from Friday 10/04/2026 end on Thursday 30/04, a holiday: next working
    # day is Monday 04/05 (Bộ luật Dân sự 2015, Điều 148).
    calendar_days = _due(client, "2026-04-10T09:00:00+07:00", 20, unit="calendar_days")
    assert calendar_days["due_at"] == "2026-05-04T17:00:00+07:00"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"received_at": "xyz", "days": 3}, "received_at"),
        ({"received_at": "2026-01-05T09:00:00+07:00", "days": "abc"}, "days"),
        ({"received_at": "2026-01-05T09:00:00+07:00", "days": -1}, "days"),
        ({"received_at": "2026-01-05T09:00:00+07:00", "days": 3, "unit": "weeks"}, "unit"),
        ({"days": 3}, "received_at"),
    ],
)
def test_malformed_input_is_422_naming_the_field(client, params, field):
    response = client.get("/api/v1/workdays/deadline", params)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]


def test_malformed_date_is_422(client):
    response = client.get("/api/v1/workdays/2026-13-45")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "day"
