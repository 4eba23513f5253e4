"""Run contenders on real PostgreSQL connections at once (shared by the race tests)."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def run_together(*jobs: Callable[[], Any]) -> list[Any]:
    """Run each job in its own thread and connection, all released at once; return each job's
    result or the exception it raised, in order."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = job()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a contender is still waiting: deadlock?"
    return outcomes
