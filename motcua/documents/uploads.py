"""Checking and storing uploads. Types are decided by content (magic bytes), never by name; then
the file must parse as what it claims (a PDF with pages and no JavaScript, a Word file whose zip
is sane before inflating, an image that decodes) and pass ClamAV when MOTCUA_CLAMD_URL is set."""

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
from motcua.integrations.clamav.client import ScanFailed, clamd_configured, clamd_scan

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


# OOXML: judged from the zip's directory before anything is inflated.
OOXML_MAX_ENTRIES = 2000
OOXML_MAX_INFLATED = 100 * 1024 * 1024
OOXML_MAX_RATIO = 200  # a text part compresses ~10x; a bomb 1000x and more
DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
# Active content a document must not carry (JavaScript, launching programs, embedded files).
PDF_ACTIVE = ("/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/RichMedia", "/XFA")


def _check_pdf(data: bytes) -> str:
    """'' when `data` opens as a PDF with pages and no active content, else why not."""
    import pypdf
    from pypdf.generic import DictionaryObject, IndirectObject

    try:
        reader = pypdf.PdfReader(BytesIO(data), strict=False)
        if len(reader.pages) == 0:
            return "tệp PDF không có trang nào"
        seen: set[int] = set()
        stack: list[Any] = [reader.trailer]
        while stack:  # every object reachable from the trailer, each once
            item = stack.pop()
            if isinstance(item, IndirectObject):
                if item.idnum in seen:
                    continue
                seen.add(item.idnum)
                item = item.get_object()
            if isinstance(item, DictionaryObject):
                if any(key in item for key in PDF_ACTIVE) or item.get("/S") in PDF_ACTIVE:
                    return "tệp PDF chứa mã chạy tự động (JavaScript, mở chương trình)"
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    except Exception:
        return "tệp không mở được như một tệp PDF"
    return ""


def _check_docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
            if len(entries) > OOXML_MAX_ENTRIES:
                return "tệp Word có quá nhiều phần"
            if sum(e.file_size for e in entries) > OOXML_MAX_INFLATED:
                return "tệp Word giải nén ra quá lớn"
            if any(e.file_size > OOXML_MAX_RATIO * max(e.compress_size, 1) for e in entries):
                return "tệp Word nén bất thường (nghi tệp nén độc hại)"
            if not all(part in names for part in DOCX_PARTS):
                return "tệp Word thiếu phần bắt buộc"
            if any(name.lower().endswith(("vbaproject.bin", ".exe", ".js")) for name in names):
                return "tệp Word chứa macro hoặc chương trình"
    except (zipfile.BadZipFile, ValueError):
        return "tệp không mở được như một tệp Word"
    return ""


def _check_image(data: bytes) -> str:
    from PIL import Image

    try:
        with Image.open(BytesIO(data)) as image:
            image.verify()
        with Image.open(BytesIO(data)) as image:
            image.load()
    except Exception:
        return "tệp ảnh không đọc được"
    return ""


CHECKS = {PDF: _check_pdf, DOCX: _check_docx, JPEG: _check_image, PNG: _check_image}


def inspect(content_type: str, data: bytes) -> str:
    """Why `data` may not be stored as `content_type` ('' when it may): it must parse as what
    it claims to be, and pass ClamAV when one is configured."""
    problem = CHECKS[content_type](data)
    if problem or not clamd_configured():
        return problem
    try:
        found = clamd_scan(data)
    except ScanFailed:  # fail closed: an upload nobody could scan is not stored
        return "chưa kiểm tra được virus (dịch vụ quét tạm thời không sẵn sàng), vui lòng thử lại"
    return f"phát hiện mã độc ({found})" if found else ""


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
    upload: UploadedFile[bytes], *, kind: FileKind, owner: Any, rules: UploadRules = UploadRules()
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
    problem = inspect(content_type, data)
    if problem:
        raise UploadRejected(f"Tệp «{upload.name}» bị từ chối: {problem}.")
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
