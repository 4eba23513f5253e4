from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models

from motcua.accounts.constants import Role, UnitKind


class Unit(models.Model):
    """An organisational unit; units form a tree (UBND tỉnh → Sở GDĐT → phòng/ban)."""

    name = models.CharField("tên đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=80, blank=True)
    # Electronic identifier (mã định danh điện tử), the first part of every dossier code. Its
    # unique index also finds the unit of a `?unit=<code>` filter (reports.inputs, metrics and
    # ratings selectors) and of a transfer or fault named by code (dossiers.services).
    code = models.CharField("mã định danh", max_length=40, unique=True)
    kind = models.CharField("loại đơn vị", max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=40, blank=True)
    # What the unit's papers print: "<địa danh>, ngày … tháng … năm …" (a unit without one takes
    # its nearest ancestor's) and who signs for it as head (thủ trưởng), under which title.
    place_name = models.CharField(
        "địa danh",
        max_length=80,
        blank=True,
        help_text="In trên biểu mẫu: «<địa danh>, ngày … tháng … năm …». Để trống: dùng địa danh "
        "của đơn vị cấp trên.",
    )
    head = models.ForeignKey(
        "User",
        verbose_name="thủ trưởng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Người ký văn bản của đơn vị (ví dụ văn bản xin lỗi khi đơn vị giải quyết chậm).",
    )
    head_title = models.CharField(
        "chức danh thủ trưởng", max_length=80, blank=True, help_text="Ví dụ: Giám đốc"
    )
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: staff (with memberships) or a citizen."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    id_number = models.CharField("số CCCD/định danh", max_length=20, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(models.Model):
    """A role a user holds in a unit; permissions are granted per role and unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = "vai trò trong đơn vị"
        verbose_name_plural = "vai trò trong đơn vị"
        constraints = [
            # Also the index of a user's memberships (permissions._snapshot, on every request).
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


# Citizen accounts (công dân, tổ chức): sign-in codes, verification state, representation.
# The choices live beside the models they describe because only these models use them.


class CodePurpose(models.TextChoices):
    """What a one-time code (mã xác thực) is good for; a code serves one purpose only."""

    REGISTER = "register", "Đăng ký tài khoản"
    SIGN_IN = "sign_in", "Đăng nhập"


class CodeChannel(models.TextChoices):
    """Where a one-time code is sent."""

    EMAIL = "email", "Thư điện tử"
    PHONE = "phone", "Tin nhắn SMS"


class OneTimeCode(models.Model):
    """A one-time code sent to an e-mail address or phone; only a keyed hash of it is stored.

    It expires after at most ten minutes and dies after five tries (the issue's security rules).
    """

    purpose = models.CharField("mục đích", max_length=16, choices=CodePurpose.choices)
    channel = models.CharField("kênh gửi", max_length=8, choices=CodeChannel.choices)
    destination = models.CharField("gửi tới", max_length=254)  # normalised e-mail or phone
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    attempts = models.PositiveSmallIntegerField("số lần nhập", default=0)
    used_at = models.DateTimeField("đã dùng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã xác thực"
        verbose_name_plural = "mã xác thực"
        indexes = [
            # The newest code for a destination and purpose (citizens.one_time_code_verify).
            models.Index(fields=["destination", "purpose", "-created_at"], name="otp_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.destination}"


class CitizenProfile(models.Model):
    """What has been verified about a citizen's account, and the VNeID identity linked to it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="citizen_profile")
    email_verified_at = models.DateTimeField("xác thực thư điện tử lúc", null=True, blank=True)
    phone_verified_at = models.DateTimeField("xác thực điện thoại lúc", null=True, blank=True)
    # Set only when the CCCD number came from VNeID; a number typed by the citizen stays unverified.
    id_number_verified_at = models.DateTimeField("xác thực CCCD lúc", null=True, blank=True)
    # Unique: one account per VNeID identity; its index finds the account at each VNeID
    # sign-in (citizens.citizen_sign_in_with_vneid).
    vneid_sub = models.CharField(
        "định danh VNeID (sub)", max_length=255, null=True, blank=True, unique=True
    )
    vneid_linked_at = models.DateTimeField("liên kết VNeID lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "hồ sơ công dân"
        verbose_name_plural = "hồ sơ công dân"

    def __str__(self) -> str:
        return str(self.user)


class PrincipalKind(models.TextChoices):
    """Whom a representative acts for."""

    INDIVIDUAL = "individual", "Cá nhân"  # identified by a 12-digit CCCD number
    ORGANISATION = "organisation", "Tổ chức"  # identified by a 10- or 13-digit tax code (MST)


class Representation(models.Model):
    """A citizen acting for another person or an organisation under a power of attorney
    (giấy ủy quyền); staff check the document before it counts (`verified`)."""

    representative = models.ForeignKey(
        User,
        verbose_name="người được ủy quyền",
        on_delete=models.CASCADE,
        related_name="representations",
    )
    kind = models.CharField("loại người ủy quyền", max_length=16, choices=PrincipalKind.choices)
    principal_name = models.CharField("tên người ủy quyền", max_length=255)
    principal_id_number = models.CharField("số CCCD hoặc mã số thuế", max_length=13)
    document_reference = models.CharField("giấy ủy quyền (số, ngày)", max_length=255)
    valid_until = models.DateField("hiệu lực đến ngày")
    verified = models.BooleanField("đã kiểm tra giấy ủy quyền", default=False)
    verified_at = models.DateTimeField("kiểm tra lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "ủy quyền"
        verbose_name_plural = "ủy quyền"
        ordering = ["-created_at"]
        constraints = [
            # One declaration per principal; also the duplicate check of representation_add.
            models.UniqueConstraint(
                fields=["representative", "kind", "principal_id_number"],
                name="representation_unique_principal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.representative} thay mặt {self.principal_name}"

    @property
    def principal_id_display(self) -> str:
        """A 13-digit tax code is written 0101234567-001 (the branch after the dash)."""
        number = self.principal_id_number
        return f"{number[:10]}-{number[10:]}" if len(number) == 13 else number

    def is_usable_on(self, day: date) -> bool:
        """A representation counts once staff checked the document and until it lapses."""
        return self.verified and self.valid_until >= day


class LockoutScope(models.TextChoices):
    """What a sign-in lock-out is keyed on."""

    ACCOUNT = "account", "Tài khoản"  # the name typed, whether or not such an account exists
    ADDRESS = "address", "Địa chỉ IP"


class SignInLockout(models.Model):
    """A record of one password sign-in lock-out, so administrators see it and can lift it.

    The lock itself lives in the shared "limits" cache (motcua.core.throttle); this row is its
    visible, auditable trace.
    """

    scope = models.CharField("khóa theo", max_length=8, choices=LockoutScope.choices)
    subject = models.CharField("tài khoản hoặc địa chỉ", max_length=150)
    address = models.CharField("địa chỉ IP của lần sai cuối", max_length=45, blank=True)
    locked_at = models.DateTimeField("khóa lúc")
    locked_until = models.DateTimeField("khóa đến")
    lifted_at = models.DateTimeField("mở khóa lúc", null=True, blank=True)
    lifted_by = models.ForeignKey(
        User,
        verbose_name="người mở khóa",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "khóa đăng nhập"
        verbose_name_plural = "khóa đăng nhập"

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.subject}"
