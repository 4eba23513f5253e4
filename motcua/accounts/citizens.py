"""Citizen accounts: register and sign in with a one-time code or VNeID; act for others.

Citizens are `User` rows without staff memberships (`is_staff=False`) whose username is the
e-mail address or phone number they proved they own, normalised (`an@example.vn`, `0912345678`).

Codes are sent at once through `notify.services.one_time_code_send` (not through the outbox, see
there); a failed send is reported on the page and the person asks again.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from motcua.accounts.models import (
    CitizenProfile,
    CodeChannel,
    CodePurpose,
    OneTimeCode,
    PrincipalKind,
    Representation,
    User,
)
from motcua.audit.services import audit_record
from motcua.core import throttle
from motcua.core.folding import nfc
from motcua.core.localtime import format_datetime
from motcua.integrations.vneid.client import VneidIdentity
from motcua.notify.constants import NotifyChannel
from motcua.notify.selectors import Recipient, phone_e164
from motcua.notify.services import DeliveryFailed, one_time_code_send

MAX_ATTEMPTS = 5  # security rule: a code allows at most five tries
MAX_TTL_SECONDS = 600  # security rule: a code lives at most ten minutes
CODE_DIGITS = 6
ISSUE_WINDOW_SECONDS = 3600
ISSUES_PER_IP_PER_HOUR = 30  # one office or school network may register many people

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_VN_MOBILE = re.compile(r"0[35789]\d{8}")
_CCCD = re.compile(r"\d{12}")
_TAX_CODE = re.compile(r"\d{10}(\d{3})?")


class AccountError(Exception):
    """A request the citizen can correct; `message` is shown to them as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CodeRefused(AccountError):
    """The code was wrong, expired, used, or tried too often; `remaining` tries are left."""

    def __init__(self, message: str, *, remaining: int = 0) -> None:
        super().__init__(message)
        self.remaining = remaining


@dataclass(frozen=True)
class Destination:
    channel: CodeChannel
    value: str  # the normalised e-mail address or phone number (0xxxxxxxxx)


# -- Identifiers --------------------------------------------------------------------------------


def destination_parse(raw: str) -> Destination:
    """An e-mail address (lower-cased) or a Vietnamese mobile number (0xxxxxxxxx)."""
    text = nfc(raw)
    if "@" in text:
        address = text.lower()
        try:
            validate_email(address)
        except Exception as exc:
            raise AccountError("Địa chỉ thư điện tử không hợp lệ.") from exc
        return Destination(CodeChannel.EMAIL, address)
    digits = _PHONE_SEPARATORS.sub("", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _VN_MOBILE.fullmatch(digits):
        raise AccountError(
            "Vui lòng nhập địa chỉ thư điện tử hoặc số điện thoại di động gồm 10 chữ số "
            "(ví dụ 0912345678)."
        )
    return Destination(CodeChannel.PHONE, digits)


def citizen_id_number_clean(raw: str) -> str:
    """A 12-digit CCCD number, or '' when none was given."""
    digits = re.sub(r"\s", "", raw or "")
    if digits and not _CCCD.fullmatch(digits):
        raise AccountError("Số CCCD phải gồm đúng 12 chữ số.")
    return digits


def citizen_find(destination: Destination) -> User | None:
    """The citizen account signed in with this e-mail address or phone number, if any."""
    return User.objects.filter(username=destination.value, is_staff=False).first()


# -- One-time codes -----------------------------------------------------------------------------


def _code_hash(destination: str, purpose: str, code: str) -> str:
    # Keyed with SECRET_KEY: a copy of the table alone does not let anyone try the 10^6 codes.
    return salted_hmac("motcua.accounts.otp", f"{purpose}|{destination}|{code}").hexdigest()


def _ttl() -> timedelta:
    return timedelta(seconds=min(MAX_TTL_SECONDS, settings.MOTCUA_OTP_TTL_SECONDS))


def _issue_limits(destination: str, address: str) -> list[tuple[throttle.Limit, str]]:
    per_destination = throttle.Limit(
        "otp-destination",
        settings.MOTCUA_OTP_ISSUES_PER_HOUR,
        ISSUE_WINDOW_SECONDS,
        ISSUE_WINDOW_SECONDS,
    )
    per_address = throttle.Limit(
        "otp-address", ISSUES_PER_IP_PER_HOUR, ISSUE_WINDOW_SECONDS, ISSUE_WINDOW_SECONDS
    )
    return [(per_destination, destination)] + ([(per_address, address)] if address else [])


def _deliver(destination: Destination, purpose: str, code: str) -> None:
    minutes = _ttl().seconds // 60
    if destination.channel == CodeChannel.PHONE:
        one_time_code_send(
            recipient=Recipient(NotifyChannel.SMS, phone_e164(destination.value)),
            subject="",
            text=f"Mã xác thực Một cửa: {code} (hiệu lực {minutes} phút). Không đưa mã cho ai.",
            code=code,
        )
        return
    action = "đăng ký tài khoản" if purpose == CodePurpose.REGISTER else "đăng nhập"
    one_time_code_send(
        recipient=Recipient(NotifyChannel.EMAIL, destination.value),
        subject=f"Mã xác thực {action} – {settings.MOTCUA_AGENCY_NAME}",
        text=f"Mã xác thực để {action} Hệ thống một cửa điện tử của {settings.MOTCUA_AGENCY_NAME} "
        f"là: {code}\n\nMã có hiệu lực trong {minutes} phút và chỉ dùng được một lần. "
        "Không cung cấp mã này cho bất kỳ ai, kể cả người tự xưng là cán bộ.\n\n"
        "Nếu bạn không yêu cầu mã này, hãy bỏ qua thư.",
        code=code,
    )


def one_time_code_issue(*, destination: str, purpose: str, client_ip: str = "") -> Destination:
    """Create a code for `destination` and send it at once; returns the normalised destination."""
    target = destination_parse(destination)
    # Sent whether or not an account exists, with the same answer: the page must not tell who
    # has an account. Only the owner of the destination learns it, once they enter the code.
    limits = _issue_limits(target.value, client_ip)
    locks = [until for limit, subject in limits if (until := throttle.locked_until(limit, subject))]
    if locks:
        raise AccountError(
            "Bạn đã yêu cầu gửi mã quá nhiều lần. Vui lòng thử lại sau "
            f"{format_datetime(max(locks))}."
        )
    for limit, subject in limits:
        throttle.failure_record(limit, subject)  # every code sent counts toward the hour's limit
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    # Saved before sending and outside any transaction: an SMTP or SMS call must not hold the
    # database's write lock while it waits on the network.
    row = OneTimeCode.objects.create(
        purpose=purpose,
        channel=target.channel,
        destination=target.value,
        code_hash=_code_hash(target.value, purpose, code),
        expires_at=timezone.now() + _ttl(),
    )
    try:
        _deliver(target, purpose, code)
    except DeliveryFailed as exc:
        OneTimeCode.objects.filter(pk=row.pk).update(attempts=MAX_ATTEMPTS)
        raise AccountError(
            "Không gửi được mã xác thực lúc này. Vui lòng thử lại sau ít phút."
        ) from exc
    return target


def one_time_code_verify(*, destination: Destination, purpose: str, code: str) -> OneTimeCode:
    """Spend one try on the newest code for `destination`; mark it used when `code` matches.

    Call outside any transaction that a refusal would roll back: the try must stay counted.
    """
    row = (
        OneTimeCode.objects.filter(destination=destination.value, purpose=purpose)
        .order_by("-created_at", "-id")
        .first()
    )
    if row is None or row.used_at is not None:
        raise CodeRefused("Mã xác thực đã được sử dụng hoặc không tồn tại. Vui lòng lấy mã mới.")
    now = timezone.now()
    if row.expires_at <= now:
        raise CodeRefused("Mã xác thực đã hết hạn. Vui lòng lấy mã mới.")
    # Conditional UPDATE: two requests racing on the last try cannot both get it.
    counted = OneTimeCode.objects.filter(
        pk=row.pk, attempts__lt=MAX_ATTEMPTS, used_at__isnull=True
    ).update(attempts=F("attempts") + 1)
    if not counted:
        raise CodeRefused(
            "Bạn đã nhập sai mã quá 5 lần. Mã này không còn dùng được; vui lòng lấy mã mới."
        )
    typed = re.sub(r"\s", "", code or "")
    if not constant_time_compare(row.code_hash, _code_hash(destination.value, purpose, typed)):
        remaining = MAX_ATTEMPTS - (row.attempts + 1)
        if remaining <= 0:
            raise CodeRefused("Mã xác thực không đúng. Bạn đã nhập sai 5 lần; vui lòng lấy mã mới.")
        raise CodeRefused(f"Mã xác thực không đúng, còn {remaining} lần thử.", remaining=remaining)
    if not OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now):
        raise CodeRefused("Mã xác thực đã được sử dụng hoặc không tồn tại. Vui lòng lấy mã mới.")
    row.used_at = now
    return row


# -- Accounts -----------------------------------------------------------------------------------


def _mark_verified(profile: CitizenProfile, channel: str) -> None:
    now = timezone.now()
    if channel == CodeChannel.EMAIL and profile.email_verified_at is None:
        profile.email_verified_at = now
    if channel == CodeChannel.PHONE and profile.phone_verified_at is None:
        profile.phone_verified_at = now
    profile.save()


def citizen_register(
    *, destination: str, code: str, full_name: str, id_number: str = "", client_ip: str = ""
) -> User:
    """Create a citizen account once the code sent to `destination` is confirmed."""
    target = destination_parse(destination)
    name = nfc(full_name)
    if not name:
        raise AccountError("Vui lòng nhập họ và tên.")
    cccd = citizen_id_number_clean(id_number)
    one_time_code_verify(destination=target, purpose=CodePurpose.REGISTER, code=code)
    existing = citizen_find(target)
    if existing is not None:
        # The code proved this person owns the destination, which already has an account: it
        # is theirs, so they are signed in to it (telling them before the code would reveal it).
        if not existing.is_active:
            raise AccountError("Tài khoản này đã bị khóa. Vui lòng liên hệ cơ quan.")
        _mark_verified(CitizenProfile.objects.get_or_create(user=existing)[0], target.channel)
        return existing
    try:
        with transaction.atomic():
            user = User(
                username=target.value,
                full_name=name[:150],
                id_number=cccd,
                is_staff=False,
                email=target.value if target.channel == CodeChannel.EMAIL else "",
                phone=target.value if target.channel == CodeChannel.PHONE else "",
            )
            user.set_unusable_password()  # citizens sign in with codes or VNeID, never a password
            user.save()
            _mark_verified(CitizenProfile(user=user), target.channel)
            audit_record(
                action="citizen.register",
                obj=user,
                actor=user,
                data={"channel": target.channel},
            )
    except IntegrityError as exc:  # registered by a parallel request a moment ago
        raise AccountError("Đã có tài khoản với thông tin này. Vui lòng đăng nhập.") from exc
    return user


def citizen_sign_in_with_code(*, destination: str, code: str) -> User:
    """The citizen whose code for `destination` is confirmed (the view then logs them in)."""
    target = destination_parse(destination)
    # The code first: only the owner of the destination may learn whether it has an account.
    one_time_code_verify(destination=target, purpose=CodePurpose.SIGN_IN, code=code)
    user = citizen_find(target)
    if user is None or not user.is_active:
        raise AccountError(
            "Chưa có tài khoản nào với địa chỉ thư điện tử hoặc số điện thoại này. "
            "Vui lòng đăng ký tài khoản."
        )
    profile, _ = CitizenProfile.objects.get_or_create(user=user)
    _mark_verified(profile, target.channel)
    return user


def _vneid_username(identity: VneidIdentity) -> tuple[str, str]:
    """(username, channel) for a new VNeID account: its phone or e-mail, else a VNeID handle."""
    for raw in (identity.phone, identity.email):
        if raw:
            try:
                target = destination_parse(raw)
            except AccountError:
                continue
            return target.value, target.channel
    return f"vneid-{identity.sub}"[:150], ""


@transaction.atomic
def citizen_sign_in_with_vneid(*, identity: VneidIdentity) -> User:
    """The citizen VNeID vouched for: linked by `sub`, else by the phone or e-mail they already
    registered with, else a new account. Name and CCCD from VNeID are stored as verified."""
    now = timezone.now()
    profile = (
        CitizenProfile.objects.select_related("user")
        .select_for_update()
        .filter(vneid_sub=identity.sub)
        .first()
    )
    if profile is not None:
        user = profile.user
        if not user.is_active or user.is_staff:
            raise AccountError("Tài khoản này không dùng được để đăng nhập bằng VNeID.")
        action = "citizen.vneid_sign_in"
    else:
        username, channel = _vneid_username(identity)
        # A username is a phone or e-mail the citizen proved with a code, and VNeID vouches for
        # its own: the same person, so the accounts are linked rather than duplicated.
        user_or_none = User.objects.filter(username=username, is_staff=False).first()
        if user_or_none is not None and hasattr(user_or_none, "citizen_profile"):
            linked = user_or_none.citizen_profile.vneid_sub
            if linked and linked != identity.sub:
                user_or_none = None
        if user_or_none is None and User.objects.filter(username=username).exists():
            username, channel = f"vneid-{identity.sub}"[:150], ""
        if user_or_none is None:
            user = User(username=username, is_staff=False)
            user.set_unusable_password()
            if channel == CodeChannel.PHONE:
                user.phone = username
            elif channel == CodeChannel.EMAIL:
                user.email = username
            user.save()
            action = "citizen.vneid_register"
        else:
            user = user_or_none
            action = "citizen.vneid_link"
        profile, _ = CitizenProfile.objects.get_or_create(user=user)
        profile.vneid_sub = identity.sub
        profile.vneid_linked_at = now
        if channel == CodeChannel.PHONE and profile.phone_verified_at is None:
            profile.phone_verified_at = now
    if identity.full_name:
        user.full_name = nfc(identity.full_name)[:150]
    if identity.citizen_id and _CCCD.fullmatch(identity.citizen_id):
        user.id_number = identity.citizen_id
        profile.id_number_verified_at = now
    user.last_login = now
    user.save()
    profile.save()
    audit_record(action=action, obj=user, actor=user)
    return user


# -- Representation (ủy quyền) ------------------------------------------------------------------


def representations_of(user: User) -> QuerySet[Representation]:
    """The people and organisations `user` may act for, or asked to, newest first."""
    return Representation.objects.filter(representative=user).order_by("-created_at", "-id")


def _principal_id_clean(kind: str, raw: str) -> str:
    digits = re.sub(r"[\s\-]", "", raw or "")
    if kind == PrincipalKind.INDIVIDUAL and not _CCCD.fullmatch(digits):
        raise AccountError("Số CCCD của người ủy quyền phải gồm đúng 12 chữ số.")
    if kind == PrincipalKind.ORGANISATION and not _TAX_CODE.fullmatch(digits):
        raise AccountError(
            "Mã số thuế của tổ chức phải gồm 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc "
            "(ví dụ 0101234567-001)."
        )
    return digits


@transaction.atomic
def representation_add(
    *,
    representative: User,
    kind: str,
    principal_name: str,
    principal_id_number: str,
    document_reference: str,
    valid_until: date,
) -> Representation:
    """Record that `representative` acts for a person or organisation; staff verify it later."""
    if representative.is_staff:
        raise AccountError("Chỉ tài khoản công dân, tổ chức mới khai báo được ủy quyền.")
    if kind not in PrincipalKind.values:
        raise AccountError("Vui lòng chọn người ủy quyền là cá nhân hay tổ chức.")
    name = nfc(principal_name)
    if not name:
        raise AccountError("Vui lòng nhập tên người ủy quyền.")
    id_number = _principal_id_clean(kind, principal_id_number)
    if kind == PrincipalKind.INDIVIDUAL and id_number == representative.id_number:
        raise AccountError("Không thể tự ủy quyền cho chính mình.")
    document = nfc(document_reference)
    if not document:
        raise AccountError("Vui lòng nhập số và ngày của giấy ủy quyền.")
    if valid_until < timezone.localdate():
        raise AccountError("Giấy ủy quyền đã hết hiệu lực.")
    duplicate = Representation.objects.filter(
        representative=representative, kind=kind, principal_id_number=id_number
    )
    if duplicate.exists():
        raise AccountError("Bạn đã khai báo ủy quyền của người này.")
    representation = Representation.objects.create(
        representative=representative,
        kind=kind,
        principal_name=name[:255],
        principal_id_number=id_number,
        document_reference=document[:255],
        valid_until=valid_until,
    )
    audit_record(action="representation.add", obj=representation, actor=representative)
    return representation


@transaction.atomic
def representation_remove(*, representative: User, representation_id: int) -> None:
    """Withdraw one of the citizen's own representations (another's raises DoesNotExist)."""
    representation = Representation.objects.get(pk=representation_id, representative=representative)
    audit_record(
        action="representation.remove",
        obj=representation,
        actor=representative,
        data={"principal": representation.principal_name},
    )
    representation.delete()
