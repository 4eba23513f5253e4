"""`make run`'s one command: the web server, a background worker, the scheduler and the
simulators of outside systems together.

Each runs as its own process (as in production, where they are separate services), their output
is interleaved with a name in front, and Ctrl-C (or SIGTERM) stops all of them; if one stops on
its own, the others are stopped too, so a half-running stack never goes unnoticed.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from types import FrameType
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

GRACE_SECONDS = 10


class Process(NamedTuple):
    name: str
    command: list[str]
    env: dict[str, str]
    # Settings the application's own processes need to reach this one (simulators).
    exports: dict[str, str] = {}


def _pump(name: str, stream: IO[str], out: IO[str], lock: threading.Lock) -> None:
    for line in stream:
        with lock:
            out.write(f"[{name}] {line}")
            out.flush()


class Command(BaseCommand):
    help = (
        "Chạy máy chủ web, bộ xử lý nền (worker), bộ lập lịch và các hệ thống mô phỏng cùng lúc; "
        "Ctrl-C dừng tất cả."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=1, help="số bộ xử lý nền")

    def processes(self, address: str, workers: int) -> list[Process]:
        manage = [sys.executable, "manage.py"]
        outside = self.simulators(int(address.rsplit(":", 1)[1]))
        # The web server and the workers talk to the simulators started here.
        env = {**os.environ, **{k: v for p in outside for k, v in p.exports.items()}}
        found = [Process("web", [*manage, "runserver", address], env)]
        found += [
            Process(
                f"worker{n + 1}" if workers > 1 else "worker",
                [*manage, "db_worker", "--queue-name", "*", "--interval", "1", "--no-reload"],
                env,
            )
            for n in range(workers)
        ]
        found.append(Process("scheduler", [*manage, "scheduler"], env))
        return outside + found

    def simulators(self, web_port: int) -> list[Process]:
        """A simulator for each outside system the environment does not point at (SMS and Zalo
        simulators live in the database and need no process)."""
        manage = [sys.executable, "manage.py"]
        found = []
        if not settings.MOTCUA_VNEID_ISSUER:
            port = web_port + 765  # 8765 beside the default 8000
            found.append(
                Process(
                    "vneid",
                    [*manage, "vneid_simulator", "--port", str(port)],
                    dict(os.environ),
                    exports={
                        "MOTCUA_VNEID_ISSUER": f"http://127.0.0.1:{port}",
                        "MOTCUA_VNEID_CLIENT_ID": "motcua-local",
                        "MOTCUA_VNEID_CLIENT_SECRET": "motcua-local-secret",
                    },
                )
            )
        return found

    def handle(self, *args: Any, **options: Any) -> None:
        lock = threading.Lock()
        children: list[tuple[str, subprocess.Popen[str]]] = []
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for name, command, env, _ in self.processes(options["address"], options["workers"]):
            # A session of its own: a terminal's Ctrl-C reaches this process only, which then
            # stops each child exactly once (a second signal makes the worker abandon its task).
            child = subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
                command,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                bufsize=1,
                start_new_session=True,
            )
            assert child.stdout is not None
            threading.Thread(
                target=_pump, args=(name, child.stdout, sys.stdout, lock), daemon=True
            ).start()
            children.append((name, child))

        exited = None
        while not stopping and exited is None:
            exited = next(((n, c) for n, c in children if c.poll() is not None), None)
            time.sleep(0.2)
        if exited is not None:
            self.stderr.write(f"{exited[0]} đã dừng (mã {exited[1].returncode}); dừng tất cả.")
        for _, child in children:
            if child.poll() is None:
                # The whole group: runserver's autoreloader serves from a grandchild.
                os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for _, child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
        if exited is not None:
            sys.exit(exited[1].returncode or 1)
