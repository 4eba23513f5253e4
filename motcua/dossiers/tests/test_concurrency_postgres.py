"""Officers and intakes racing on real PostgreSQL connections: row locks decide, not luck.

Each contender runs in its own thread with its own database connection, and a barrier releases
them together; where the order matters, the first holds its commit until the second queues behind
its locks, so the losing interleaving happens every run, not one run in two. SQLite takes one
writer at a time for the whole file, so these races cannot happen there and the tests are skipped.
"""

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client

from motcua.api.models import IdempotencyKey
from motcua.audit.models import AuditEvent
from motcua.audit.services import audit_problems
from motcua.core.tests.concurrency import run_together
from motcua.dossiers.constants import Channel
from motcua.dossiers.exceptions import Conflict
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.outbox.models import OutboxMessage

NOW = vn(2026, 10, 5, 9)  # a Monday

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent writers: run with DATABASE_URL=postgres://… (SQLite serialises "
        "every write transaction, so no race can happen)",
    ),
]


def receive_at_counter(actor: Any) -> Dossier:
    return dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=Channel.COUNTER, applicant=APPLICANT, actor=actor
    )


def wait_for_a_lock_waiter() -> None:
    """Return once some session of this database waits on a lock (or after 10 s)."""
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)


def second_waits_for_first(first: Callable[[], Any], second: Callable[[], Any]) -> list[Any]:
    """Start both at once, but keep `first`'s transaction open until `second` queues behind its
    locks, then commit it: the interleaving that decides a race, made certain."""
    written, release = threading.Event(), threading.Event()

    def hold() -> Any:
        with transaction.atomic():
            try:
                result = first()
            finally:
                written.set()
            release.wait(timeout=30)  # a slow commit
        return result

    def queue_behind() -> Any:
        written.wait(timeout=30)
        return second()

    def referee() -> None:
        written.wait(timeout=30)
        wait_for_a_lock_waiter()
        release.set()

    return run_together(hold, queue_behind, referee)[:2]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            ("tiepnhan", "refuse", {"note": "Hồ sơ không hợp lệ"}),
            ("tiepnhan", "forward", {}),
            id="refuse-then-forward",
        ),
        pytest.param(
            ("tiepnhan", "forward", {}),
            ("tiepnhan", "refuse", {"note": "Hồ sơ không hợp lệ"}),
            id="forward-then-refuse",
        ),
        # Both read version 1 on screen: whoever commits second is told to reload.
        pytest.param(
            ("tiepnhan", "forward", {"expected_version": 1}),
            ("quantri", "forward", {"expected_version": 1}),
            id="two-forwards-same-version",
        ),
    ],
)
@time_machine.travel(NOW, tick=True)
def test_two_officers_acting_at_once_one_wins_the_other_gets_409(demo, first, second):
    dossier = receive_at_counter(demo["tiepnhan"])
    audits, messages = AuditEvent.objects.count(), OutboxMessage.objects.count()

    def move(username: str, action: str, extra: dict[str, Any]) -> Callable[[], Dossier]:
        return lambda: dossier_transition(
            code=dossier.code, action=action, actor=demo[username], **extra
        )

    won, lost = second_waits_for_first(move(*first), move(*second))

    assert isinstance(won, Dossier), won
    assert isinstance(lost, Conflict), lost
    assert lost.status == 409
    dossier.refresh_from_db()
    assert dossier.version == 2
    assert list(dossier.events.order_by("id").values_list("action", flat=True)) == [
        "receive",
        first[1],
    ]
    assert AuditEvent.objects.count() == audits + 1
    assert OutboxMessage.objects.count() == messages + 1


@time_machine.travel(NOW, tick=True)
def test_twenty_intakes_at_once_get_twenty_consecutive_codes(demo):
    outcomes = run_together(*[lambda: receive_at_counter(demo["tiepnhan"])] * 20)

    assert all(isinstance(o, Dossier) for o in outcomes), [
        o for o in outcomes if not isinstance(o, Dossier)
    ]
    codes = sorted(o.code for o in outcomes)
    prefix = codes[0].rsplit("-", 1)[0]
    assert prefix.endswith("-261005")
    assert codes == [f"{prefix}-{n:04d}" for n in range(1, 21)]
    assert Dossier.objects.count() == 20
    # The desk's register of the year takes them as entries 1 … 20, none shared, none skipped.
    entries = sorted(Dossier.objects.values_list("register_book", "register_number"))
    assert entries == [(2026, n) for n in range(1, 21)]
    assert AuditEvent.objects.filter(action="dossier.receive").count() == 20
    assert OutboxMessage.objects.filter(topic="dossier.event").count() == 20


def api_client(username: str = "tiepnhan") -> tuple[Client, dict[str, str]]:
    client = Client()
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": "Demo@2026"},
        content_type="application/json",
    )
    assert response.status_code == 200
    return client, {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


@time_machine.travel(NOW, tick=True)
def test_same_idempotency_key_sent_twice_at_once_makes_one_dossier(demo):
    key = str(uuid.uuid4())
    body = {"procedure_code": EDIT_DIPLOMA, "channel": 1, "applicant": APPLICANT}
    # Two API clients of one desk (two tokens), e.g. a retry racing the original request.
    clients = [api_client(), api_client()]

    def post(client: Client, headers: dict[str, str]) -> Callable[[], Any]:
        return lambda: client.post(
            "/api/v1/dossiers",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
            **headers,
        )

    responses = run_together(*[post(c, h) for c, h in clients])

    assert [r.status_code for r in responses] == [201, 201], responses
    first, second = (r.json() for r in responses)
    assert first["code"] == second["code"]
    assert first == second
    assert list(Dossier.objects.values_list("code", flat=True)) == [first["code"]]
    assert IdempotencyKey.objects.filter(key=key).count() == 1


@time_machine.travel(NOW, tick=True)
def test_two_officers_on_two_dossiers_keep_one_audit_chain(demo):
    desk = demo["tiepnhan"]
    one, two = receive_at_counter(desk), receive_at_counter(desk)

    outcomes = second_waits_for_first(
        lambda: dossier_transition(code=one.code, action="forward", actor=desk),
        lambda: dossier_transition(code=two.code, action="forward", actor=desk),
    )

    assert all(isinstance(o, Dossier) for o in outcomes), outcomes
    assert list(audit_problems()) == []


def second_receptionist(demo: dict[str, Any]) -> Any:
    """A colleague at the same one-stop desk as `tiepnhan`: both may forward a dossier there."""
    from motcua.accounts.constants import Role
    from motcua.accounts.models import Membership, User
    from motcua.demo.organisation import DEMO_PASSWORD

    desk = demo["tiepnhan"].memberships.get(role=Role.RECEPTIONIST).unit
    colleague = User.objects.create_user(
        username="tiepnhan2", password=DEMO_PASSWORD, full_name="Ngô Thị Một Cửa", is_staff=True
    )
    Membership.objects.create(user=colleague, unit=desk, role=Role.RECEPTIONIST)
    return colleague


@time_machine.travel(NOW, tick=True)
def test_two_receptionists_forwarding_at_once_through_the_api_loser_gets_409(demo):
    # Neither sends `version`. The winner forwards the dossier to the specialist unit, where the
    # loser may no longer act: judged afresh it would get 403 "no permission"; it lost a race.
    second_receptionist(demo)
    dossier = receive_at_counter(demo["tiepnhan"])
    clients = [api_client("tiepnhan"), api_client("tiepnhan2")]

    def forward(client: Client, headers: dict[str, str]) -> Callable[[], Any]:
        return lambda: client.post(
            f"/api/v1/dossiers/{dossier.code}/actions",
            {"action": "forward"},
            content_type="application/json",
            **headers,
        )

    won, lost = second_waits_for_first(forward(*clients[0]), forward(*clients[1]))

    assert won.status_code == 200, won.content
    assert lost.status_code == 409, lost.content
    assert "người khác cập nhật" in lost.json()["detail"]
    assert "forward" not in lost.json()["allowed_actions"]  # the specialist unit holds it now
    dossier.refresh_from_db()
    assert dossier.version == 2
    assert list(dossier.events.values_list("action", flat=True)) == ["receive", "forward"]
    # Not a race: acting on the dossier as it now stands is still refused for the person (403).
    late = forward(*clients[1])()
    assert late.status_code == 403, late.content
