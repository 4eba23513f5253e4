"""Checking and storing uploads. Types are decided by content (magic bytes), never by name."""

import hashlib
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from motcua.documents.models import FileKind, StoredFile

PDF, JPEG, PNG, DOCX = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
)
LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", DOCX: "Word (.docx)"}
DOCUMENT_TYPES = (PDF, JPEG, PNG, DOCX)
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx"}


class UploadRejected(ValueError):
    """Why an upload was refused, in Vietnamese."""


def sniff(head: bytes, data: bytes) -> str:
    """The content type the bytes really are ('' when none we accept)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return ""
    return ""


@dataclass(frozen=True)
class UploadRules:
    accepted: tuple[str, ...] = DOCUMENT_TYPES
    max_bytes: int = 10 * 1024 * 1024

    def describe(self) -> str:
        kinds = ", ".join(LABELS[t] for t in self.accepted)
        return f"{kinds}; tối đa {self.max_bytes // (1024 * 1024)} MB"


def private_root() -> Path:
    return Path(settings.MOTCUA_PRIVATE_FILES)


def store_upload(
    upload: UploadedFile, *, kind: FileKind, owner: Any, rules: UploadRules = UploadRules()
) -> StoredFile:
    """Check `upload` by content and size, then store it under a random name."""
    if upload.size is None or upload.size == 0:
        raise UploadRejected(f"Tệp «{upload.name}» rỗng.")
    if upload.size > rules.max_bytes:
        raise UploadRejected(
            f"Tệp «{upload.name}» quá lớn ({upload.size // 1024} KB); cho phép {rules.describe()}."
        )
    data = upload.read()
    content_type = sniff(data[:16], data)
    if content_type not in rules.accepted:
        raise UploadRejected(
            f"Tệp «{upload.name}» không phải định dạng cho phép "
            f"({rules.describe()}); hệ thống kiểm tra nội dung tệp, không "
            "dựa vào đuôi tên tệp."
        )
    storage_name = f"{secrets.token_hex(16)}.{EXTENSIONS[content_type]}"
    path = private_root() / storage_name[:2] / storage_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    name = unicodedata.normalize("NFC", Path(upload.name or "tep").name)[:255]
    return StoredFile.objects.create(
        kind=kind,
        owner=owner if getattr(owner, "pk", None) else None,
        original_name=name,
        storage_name=storage_name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def stored_path(stored: StoredFile) -> Path:
    return private_root() / stored.storage_name[:2] / stored.storage_name
