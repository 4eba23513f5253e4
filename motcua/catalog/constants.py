from django.db import models


class Level(models.TextChoices):
    """Government level that handles the procedure (two-tier local government from 01/7/2025)."""

    PROVINCE = "tinh", "Cấp tỉnh"
    COMMUNE = "xa", "Cấp xã"


class OnlineLevel(models.TextChoices):
    """NĐ 42/2022 Điều 11 k1; the old levels 1–4 are obsolete."""

    FULL = "toan_trinh", "Toàn trình"  # submit, process and receive online or by post
    PARTIAL = "mot_phan", "Một phần"
    NONE = "khong", "Không cung cấp trực tuyến"


# The levels at which a procedure is a public service online (DVC trực tuyến).
ONLINE_SERVICE_LEVELS = (OnlineLevel.FULL, OnlineLevel.PARTIAL)


class CopyType(models.TextChoices):
    ORIGINAL = "original", "Bản chính"
    COPY = "copy", "Bản sao"
    CERTIFIED_COPY = "certified_copy", "Bản sao chứng thực"


class ComponentNeed(models.TextChoices):
    """Whether the applicant must provide a component: always, only when its condition holds
    (the condition is written in words on the component), or never (useful when they have it)."""

    REQUIRED = "required", "Bắt buộc"
    CONDITIONAL = "conditional", "Nộp trong trường hợp"
    OPTIONAL = "optional", "Không bắt buộc (nếu có)"


class FeeKind(models.TextChoices):
    FEE = "phi", "Phí"
    CHARGE = "le_phi", "Lệ phí"


class PublicationStatus(models.TextChoices):
    """What the publication decision (quyết định công bố) did to the procedure."""

    NEW = "new", "Ban hành mới"
    AMENDED = "amended", "Sửa đổi, bổ sung"
    REPLACED = "replaced", "Thay thế"
    ABOLISHED = "abolished", "Bãi bỏ"


# Names of procedure facts that may be unknown (null in the published data) or demo values.
KNOWABLE_FACTS = {
    "processing_time": "Thời hạn giải quyết",
    "fees": "Phí, lệ phí",
    "components": "Thành phần hồ sơ",
    "steps": "Quy trình nội bộ",
    "legal_bases": "Căn cứ pháp lý",
    "online_level": "Mức độ dịch vụ công trực tuyến",
    "result": "Kết quả thực hiện",
    "field": "Lĩnh vực",
    "sequence": "Trình tự thực hiện",
}
