"""`make run`'s `manage.py serve`: web, worker, scheduler and simulators start together, the
background work runs with no command typed, and one Ctrl-C stops every process."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs the stack on its own fresh SQLite file, as make run does; once is enough",
    ),
    # Its servers listen on probed ports (and the port + 765): not beside another such test.
    pytest.mark.xdist_group("servers"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(check, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except OSError:
        return False


def test_one_command_runs_everything_and_one_ctrl_c_stops_it(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_VNEID")}
    env.pop("DATABASE_URL", None)
    env["MOTCUA_VAR_DIR"] = str(tmp_path)
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=settings.BASE_DIR)  # noqa: S603
    port = free_port()
    stack = subprocess.Popen(  # noqa: S603
        [*manage, "serve", f"127.0.0.1:{port}"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(lambda: answers(f"http://127.0.0.1:{port}/thu-tuc/"), 90), "no web"
        database = tmp_path / "motcua.sqlite3"

        def outbox_delivered_by_the_worker() -> bool:
            with sqlite3.connect(database) as db:
                return bool(
                    db.execute(
                        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path "
                        "= 'motcua.outbox.tasks.outbox_deliver' AND status = 'SUCCESSFUL'"
                    ).fetchone()[0]
                )

        assert wait_for(outbox_delivered_by_the_worker, 60), "the scheduler or worker is not up"
        issuer = f"http://127.0.0.1:{port + 765}/.well-known/openid-configuration"
        assert answers(issuer), "the VNeID simulator is not up"
    finally:
        stack.send_signal(signal.SIGINT)  # what Ctrl-C in the terminal sends
        output, _ = stack.communicate(timeout=60)
    for name in ("[web]", "[worker]", "[scheduler]", "[vneid]"):
        assert name in output
    assert "Bộ lập lịch đã dừng." in output
    # Every child is gone: nothing answers on either port any more.
    assert not answers(f"http://127.0.0.1:{port}/thu-tuc/")
    assert not answers(issuer)
