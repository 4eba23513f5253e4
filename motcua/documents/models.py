from django.conf import settings
from django.db import models


class FileKind(models.TextChoices):
    COMPONENT = "component", "Thành phần hồ sơ"
    SUPPLEMENT = "supplement", "Hồ sơ bổ sung"
    RESULT = "result", "Kết quả giải quyết"


class StoredFile(models.Model):
    """An uploaded file: checked by content, stored under a random name outside static files,
    always served as an attachment through a permission-checked view."""

    kind = models.CharField("loại", max_length=16, choices=FileKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    original_name = models.CharField("tên tệp gốc", max_length=255)
    storage_name = models.CharField(max_length=255, unique=True)  # integrity: one file per row
    content_type = models.CharField("định dạng", max_length=100)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp"
        verbose_name_plural = "tệp"

    def __str__(self) -> str:
        return self.original_name
