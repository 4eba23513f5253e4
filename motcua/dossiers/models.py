from datetime import datetime

from django.conf import settings
from django.db import models

from motcua.accounts.models import Unit
from motcua.catalog.models import Component, Procedure, ProcedureCase, ProcessStep
from motcua.documents.models import StoredFile
from motcua.dossiers.constants import (
    FINAL_STAGES,
    RESULT_STAGES,
    Action,
    ApplicantKind,
    Channel,
    ResultChannel,
    Stage,
    Status,
    Timeliness,
)
from motcua.workdays.models import Deadline

USER = settings.AUTH_USER_MODEL


class Dossier(models.Model):
    """Hồ sơ: one application by one applicant for one procedure case."""

    code = models.CharField("mã hồ sơ", max_length=64, unique=True)
    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="dossiers"
    )
    case = models.ForeignKey(
        ProcedureCase, verbose_name="trường hợp", on_delete=models.PROTECT, related_name="+"
    )
    receiving_unit = models.ForeignKey(
        Unit, verbose_name="nơi tiếp nhận", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.PositiveSmallIntegerField("kênh nộp", choices=Channel.choices)
    status = models.PositiveSmallIntegerField("trạng thái", choices=Status.choices)
    stage = models.CharField("tình trạng xử lý", max_length=32, choices=Stage.choices)

    applicant_kind = models.CharField(
        "loại người nộp",
        max_length=16,
        choices=ApplicantKind.choices,
        default=ApplicantKind.INDIVIDUAL,
    )
    applicant_name = models.CharField("họ tên / tên tổ chức", max_length=255)
    applicant_id_number = models.CharField("số định danh / mã số thuế", max_length=20)
    applicant_phone = models.CharField("điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("email", blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=500, blank=True)
    applicant_commune = models.CharField("xã, phường", max_length=120, blank=True)
    applicant_province = models.CharField("tỉnh, thành phố", max_length=120, blank=True)
    representative_name = models.CharField("người được ủy quyền", max_length=255, blank=True)
    representative_id_number = models.CharField(
        "số định danh người được ủy quyền", max_length=20, blank=True
    )
    representative_phone = models.CharField(
        "điện thoại người được ủy quyền", max_length=20, blank=True
    )
    representative_document = models.CharField("văn bản ủy quyền", max_length=255, blank=True)
    citizen = models.ForeignKey(
        USER,
        verbose_name="tài khoản công dân",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_dossiers",
    )

    received_at = models.DateTimeField("thời điểm nộp / tiếp nhận")
    accepted_at = models.DateTimeField("thời điểm tiếp nhận hợp lệ", null=True, blank=True)
    deadline = models.OneToOneField(
        Deadline,
        verbose_name="hạn giải quyết",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier",
    )
    original_due_at = models.DateTimeField("hạn trả ghi trên giấy tiếp nhận", null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField("số lần hẹn lại", default=0)
    supplement_count = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)

    current_step = models.ForeignKey(
        ProcessStep,
        verbose_name="bước hiện tại",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị đang giữ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_holder = models.ForeignKey(
        USER,
        verbose_name="người đang xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    step_entered_at = models.DateTimeField("nhận bước lúc", null=True, blank=True)
    step_deadline = models.OneToOneField(
        Deadline,
        verbose_name="hạn của bước",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossier_step",
    )

    fees_due_vnd = models.PositiveBigIntegerField("phí, lệ phí phải nộp (đồng)", default=0)
    paid_at = models.DateTimeField("nộp phí lúc", null=True, blank=True)
    paid_online = models.BooleanField("nộp trực tuyến", default=False)
    result_channel = models.CharField(
        "nhận kết quả",
        max_length=16,
        choices=ResultChannel.choices,
        default=ResultChannel.COUNTER,
    )
    result_address = models.CharField(
        "địa chỉ nhận kết quả qua bưu chính", max_length=500, blank=True
    )
    result_file = models.ForeignKey(
        StoredFile,
        verbose_name="kết quả điện tử",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("ký duyệt lúc", null=True, blank=True)
    finished_at = models.DateTimeField("có kết quả lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    stopped_at = models.DateTimeField("dừng giải quyết lúc", null=True, blank=True)

    # Sổ theo dõi hồ sơ: the book (one per receiving unit and year, named by the year) and the
    # entry number in it, given when the dossier is accepted (numbering.next_register_number).
    register_book = models.PositiveSmallIntegerField(
        "quyển số (sổ theo dõi hồ sơ)", null=True, blank=True
    )
    register_number = models.PositiveIntegerField(
        "số thứ tự (sổ theo dõi hồ sơ)", null=True, blank=True
    )

    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField("phiên bản", default=1)
    created_by = models.ForeignKey(
        USER,
        verbose_name="người tiếp nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "receiving_unit"], name="dossier_status_unit"),
            models.Index(fields=["current_unit", "status"], name="dossier_current_unit"),
            models.Index(fields=["applicant_id_number"], name="dossier_applicant_id"),
            models.Index(fields=["received_at"], name="dossier_received_at"),
            # The dashboard's "received today": dossiers accepted (received validly) since a time.
            models.Index(fields=["accepted_at"], name="dossier_accepted_at"),
            # Today's work: the dossiers not returned, refused or stopped (FINAL_STAGES).
            models.Index(
                fields=["current_unit"],
                condition=~models.Q(stage__in=FINAL_STAGES),
                name="dossier_active",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["receiving_unit", "register_book", "register_number"],
                condition=models.Q(register_number__isnull=False),
                name="dossier_register_entry_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def due_at(self) -> datetime | None:
        deadline = self.deadline if self.deadline_id else None  # no query when there is none
        return deadline.due_at if deadline is not None else None

    @property
    def applicant_result_file_id(self) -> int | None:
        """The electronic result the applicant may download: there is one, and the dossier has
        reached its result (RESULT_STAGES); else None."""
        return self.result_file_id if self.stage in RESULT_STAGES else None


class DossierAccess(models.Model):
    """One unit that may see one dossier (see dossiers/access.py for the rule), with whether the
    dossier is still active, so that "what may this unit see" and "what is open here" are each
    one index range. Written only by the dossier services and the demo's bulk import (never by
    hand)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="access")
    # Served by the unique (unit, dossier) index below.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    active = models.BooleanField("đang giải quyết", default=True)

    class Meta:
        verbose_name = "đơn vị được xem hồ sơ"
        verbose_name_plural = "đơn vị được xem hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["unit", "dossier"], name="dossier_access_unique"),
        ]
        indexes = [
            models.Index(
                fields=["unit", "dossier"],
                condition=models.Q(active=True),
                name="dossier_access_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.unit_id}"


class DossierComponent(models.Model):
    """A document actually received with the dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.TextField("tên giấy tờ")
    copy_type = models.CharField("loại bản", max_length=16, blank=True)
    quantity = models.PositiveSmallIntegerField("số lượng", default=1)
    shown_only = models.BooleanField("chỉ xuất trình", default=False)
    file = models.ForeignKey(
        StoredFile,
        verbose_name="tệp",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supplement_number = models.PositiveSmallIntegerField("nộp bổ sung lần", null=True, blank=True)

    class Meta:
        verbose_name = "giấy tờ đã nhận"
        verbose_name_plural = "giấy tờ đã nhận"
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class DossierEvent(models.Model):
    """One entry of the dossier's history; hand-overs among them make the control slip."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("hành động", max_length=32, choices=Action.choices)
    at = models.DateTimeField("thời điểm")
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField("người thực hiện", max_length=150)
    from_status = models.PositiveSmallIntegerField(choices=Status.choices, null=True, blank=True)
    to_status = models.PositiveSmallIntegerField(choices=Status.choices)
    from_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=32, choices=Stage.choices)
    from_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step_order = models.PositiveSmallIntegerField(null=True, blank=True)
    to_step_order = models.PositiveSmallIntegerField(null=True, blank=True)
    # Due time of the step being handed over, and how the hand-over compares with it.
    step_due_at = models.DateTimeField(null=True, blank=True)
    timeliness = models.CharField(max_length=16, choices=Timeliness.choices, blank=True)
    due_at = models.DateTimeField("hạn giải quyết sau sự kiện", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "lịch sử xử lý"
        verbose_name_plural = "lịch sử xử lý"
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.at:%d/%m/%Y %H:%M}"


class SupplementRequest(models.Model):
    """Yêu cầu bổ sung: each missing item named; a second request is a counted violation."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    number = models.PositiveSmallIntegerField("lần")
    items = models.JSONField("nội dung cần bổ sung")
    reason = models.TextField("lý do", blank=True)
    requested_at = models.DateTimeField("yêu cầu lúc")
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    return_stage = models.CharField(max_length=32, choices=Stage.choices)
    received_at = models.DateTimeField("nhận đủ bổ sung lúc", null=True, blank=True)
    # NĐ 61/2018 Đ15 k3: the applicant is told "một lần đầy đủ"; a repeat request is a violation.
    is_repeat = models.BooleanField("yêu cầu lặp lại (vi phạm một lần)", default=False)

    class Meta:
        verbose_name = "yêu cầu bổ sung"
        verbose_name_plural = "yêu cầu bổ sung"
        ordering = ["dossier", "number"]

    def __str__(self) -> str:
        return f"{self.dossier_id} bổ sung lần {self.number}"


class Apology(models.Model):
    """Văn bản xin lỗi và hẹn lại ngày trả (or an extension): moves the return date, once."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="apologies")
    kind = models.CharField(
        max_length=16, choices=[(Action.APOLOGIZE, "Xin lỗi, hẹn lại"), (Action.EXTEND, "Gia hạn")]
    )
    reason = models.TextField("lý do")
    at_fault_unit = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    previous_due_at = models.DateTimeField("hạn cũ")
    new_due_at = models.DateTimeField("hạn mới")
    signed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField("gửi lúc")
    # Điều 19 k9: sent at the latest one working day before the due time.
    sent_in_time = models.BooleanField("gửi đúng hạn (trước hạn ít nhất 1 ngày làm việc)")

    class Meta:
        verbose_name = "văn bản xin lỗi / gia hạn"
        verbose_name_plural = "văn bản xin lỗi / gia hạn"
        ordering = ["dossier", "sent_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.new_due_at:%d/%m/%Y}"


class DossierCounter(models.Model):
    """Daily dossier sequence per receiving unit (the XXXX of the code)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="dossier_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day:%d/%m/%Y}: {self.value}"


class RegisterCounter(models.Model):
    """Last entry number of a receiving unit's dossier register (sổ theo dõi hồ sơ) for a year:
    one book a year, entries numbered from 1 without a gap (TT 01/2018 Điều 10)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="register_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.value}"


class DossierDraft(models.Model):
    """An online submission a citizen has started but not sent."""

    citizen = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="dossier_drafts")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField("nội dung", default=dict)
    # component id (str) → StoredFile id
    files = models.JSONField("tệp đã tải", default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ nháp"
        verbose_name_plural = "hồ sơ nháp"
        constraints = [
            models.UniqueConstraint(fields=["citizen", "procedure"], name="one_draft_each"),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} – {self.procedure.code}"
