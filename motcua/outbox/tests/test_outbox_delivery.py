"""The outbox delivers each message once, however many dispatchers race, and gives up after
its retry limit, leaving the message for an administrator."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from motcua.audit.models import AuditEvent
from motcua.core.tests.concurrency import run_together
from motcua.outbox import services
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import MAX_ATTEMPTS, outbox_dispatch, outbox_enqueue, outbox_retry


@pytest.mark.django_db
def test_a_message_that_always_fails_is_tried_max_attempts_times_then_left(monkeypatch, admin):
    calls: list[int] = []

    def broken(payload: dict) -> None:
        calls.append(payload["n"])
        raise ConnectionError("cổng SMS từ chối")

    monkeypatch.setitem(services.HANDLERS, "test.broken", [broken])
    message = outbox_enqueue(topic="test.broken", key="k", payload={"n": 1})
    moment = timezone.now()
    for _ in range(MAX_ATTEMPTS + 3):
        outbox_dispatch(now=moment)
        moment += timedelta(hours=2)  # past the longest back-off (1 hour)
    message.refresh_from_db()
    assert len(calls) == MAX_ATTEMPTS
    assert message.attempts == MAX_ATTEMPTS and message.sent_at is None
    assert "từ chối" in message.last_error

    # An administrator who fixed the gateway sends it again from the admin; the audit says who.
    assert outbox_retry(ids=[message.pk], actor=admin) == 1
    monkeypatch.setitem(services.HANDLERS, "test.broken", [lambda payload: None])
    assert outbox_dispatch(now=timezone.now()) == (1, 0)
    assert AuditEvent.objects.filter(action="outbox.retry", actor=admin).exists()


@pytest.mark.django_db
def test_back_off_grows_between_attempts(monkeypatch):
    monkeypatch.setitem(services.HANDLERS, "test.broken", [lambda p: 1 / 0])
    message = outbox_enqueue(topic="test.broken", key="k", payload={})
    start = timezone.now()
    outbox_dispatch(now=start)
    message.refresh_from_db()
    first_wait = message.available_at - start
    outbox_dispatch(now=message.available_at)
    second = message.available_at
    message.refresh_from_db()
    assert first_wait == timedelta(seconds=30)
    assert message.available_at - second == timedelta(seconds=60)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers: run with DATABASE_URL=postgres://… (SQLite serialises them)",
)
def test_racing_dispatchers_deliver_each_message_once(monkeypatch):
    delivered: list[int] = []
    lock = threading.Lock()

    def record(payload: dict) -> None:
        with lock:
            delivered.append(payload["n"])

    monkeypatch.setitem(services.HANDLERS, "test.record", [record])
    for n in range(60):
        outbox_enqueue(topic="test.record", key=str(n), payload={"n": n})
    outcomes = run_together(*[lambda: outbox_dispatch(limit=100)] * 3)
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert sorted(delivered) == list(range(60))  # every message, none twice
    assert sum(sent for sent, _ in outcomes) == 60
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
