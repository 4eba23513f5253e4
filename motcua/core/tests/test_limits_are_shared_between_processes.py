"""Rate limits hold across app processes: failures counted by one process lock the subject for
every other, on Redis (production; REDIS_URL, skipped when unset) and on the default database
cache that `make run`'s processes share. Each "process" here is a real Python interpreter."""

import os
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("REDIS_URL", "")

# One app process: counts `count` failures of `subject` and prints the failures still counted
# and whether the subject is locked.
PROCESS = """
import sys
import django

django.setup()
from motcua.core import throttle

name, failures, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
limit = throttle.Limit(name, failures=failures, window=600, lock=600)
for _ in range(count):
    throttle.failure_record(limit, "203.0.113.7")
locked = throttle.locked_until(limit, "203.0.113.7") is not None
print(throttle.failures(limit, "203.0.113.7"), locked)
"""


def run_process(env: dict[str, str], name: str, failures: int, count: int) -> tuple[int, bool]:
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", PROCESS, name, str(failures), str(count)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    counted, locked = result.stdout.split()[-2:]
    return int(counted), locked == "True"


@pytest.fixture(params=["database", "redis"])
def shared_env(request, tmp_path) -> dict[str, str]:
    """The environment of an app process: Redis, or the default database cache in one file."""
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings"}
    if request.param == "redis":
        if not REDIS_URL:
            pytest.skip("REDIS_URL is not set")
        return {**env, "REDIS_URL": REDIS_URL}
    env["MOTCUA_VAR_DIR"] = str(tmp_path)
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    return env


def test_failures_in_one_process_lock_the_subject_in_another(shared_env):
    name = f"shared-{uuid.uuid4().hex}"
    assert run_process(shared_env, name, failures=5, count=4) == (4, False)
    # A second process adds the fifth failure: the lock it imposes is seen by a third.
    assert run_process(shared_env, name, failures=5, count=1)[1] is True
    assert run_process(shared_env, name, failures=5, count=0)[1] is True


def test_simultaneous_failures_on_redis_are_all_counted():
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": REDIS_URL,
    }
    name = f"shared-{uuid.uuid4().hex}"
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda _: run_process(env, name, 10_000, 200), range(2)))
    assert max(counted for counted, _ in runs) == 400


def test_the_limits_cache_is_never_per_process_memory():
    backend = settings.CACHES["limits"]["BACKEND"]
    assert backend.rsplit(".", 1)[-1] in {"RedisCache", "DatabaseCache"}
