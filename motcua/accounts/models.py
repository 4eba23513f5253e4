from django.contrib.auth.models import AbstractUser
from django.db import models

from motcua.accounts.constants import Role, UnitKind


class Unit(models.Model):
    """An organisational unit; units form a tree (UBND tỉnh → Sở GDĐT → phòng/ban)."""

    name = models.CharField("tên đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=80, blank=True)
    # Electronic identifier (mã định danh điện tử), the first part of every dossier code.
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
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"
