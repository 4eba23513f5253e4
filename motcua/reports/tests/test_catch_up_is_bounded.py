"""A request never does unbounded catch-up work: one historical dossier dated 0001-01-02 once
made every II.06a request rebuild 740,000 days. Now the rollups start at MOTCUA_EARLIEST_DATE,
a request rebuilds at most a bounded window, and the page says the figures are being updated
while the worker (`rollup_refresh`) does the rest."""

from datetime import date, datetime

import time_machine
from django_tasks_db.models import DBTaskResult

from motcua.core.localtime import VN_TZ
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.metrics.models import RollupRefresh
from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import CATCH_UP_MAX_DAYS, rollup_catch_up, rollup_refresh
from motcua.reports.tests.conftest import vn

NOW = vn(2026, 10, 20, 10)


def make_ancient(code: str) -> None:
    """A dossier and its events moved to 0001-01-02, as legacy data or a direct import might."""
    ancient = datetime(1, 1, 2, 8, tzinfo=VN_TZ)
    dossier = Dossier.objects.get(code=code)
    Dossier.objects.filter(pk=dossier.pk).update(received_at=ancient, accepted_at=ancient)
    DossierEvent.objects.filter(dossier=dossier).update(at=ancient)


def test_an_ancient_dossier_does_not_make_requests_rebuild_centuries(desk, client, demo, settings):
    make_ancient(desk.receive(vn(2026, 10, 5, 9)))
    settings.TASKS = {  # the real queue: the request leaves the work for a worker
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "rollups"]}
    }
    with time_machine.travel(NOW, tick=False):
        days = days_to_refresh()
        window = (days[0], days[-1])
        assert window == (date(2000, 1, 1), NOW.date())  # the earliest accepted date, not 0001
        assert (window[1] - window[0]).days > CATCH_UP_MAX_DAYS
        assert rollup_catch_up() is False  # left to the worker, nothing rebuilt here
        assert not RollupRefresh.objects.exists()
        waiting = DBTaskResult.objects.filter(task_path__endswith="rollup_refresh_recent")
        assert waiting.count() == 1
        client.force_login(demo["giamdoc"])
        page = client.get("/can-bo/bao-cao/?ky=tuy-chon&from=2026-10-01&to=2026-10-20")
        assert page.status_code == 200
        assert "Số liệu đang được cập nhật" in page.content.decode()
        api = client.get("/api/v1/reports/ii06a?from=2026-10-01&to=2026-10-20")
        assert api.status_code == 200 and api.json()["up_to_date"] is False
        assert waiting.count() == 1  # enqueued once, however many requests find the backlog
        # The worker's job rebuilds from 01/01/2000 on; then requests are up to date again.
        run = rollup_refresh(days=days_to_refresh())
        assert run.first_day == date(2000, 1, 1)
        assert rollup_catch_up() is True
        page = client.get("/can-bo/bao-cao/?ky=tuy-chon&from=2026-10-01&to=2026-10-20")
        assert "Số liệu đang được cập nhật" not in page.content.decode()


def test_a_small_backlog_is_still_caught_up_on_request(desk):
    desk.receive(vn(2026, 10, 5, 9))
    with time_machine.travel(NOW, tick=False):
        assert rollup_catch_up() is True
        assert RollupRefresh.objects.filter(finished_at__isnull=False).count() == 1


def test_the_earliest_date_is_a_setting(desk, settings):
    settings.MOTCUA_EARLIEST_DATE = date(2026, 10, 1)
    make_ancient(desk.receive(vn(2026, 10, 5, 9)))
    with time_machine.travel(NOW, tick=False):
        days = days_to_refresh()
        assert (days[0], days[-1]) == (date(2026, 10, 1), NOW.date())
        assert rollup_catch_up() is True
