"""ClamAV's daemon (clamd) over its socket: the INSTREAM command, as clamd documents it.

MOTCUA_CLAMD_URL is tcp://host:port or unix:///path/to/clamd.ctl; empty means no scanning.
"""

import socket
import struct
from urllib.parse import urlparse

from django.conf import settings

CHUNK = 64 * 1024
TIMEOUT = 30.0  # seconds; a 10 MB upload scans in well under that


class ScanFailed(Exception):
    """clamd could not be reached or answered something we do not understand."""


def _connect(url: str) -> socket.socket:
    parsed = urlparse(url)
    if parsed.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        address: str | tuple[str, int] = parsed.path
    elif parsed.scheme == "tcp" and parsed.hostname:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        address = (parsed.hostname, parsed.port or 3310)
    else:
        raise ScanFailed(f"MOTCUA_CLAMD_URL không hợp lệ: {url!r}")
    sock.settimeout(TIMEOUT)
    sock.connect(address)
    return sock


def clamd_scan(data: bytes, url: str | None = None) -> str | None:
    """The signature clamd finds in `data` (e.g. 'Eicar-Test-Signature'), or None when clean."""
    url = url or settings.MOTCUA_CLAMD_URL
    try:
        with _connect(url) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        raise ScanFailed(f"Không kết nối được clamd: {exc}") from exc
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith(" OK"):
        return None
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream:").removesuffix(" FOUND").strip()
    raise ScanFailed(f"clamd trả lời không rõ: {answer!r}")


def clamd_configured() -> bool:
    return bool(settings.MOTCUA_CLAMD_URL)
