from decimal import Decimal

from django.conf import settings
from django.db import models

from motcua.accounts.constants import Role
from motcua.accounts.models import Unit
from motcua.catalog.constants import (
    ONLINE_SERVICE_LEVELS,
    ComponentNeed,
    CopyType,
    FeeKind,
    Level,
    OnlineLevel,
    PublicationStatus,
)
from motcua.workdays.constants import DurationUnit
from motcua.workdays.deadlines import Duration


class Field(models.Model):
    """Lĩnh vực: subject area of procedures, one row per field however sources spell it (their
    other spellings are FieldSynonym rows; `key` is catalog.fields.field_key of the name)."""

    name = models.CharField("tên lĩnh vực", max_length=255, unique=True)  # integrity only
    code = models.CharField("mã lĩnh vực", max_length=40, blank=True)
    # Unique, and the index an imported field name is matched on (selectors, admin).
    key = models.CharField(max_length=255, unique=True, editable=False)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FieldSynonym(models.Model):
    """Another name a source gives a field ("Giáo dục - Đào tạo" for "Giáo dục và Đào tạo"):
    imports that use it land on the field."""

    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", on_delete=models.CASCADE, related_name="synonyms"
    )
    name = models.CharField("tên khác", max_length=255)
    # Unique, and the index an imported field name is matched on when it is another spelling.
    key = models.CharField(max_length=255, unique=True, editable=False)

    class Meta:
        verbose_name = "tên khác của lĩnh vực"
        verbose_name_plural = "tên khác của lĩnh vực"
        ordering = ["field", "name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.field.name}"


class Procedure(models.Model):
    """A published administrative procedure (TTHC). Facts the sources do not give are listed in
    `unknown_fields`; values invented for the demo are listed in `demo_fields` and shown so."""

    # Unique; its index finds a procedure by code (every public page, the API, imports).
    code = models.CharField("mã thủ tục", max_length=40, unique=True)
    has_national_code = models.BooleanField("là mã quốc gia", default=True)
    name = models.TextField("tên thủ tục")
    search_text = models.TextField(editable=False, default="")
    field = models.ForeignKey(
        Field,
        verbose_name="lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    level = models.CharField("cấp thực hiện", max_length=8, choices=Level.choices)
    implementing_unit = models.ForeignKey(
        Unit,
        verbose_name="cơ quan thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    submission_places = models.TextField("nơi tiếp nhận hồ sơ", blank=True)
    legal_bases = models.JSONField("căn cứ pháp lý", default=list, blank=True)
    result = models.TextField("kết quả thực hiện", blank=True)
    result_paper = models.BooleanField("trả kết quả bản giấy", default=True)
    result_electronic = models.BooleanField("trả kết quả điện tử", default=False)
    online_level = models.CharField(
        "mức độ DVC trực tuyến", max_length=16, choices=OnlineLevel.choices, blank=True
    )
    fully_online_eligible = models.BooleanField("đủ điều kiện toàn trình", default=False)
    postal_allowed = models.BooleanField("nhận, trả qua bưu chính công ích", default=True)
    decision_number = models.CharField("quyết định công bố", max_length=120, blank=True)
    decision_date = models.DateField("ngày công bố", null=True, blank=True)
    publication_status = models.CharField(
        "tình trạng công bố",
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.NEW,
    )
    effective_from = models.DateField("hiệu lực từ", null=True, blank=True)
    effective_to = models.DateField("hết hiệu lực từ", null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name="thay thế thủ tục",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    sequence = models.JSONField("trình tự thực hiện (công bố)", default=list, blank=True)
    sources = models.JSONField("nguồn", default=list, blank=True)
    notes = models.TextField("ghi chú", blank=True)
    unknown_fields = models.JSONField("thông tin chưa có", default=list, blank=True)
    demo_fields = models.JSONField("giá trị minh họa", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def online_level_is_demo(self) -> bool:
        return "online_level" in self.demo_fields

    @property
    def takes_online_submissions(self) -> bool:
        """Citizens may submit online ("toàn trình" or "một phần"), demo values included."""
        return self.online_level in ONLINE_SERVICE_LEVELS

    @property
    def counts_as_online_service(self) -> bool:
        """Counted as a procedure offered online by every measure that counts them (QĐ 766
        indicators 3.1 and 3.2, TT 01/2018 indicator 9): a published level, "toàn trình" or
        "một phần". A demo value lets the demo take online dossiers but is no published fact."""
        return self.online_level in ONLINE_SERVICE_LEVELS and not self.online_level_is_demo

    def is_demo(self, fact: str) -> bool:
        return fact in self.demo_fields


class ProcedureCase(models.Model):
    """Trường hợp: a variant of the procedure with its own processing time and process."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="cases")
    code = models.SlugField("mã trường hợp", max_length=40)
    name = models.CharField("tên trường hợp", max_length=500)
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    is_default = models.BooleanField("trường hợp mặc định", default=False)
    processing_time_value = models.DecimalField(
        "thời hạn giải quyết", max_digits=7, decimal_places=2, null=True, blank=True
    )
    processing_time_unit = models.CharField(
        "đơn vị thời hạn", max_length=16, choices=DurationUnit.choices, blank=True
    )
    is_demo = models.BooleanField("giá trị minh họa", default=False)

    class Meta:
        verbose_name = "trường hợp"
        verbose_name_plural = "trường hợp"
        ordering = ["procedure", "order"]
        constraints = [
            # Also finds the case an intake names by code (catalog.intake).
            models.UniqueConstraint(fields=["procedure", "code"], name="case_code_unique"),
            # At most one default case; also finds it when an intake names none (catalog.intake).
            models.UniqueConstraint(
                fields=["procedure"],
                condition=models.Q(is_default=True),
                name="case_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def processing_time(self) -> Duration | None:
        if not self.processing_time_unit:
            return None
        return Duration.of(self.processing_time_value or Decimal(0), self.processing_time_unit)


class ProcessStep(models.Model):
    """Bước: one step of a case's internal process, owned by a unit and a role."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên bước", max_length=500)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="process_steps",
    )
    role = models.CharField("vai trò", max_length=32, choices=Role.choices, blank=True)
    duration_value = models.DecimalField("thời gian", max_digits=7, decimal_places=2)
    duration_unit = models.CharField(
        "đơn vị", max_length=16, choices=DurationUnit.choices, default=DurationUnit.WORKING_HOURS
    )
    is_demo = models.BooleanField("giá trị minh họa", default=False)

    class Meta:
        verbose_name = "bước xử lý"
        verbose_name_plural = "quy trình nội bộ"
        ordering = ["case", "order"]
        constraints = [
            # Also reads a case's steps in order (selectors, spreadsheet export).
            models.UniqueConstraint(fields=["case", "order"], name="step_order_unique"),
        ]

    def __str__(self) -> str:
        return f"Bước {self.order}: {self.name}"

    @property
    def duration(self) -> Duration:
        return Duration.of(self.duration_value, self.duration_unit)


class Component(models.Model):
    """Thành phần hồ sơ: one document the applicant provides."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="components")
    case = models.ForeignKey(
        ProcedureCase,
        verbose_name="chỉ áp dụng cho trường hợp",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="components",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    name = models.TextField("tên giấy tờ")
    need = models.CharField(
        "yêu cầu", max_length=16, choices=ComponentNeed.choices, default=ComponentNeed.REQUIRED
    )
    # In words, as the applicant reads it: "trường hợp chỉnh sửa do thay đổi hộ tịch".
    condition = models.CharField("điều kiện áp dụng", max_length=500, blank=True)
    copy_type = models.CharField("loại bản", max_length=16, choices=CopyType.choices, blank=True)
    copy_type_note = models.CharField("loại bản (theo văn bản công bố)", max_length=255, blank=True)
    quantity = models.PositiveSmallIntegerField("số lượng", null=True, blank=True)
    template = models.FileField("mẫu đơn, tờ khai", upload_to="templates/", blank=True)
    shown_only = models.BooleanField("chỉ xuất trình", default=False)
    from_vault = models.BooleanField("có thể lấy từ kho dữ liệu của công dân", default=False)
    is_demo = models.BooleanField("giá trị minh họa", default=False)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["procedure", "order"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(need=ComponentNeed.CONDITIONAL) | ~models.Q(condition=""),
                name="component_condition_in_words",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_conditional(self) -> bool:
        return self.need == ComponentNeed.CONDITIONAL

    @property
    def described(self) -> str:
        """The name with its condition, as printed where both must be read together."""
        if self.is_conditional:
            return f"{self.name} ({self.condition})"
        if self.need == ComponentNeed.OPTIONAL:
            return f"{self.name} (nếu có)"
        return self.name


class Fee(models.Model):
    """Phí or lệ phí in whole đồng; zero is a real value ("không thu")."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField("loại", max_length=8, choices=FeeKind.choices, default=FeeKind.FEE)
    name = models.CharField("tên khoản thu", max_length=500)
    amount_vnd = models.PositiveBigIntegerField("mức thu (đồng)")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    is_demo = models.BooleanField("giá trị minh họa", default=False)

    class Meta:
        verbose_name = "phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["procedure", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount_vnd} đồng"


class ProcedureRevision(models.Model):
    """A snapshot of a procedure after each change: the catalog's version history."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("phiên bản")
    snapshot = models.JSONField("nội dung")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "lịch sử phiên bản"
        ordering = ["procedure", "-number"]
        constraints = [
            # Also finds a procedure's latest revision (services, the portal and API pages).
            models.UniqueConstraint(fields=["procedure", "number"], name="revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"
