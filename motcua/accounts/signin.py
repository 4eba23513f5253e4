"""Password sign-in for staff and other systems: the API token, /dang-nhap/ and the admin.

Every password surface asks `password_sign_in`, which refuses a locked account name or client
address before checking the password, counts each failure for both, and locks one when it
reaches its limit (settings MOTCUA_SIGN_IN_*). Names are counted whether or not such an account
exists, so a lock-out tells an attacker nothing about which accounts are real. Each lock-out is
recorded (SignInLockout) and audited; an administrator lifts it from the admin.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from motcua.accounts.models import LockoutScope, SignInLockout, User
from motcua.audit.services import audit_record
from motcua.core import throttle
from motcua.core.addresses import client_address
from motcua.core.localtime import format_datetime

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


class SignInRefused(Exception):
    """Wrong name or password; `message` is shown as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SignInLocked(SignInRefused):
    """Too many failures for this account name or from this address, until `until`."""

    def __init__(self, scope: str, until: datetime) -> None:
        whom = "tài khoản này" if scope == LockoutScope.ACCOUNT else "máy của bạn"
        super().__init__(
            f"Đăng nhập sai quá nhiều lần: {whom} tạm bị khóa đăng nhập đến "
            f"{format_datetime(until)}. Vui lòng thử lại sau thời điểm đó, hoặc đề nghị quản "
            "trị viên mở khóa."
        )
        self.scope = scope
        self.until = until

    @property
    def retry_after(self) -> int:
        """Seconds until the lock ends (the Retry-After header)."""
        return max(1, int((self.until - timezone.now()).total_seconds()) + 1)


@dataclass(frozen=True)
class _Guard:
    scope: str
    limit: throttle.Limit


def _guards() -> list[_Guard]:
    lock = settings.MOTCUA_SIGN_IN_LOCK_MINUTES * 60
    return [
        _Guard(
            LockoutScope.ACCOUNT,
            throttle.Limit(
                "sign-in-account", settings.MOTCUA_SIGN_IN_FAILURES_PER_ACCOUNT, lock, lock
            ),
        ),
        _Guard(
            LockoutScope.ADDRESS,
            throttle.Limit(
                "sign-in-address", settings.MOTCUA_SIGN_IN_FAILURES_PER_ADDRESS, lock, lock
            ),
        ),
    ]


def _guard(scope: str) -> _Guard:
    return next(guard for guard in _guards() if guard.scope == scope)


def account_key(username: str) -> str:
    """The name a lock-out is kept under: what was typed, trimmed and lower-cased."""
    return username.strip().lower()[:150]


def _subjects(username: str, address: str) -> list[tuple[_Guard, str]]:
    subjects: dict[str, str] = {
        LockoutScope.ACCOUNT: account_key(username),
        LockoutScope.ADDRESS: address,
    }
    return [(guard, subjects[guard.scope]) for guard in _guards() if subjects[guard.scope]]


@transaction.atomic
def _lockout_record(scope: str, subject: str, address: str, until: datetime) -> None:
    lockout = SignInLockout.objects.create(
        scope=scope,
        subject=subject,
        address=address,
        locked_at=timezone.now(),
        locked_until=until,
    )
    audit_record(
        action="sign_in.locked",
        obj=lockout,
        data={"scope": scope, "subject": subject, "address": address, "until": until},
    )


def password_sign_in(*, request: HttpRequest | None, username: str, password: str) -> User:
    """The active user with this name and password; SignInLocked or SignInRefused otherwise."""
    address = client_address(request)
    subjects = _subjects(username, address)
    for guard, subject in subjects:
        until = throttle.locked_until(guard.limit, subject)
        if until is not None:
            raise SignInLocked(guard.scope, until)
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        locked: SignInLocked | None = None
        for guard, subject in subjects:
            until = throttle.failure_record(guard.limit, subject)
            if until is not None:
                _lockout_record(guard.scope, subject, address, until)
                locked = locked or SignInLocked(guard.scope, until)
        if locked is not None:
            raise locked
        raise SignInRefused(WRONG)
    # A success forgets the account's failures; the address keeps its count (an office may be
    # one address, and one colleague signing in must not reset another's guessing).
    throttle.clear(_guard(LockoutScope.ACCOUNT).limit, account_key(username))
    return user


@transaction.atomic
def sign_in_lockout_lift(*, lockout: SignInLockout, actor: User) -> None:
    """Lift a lock-out now (an administrator vouched for the person)."""
    throttle.clear(_guard(lockout.scope).limit, lockout.subject)
    if lockout.lifted_at is None:
        lockout.lifted_at = timezone.now()
        lockout.lifted_by = actor
        lockout.save(update_fields=["lifted_at", "lifted_by"])
    audit_record(
        action="sign_in.unlocked",
        obj=lockout,
        actor=actor,
        data={"scope": lockout.scope, "subject": lockout.subject},
    )
