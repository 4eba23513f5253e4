"""Failure counting and lock-outs, shared by every process through the "limits" cache.

One mechanism for every guessable secret: passwords (accounts.signin), tracking code and
verifier pairs (dossiers.tracking), one-time codes sent (accounts.citizens). A `Limit` allows
`failures` within `window` seconds for one subject (an account name, an address, a code); the
failure that reaches it locks the subject for `lock` seconds.

Redis counts atomically (INCR). The local default, Django's database cache, reads and writes, so
two requests failing at the same instant may count once: a few tries more, never a wrong lock.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.cache import BaseCache, caches
from django.utils import timezone


@dataclass(frozen=True)
class Limit:
    name: str
    failures: int
    window: int  # seconds in which failures add up
    lock: int  # seconds a subject stays locked once it reaches `failures`


def _cache() -> BaseCache:
    return caches["limits"]


def _key(limit: Limit, subject: str, part: str) -> str:
    # Subjects are whatever a client typed: hashed to a short key every backend accepts.
    digest = hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"{limit.name}:{part}:{digest}"


def locked_until(limit: Limit, subject: str) -> datetime | None:
    """When the lock on `subject` ends, or None when it is not locked."""
    stamp = _cache().get(_key(limit, subject, "lock"))
    if stamp is None:
        return None
    until = datetime.fromtimestamp(float(stamp), tz=UTC)
    return until if until > timezone.now() else None


def failures(limit: Limit, subject: str) -> int:
    """Failures counted for `subject` in its current window."""
    return int(_cache().get(_key(limit, subject, "count"), 0))


def failure_record(limit: Limit, subject: str) -> datetime | None:
    """Count one failure; returns the end of the lock when this failure imposed it."""
    cache = _cache()
    key = _key(limit, subject, "count")
    cache.add(key, 0, timeout=limit.window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=limit.window)
        count = 1
    if count < limit.failures:
        return None
    until = timezone.now() + timedelta(seconds=limit.lock)
    cache.set(_key(limit, subject, "lock"), until.timestamp(), timeout=limit.lock)
    cache.delete(key)  # a fresh count once the lock ends
    return until if count == limit.failures else None


def clear(limit: Limit, subject: str) -> None:
    """Forget the failures and any lock of `subject` (a success, or an administrator's lift)."""
    _cache().delete_many([_key(limit, subject, "count"), _key(limit, subject, "lock")])
