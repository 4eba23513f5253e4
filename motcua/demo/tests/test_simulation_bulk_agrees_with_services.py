"""The bulk path of simulate_year writes the same year as the service path: same dossiers,
codes, due times, histories and on-time verdicts for a seed; and its dossiers read like any other
(control slip, timeline, tracking page)."""

from collections import Counter
from datetime import datetime
from io import BytesIO, StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from pypdf import PdfReader

from motcua.audit.models import AuditEvent
from motcua.audit.services import audit_problems
from motcua.demo.simulation import simulate_year
from motcua.demo.simulation_bulk import simulate_year_bulk
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import (
    Apology,
    Dossier,
    DossierComponent,
    DossierCounter,
    DossierEvent,
    RegisterCounter,
    SupplementRequest,
)
from motcua.dossiers.slips import render_slip
from motcua.dossiers.tests.conftest import vn
from motcua.dossiers.timeliness import dossier_settlement
from motcua.outbox.models import OutboxMessage
from motcua.workdays.models import Deadline, DeadlineChange, DeadlineRules
from motcua.workdays.selectors import load_calendar

# Mid-2026: the year so far has Tết and the April/May holidays, and the last dossiers are open.
NOW = vn(2026, 5, 6, 10)
YEAR = 2026


def _instant(value: Any) -> Any:
    """ISO datetimes inside JSON as instants: the services write some in UTC (read back from
    the database) and some in Vietnam time, the bulk path all in Vietnam time."""
    if isinstance(value, dict):
        return {k: _instant(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_instant(v) for v in value]
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        return datetime.fromisoformat(value)
    return value


def _deadline(d: Deadline | None) -> tuple[Any, ...] | None:
    if d is None:
        return None
    return (
        d.owner_type,
        d.owner_id,
        d.label,
        d.received_at,
        d.counted_from,
        d.duration_value,
        d.duration_unit,
        d.apply_cutoff,
        _instant(d.paused),
        d.effective_start,
        d.due_at,
        d.explanation,
        d.extended_to,
        d.extension_reason,
        d.is_open,
    )


def _snapshot() -> dict[str, Any]:
    """Everything both paths write, without row ids and wall-clock times."""
    dossiers = {}
    for d in Dossier.objects.select_related(
        "deadline", "step_deadline", "procedure", "current_step", "result_file"
    ).order_by("code"):
        dossiers[d.code] = (
            d.procedure.code,
            d.case_id,
            d.receiving_unit_id,
            d.channel,
            d.status,
            d.stage,
            d.applicant_kind,
            d.applicant_name,
            d.applicant_id_number,
            d.applicant_phone,
            d.applicant_address,
            d.applicant_commune,
            d.applicant_province,
            d.received_at,
            d.accepted_at,
            _deadline(d.deadline),
            d.original_due_at,
            d.extension_count,
            d.supplement_count,
            d.current_step.order if d.current_step else None,
            d.current_unit_id,
            d.current_holder_id,
            d.step_entered_at,
            _deadline(d.step_deadline),
            d.fees_due_vnd,
            d.paid_online,
            d.result_channel,
            d.result_address,
            d.approved_at,
            d.finished_at,
            d.returned_at,
            d.stopped_at,
            d.search_text,
            d.version,
            d.created_by_id,
            d.result_file.original_name if d.result_file else None,
        )
    events = [
        (
            *(e.dossier.code, e.action, e.at, e.actor_id, e.actor_label, e.from_status),
            *(e.to_status, e.from_stage, e.to_stage, e.from_unit_id, e.to_unit_id, e.to_user_id),
            *(e.step_order, e.to_step_order, e.step_due_at, e.timeliness, e.due_at, e.note),
            _instant(e.data),
        )
        for e in DossierEvent.objects.select_related("dossier").order_by("dossier__code", "id")
    ]
    deadlines = sorted(
        (_deadline(d) for d in Deadline.objects.all()), key=lambda row: (row[0], row[1], row[3])
    )
    changes = sorted(
        (c.deadline.owner_type, c.deadline.owner_id, c.previous_due_at, c.new_due_at, c.cause)
        for c in DeadlineChange.objects.select_related("deadline")
    )
    supplements = [
        (
            *(s.dossier.code, s.number, s.items, s.reason, s.requested_at, s.requested_by_id),
            *(s.return_stage, s.received_at, s.is_repeat),
        )
        for s in SupplementRequest.objects.select_related("dossier").order_by(
            "dossier__code", "number"
        )
    ]
    apologies = [
        (
            *(a.dossier.code, a.kind, a.reason, a.at_fault_unit_id, a.previous_due_at),
            *(a.new_due_at, a.signed_by_id, a.sent_at, a.sent_in_time),
        )
        for a in Apology.objects.select_related("dossier").order_by("dossier__code", "sent_at")
    ]
    components = sorted(
        (c.dossier.code, c.component_id, c.name, c.copy_type, c.quantity, c.shown_only)
        for c in DossierComponent.objects.select_related("dossier")
    )
    counters = sorted(DossierCounter.objects.values_list("unit_id", "day", "value"))
    return {
        "dossiers": dossiers,
        "events": events,
        "deadlines": deadlines,
        "changes": changes,
        "supplements": supplements,
        "apologies": apologies,
        "components": components,
        "counters": counters,
        "settlements": _settlements(),
    }


def _settlements() -> dict[str, Any]:
    """The national on-time verdict of every settled dossier (dossiers.timeliness)."""
    calendar = load_calendar(NOW.date())
    verdicts = {}
    dossiers = Dossier.objects.select_related("deadline").prefetch_related(
        "supplements", "apologies"
    )
    for d in dossiers:
        s = dossier_settlement(d, calendar)
        verdicts[d.code] = s and (
            s.end,
            s.ended_at,
            s.due_at,
            s.timeliness,
            s.repeat_supplement,
            s.extended,
            s.working_seconds,
        )
    return verdicts


def _wipe() -> None:
    """Remove every simulated dossier and what hangs on it, so the other path starts afresh."""
    Dossier.objects.all().delete()
    DeadlineChange.objects.all().delete()
    Deadline.objects.all().delete()
    DossierCounter.objects.all().delete()
    RegisterCounter.objects.all().delete()


def _assert_registers_numbered_without_gaps() -> None:
    """Every accepted dossier has an entry in its unit's yearly register; entries run 1 … N and
    the counter stands at N."""
    entries = sorted(
        Dossier.objects.filter(accepted_at__isnull=False).values_list(
            "receiving_unit_id", "register_book", "register_number"
        )
    )
    per_book = Counter((unit, book) for unit, book, _ in entries)
    assert [n for *_, n in entries] == [
        n for key in sorted(per_book) for n in range(1, per_book[key] + 1)
    ]
    counters = RegisterCounter.objects.values_list("unit_id", "year", "value")
    assert sorted(counters) == sorted((*key, count) for key, count in per_book.items())


def _compare(service: dict[str, Any], bulk: dict[str, Any]) -> None:
    for key in service:
        if key in ("dossiers", "settlements"):
            for code in service[key]:
                assert bulk[key].get(code) == service[key][code], (key, code)
        assert bulk[key] == service[key], key


@time_machine.travel(NOW, tick=False)
def test_the_bulk_path_writes_the_year_the_services_write(demo):
    simulate_year(dossiers=120, year=YEAR, seed=11)
    service = _snapshot()
    _assert_registers_numbered_without_gaps()
    audits_before = AuditEvent.objects.count()
    outbox_before = OutboxMessage.objects.count()
    _wipe()

    summary = simulate_year_bulk(dossiers=120, year=YEAR, seed=11, batch=50)
    bulk = _snapshot()

    statuses = Counter(code[4] for code in service["dossiers"].values())
    # The year covers every ending and open dossiers at the horizon, or the comparison is weak.
    assert statuses[Status.RETURNED] > 80
    assert statuses[Status.REFUSED] and statuses[Status.STOPPED]
    assert sum(statuses[s] for s in (Status.RECEIVED, Status.PROCESSING, Status.NEW)) > 0
    assert len(service["supplements"]) >= 5 and any(s[-1] for s in service["supplements"])
    assert service["apologies"] and service["changes"]
    assert {"early", "on_time", "late"} <= {s[3] for s in service["settlements"].values() if s}
    assert min(service["dossiers"]) == "000.05.15.H99-260102-0001"
    # Finished online dossiers carry an electronic result, the others none (item 8 of issue 10).
    finished = [d for d in service["dossiers"].values() if d[29] is not None]
    assert {(d[3], d[-1] is not None) for d in finished} == {(1, False), (2, True), (3, False)}

    _compare(service, bulk)
    _assert_registers_numbered_without_gaps()  # the bulk path's, as the service path's above
    assert summary.dossiers == 120
    assert summary.statuses == statuses
    assert summary.events == len(bulk["events"])
    # An import, not 800 audited moves: one audit row per batch of 50, no notifications.
    assert AuditEvent.objects.count() == audits_before + 3
    assert AuditEvent.objects.filter(action="dossier.bulk_import").count() == 3
    assert OutboxMessage.objects.count() == outbox_before
    assert list(audit_problems()) == []


@time_machine.travel(NOW, tick=False)
def test_paused_supplement_waits_agree_too(demo):
    DeadlineRules.objects.update(supplement_policy="pause")
    simulate_year(dossiers=40, year=YEAR, seed=5)
    service = _snapshot()
    _wipe()
    simulate_year_bulk(dossiers=40, year=YEAR, seed=5, batch=16)
    bulk = _snapshot()

    paused = [d for d in service["deadlines"] if d[0] == "dossier" and d[8]]
    assert paused, "the seed must give a dossier whose deadline waited for a supplement"
    _compare(service, bulk)


@time_machine.travel(NOW, tick=False)
def test_the_bulk_path_is_the_same_for_a_seed_whatever_the_batch(demo):
    simulate_year_bulk(dossiers=150, year=2025, seed=3, batch=150)
    first = _snapshot()
    _wipe()
    simulate_year_bulk(dossiers=150, year=2025, seed=3, batch=7)
    assert _snapshot() == first
    _wipe()
    simulate_year_bulk(dossiers=150, year=2025, seed=4, batch=150)
    other = _snapshot()
    assert other["dossiers"] != first["dossiers"]
    assert other["counters"] == first["counters"] or other["events"] != first["events"]


@time_machine.travel(NOW, tick=False)
def test_a_second_import_numbers_on_from_the_counters(demo):
    simulate_year_bulk(dossiers=30, year=2025, seed=1)
    simulate_year_bulk(dossiers=30, year=2025, seed=1)
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 60
    for counter in DossierCounter.objects.all():
        prefix = f"-{counter.day:%y%m%d}-"
        numbers = sorted(int(c.rsplit("-", 1)[1]) for c in codes if prefix in c)
        assert numbers == list(range(1, counter.value + 1))


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@time_machine.travel(NOW, tick=False)
def test_a_bulk_dossier_has_its_control_slip_timeline_and_tracking_page(demo, client):
    simulate_year_bulk(dossiers=60, year=2025, seed=7)
    dossier = (
        Dossier.objects.filter(status=Status.RETURNED, supplement_count=1).order_by("code").first()
    )
    assert dossier is not None
    hand_overs = dossier.events.filter(action__in=[Action.FORWARD, Action.APPROVE, Action.FINISH])

    text = _pdf_text(render_slip(dossier, "control-slip", "pdf").content)
    assert f"Mã số hồ sơ: {dossier.code}" in text
    assert text.count("1. Giao:") >= hand_overs.count()

    client.logout()
    tracking = client.get(
        "/tra-cuu/", {"code": dossier.code, "verify": dossier.applicant_phone[-4:]}
    )
    assert tracking.status_code == 200
    assert "Đã trả kết quả" in tracking.content.decode()

    client.force_login(demo["quantri"])
    page = client.get(f"/can-bo/ho-so/{dossier.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert dossier.code in html and "Yêu cầu bổ sung, hoàn thiện" in html
    assert "Trả kết quả" in html


@time_machine.travel(NOW, tick=False)
def test_the_command_writes_in_bulk_shows_progress_and_refreshes_the_rollups(demo):
    out = StringIO()
    call_command(
        "simulate_year",
        bulk=True,
        dossiers=30,
        year=2025,
        seed=2,
        batch=10,
        workers=1,
        stdout=out,
    )
    text = out.getvalue()
    assert "… 10/30 hồ sơ" in text and "hồ sơ/s, còn khoảng" in text
    assert "Đã tạo 30 hồ sơ" in text
    assert "rollup_refresh --all" in text
    assert Dossier.objects.count() == 30


@pytest.mark.parametrize("option", ["batch", "workers"])
def test_the_command_refuses_nonsense_sizes(demo, option):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="số nguyên dương"):
        call_command("simulate_year", bulk=True, dossiers=3, stdout=StringIO(), **{option: 0})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")
def test_the_bulk_path_leaves_planner_statistics_for_the_refreshes(demo):
    def analysed(table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
            return cursor.fetchone()[0]

    assert analysed("dossiers_dossierevent") == 0  # a test database is never analysed
    simulate_year_bulk(dossiers=20, year=2025, seed=5)
    assert analysed("dossiers_dossierevent") > 0 and analysed("dossiers_dossier") > 0
