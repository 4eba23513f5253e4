"""Uploads are judged by what they are, not by their first bytes: a PDF must open as a PDF
without active content, a Word file's zip is checked before inflating, images decode, and
ClamAV scans when configured: the INSTREAM simulator, and Debian's real clamd where installed,
loaded with one EICAR signature of our own (the official databases cannot be downloaded here)."""

import shutil
import socket
import subprocess
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from motcua.documents.models import FileKind, StoredFile
from motcua.documents.tests.samples import pdf_bytes, png_bytes
from motcua.documents.uploads import UploadRejected, store_upload
from motcua.integrations.clamav.client import clamd_scan
from motcua.integrations.clamav.simulator import EICAR, ClamdSimulator


def store(name: str, data: bytes) -> StoredFile:
    return store_upload(SimpleUploadedFile(name, data), kind=FileKind.COMPONENT, owner=None)


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x')"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def docx(parts: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


WORD = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def test_real_files_are_stored(db):
    assert store("a.pdf", pdf_bytes()).content_type == "application/pdf"
    assert store("a.png", png_bytes()).content_type == "image/png"
    assert store("a.docx", docx(WORD)).size > 0


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>", "không mở được"),
        ("a.pdf", b"%PDF-1.4\n" + EICAR, "không mở được"),
        ("a.pdf", pdf_with_javascript(), "mã chạy tự động"),
        ("a.docx", docx({**WORD, "word/media/bomb.bin": b"\0" * (20 * 1024 * 1024)}), "nén"),
        ("a.docx", docx({"word/document.xml": b"<w:document/>", "x": b"1"}), "thiếu phần"),
        ("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "ảnh không đọc được"),
        ("a.jpg", b"\xff\xd8\xff" + b"<script>" * 10, "ảnh không đọc được"),
    ],
)
def test_files_that_only_look_right_are_refused(db, name, data, reason):
    with pytest.raises(UploadRejected, match=reason):
        store(name, data)
    assert not StoredFile.objects.exists()


def test_clamav_refuses_a_valid_pdf_carrying_eicar(db, settings):
    infected = pdf_bytes() + b"\n%" + EICAR + b"\n"
    settings.MOTCUA_CLAMD_URL = ""
    assert store("clean-when-not-scanned.pdf", infected)  # parsing alone cannot tell
    with ClamdSimulator() as clamd:
        settings.MOTCUA_CLAMD_URL = clamd.url
        assert clamd_scan(pdf_bytes()) is None
        assert clamd_scan(b"x" * 200_000 + EICAR) == "Eicar-Test-Signature"  # over chunks
        with pytest.raises(UploadRejected, match="Eicar-Test-Signature"):
            store("a.pdf", infected)
        assert store("b.pdf", pdf_bytes())
    # clamd configured but gone: nothing unscanned is stored (fail closed)
    with pytest.raises(UploadRejected, match="chưa kiểm tra được virus"):
        store("c.pdf", pdf_bytes())


@pytest.fixture
def real_clamd(tmp_path):
    """Debian's clamd on a free loopback port, with one signature of our own (EICAR): the
    official databases cannot be downloaded here. Skipped where clamav-daemon is absent."""
    binary = shutil.which("clamd") or (
        "/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None
    )
    if binary is None:
        pytest.skip("clamav-daemon is not installed")
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "eicar.ndb").write_text(f"Eicar-Test-Signature:0:*:{EICAR.hex()}\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    conf = tmp_path / "clamd.conf"
    conf.write_text(
        f"Foreground yes\nTCPSocket {port}\nTCPAddr 127.0.0.1\n"
        f"DatabaseDirectory {tmp_path / 'db'}\nLogFile {tmp_path / 'clamd.log'}\n"
    )
    process = subprocess.Popen(  # noqa: S603 (the system's clamd, our own config file)
        [binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"tcp://127.0.0.1:{port}"
    try:
        for _ in range(300):  # clamd loads its database before it listens
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("clamd did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.xdist_group("servers")  # clamd listens on a probed port
def test_a_real_clamd_finds_eicar_in_an_upload(db, settings, real_clamd):
    settings.MOTCUA_CLAMD_URL = real_clamd
    assert store("clean.pdf", pdf_bytes())
    with pytest.raises(UploadRejected, match="Eicar-Test-Signature"):
        store("infected.pdf", pdf_bytes() + b"\n%" + EICAR + b"\n")
