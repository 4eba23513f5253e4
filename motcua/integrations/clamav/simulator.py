"""A small clamd for tests and the demo: speaks the real INSTREAM protocol on a TCP port and
finds the EICAR test string (the signature every antivirus flags), nothing else."""

import socketserver
import struct
import threading
from typing import Any

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0"):
            part = self.request.recv(1)
            if not part:
                return
            command += part
        if command != b"zINSTREAM\0":
            self.request.sendall(b"UNKNOWN COMMAND\0")
            return
        data = bytearray()
        while True:
            size = struct.unpack("!L", self._exactly(4))[0]
            if size == 0:
                break
            data += self._exactly(size)
        found = EICAR in data
        self.request.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")

    def _exactly(self, size: int) -> bytes:
        buffer = b""
        while len(buffer) < size:
            part = self.request.recv(size - len(buffer))
            if not part:
                raise ConnectionError("clamd client closed the stream")
            buffer += part
        return buffer


class ClamdSimulator(socketserver.ThreadingTCPServer):
    """`with ClamdSimulator() as clamd:` then MOTCUA_CLAMD_URL = clamd.url."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.url = f"tcp://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def __exit__(self, *args: Any) -> None:
        self.shutdown()
        super().__exit__(*args)
