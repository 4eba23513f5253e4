"""The ZNS client speaks Zalo's documented contract; the simulator records, or fails on demand."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from motcua.integrations.zalo.client import (
    HttpZaloProvider,
    ZaloError,
    template_data,
    zalo_provider,
)
from motcua.integrations.zalo.models import SimulatedZaloMessage
from motcua.integrations.zalo.simulator import SimulatorZaloProvider

DATA = {"ma_ho_so": "000.05.15.H99-261005-0001", "noi_dung": "Hồ sơ đã được tiếp nhận."}


@pytest.fixture
def zalo():
    """A stand-in for business.openapi.zalo.me on 127.0.0.1: records requests, answers `reply`."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        status = 200
        reply: dict = {"error": 0, "message": "Success", "data": {"msg_id": "a1b2c3"}}

        def log_message(self, format, *args):
            pass

        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(
                {
                    "path": self.path,
                    "token": self.headers["access_token"],
                    "type": self.headers["Content-Type"],
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            body = json.dumps(Handler.reply).encode()
            self.send_response(Handler.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/message/template"
    yield HttpZaloProvider(url=url, access_token="tok-1", template_id="231677"), received, Handler
    server.shutdown()
    server.server_close()


def test_client_posts_token_phone_template_and_data(zalo):
    client, received, _ = zalo
    msg_id = client.send_template(phone="+84912345678", data=DATA, tracking_id="H99-0001")
    assert msg_id == "a1b2c3"
    assert received == [
        {
            "path": "/message/template",
            "token": "tok-1",
            "type": "application/json",
            "body": {
                "phone": "84912345678",
                "template_id": "231677",
                "template_data": DATA,
                "tracking_id": "H99-0001",
            },
        }
    ]


def test_an_error_in_a_200_answer_is_a_failure_with_zalo_code(zalo):
    client, _, handler = zalo
    handler.reply = {"error": -118, "message": "Zalo account not existed"}
    with pytest.raises(ZaloError, match="-118") as error:
        client.send_template(phone="0912345678", data=DATA, tracking_id="x")
    assert error.value.code == -118


def test_http_errors_and_silence_are_failures(zalo):
    client, _, handler = zalo
    handler.status = 502
    with pytest.raises(ZaloError, match="HTTP 502"):
        client.send_template(phone="0912345678", data=DATA, tracking_id="x")
    unreachable = HttpZaloProvider(url="http://127.0.0.1:9/", access_token="t", template_id="1")
    with pytest.raises(ZaloError, match="unreachable"):
        unreachable.send_template(phone="0912345678", data=DATA, tracking_id="x")
    with pytest.raises(ZaloError):
        HttpZaloProvider(url="file:///etc/passwd", access_token="t", template_id="1")


def test_long_texts_are_cut_to_the_template_limit():
    data = template_data(reference="H99", text="Hồ sơ " * 200)
    assert len(data["noi_dung"]) == 400 and data["noi_dung"].endswith("…")


def test_settings_choose_the_provider(settings):
    settings.MOTCUA_ZALO_PROVIDER = "simulator"
    assert isinstance(zalo_provider(), SimulatorZaloProvider)
    settings.MOTCUA_ZALO_PROVIDER = "http"
    settings.MOTCUA_ZALO_TOKEN = "t"
    settings.MOTCUA_ZALO_TEMPLATE_ID = "1"
    assert isinstance(zalo_provider(), HttpZaloProvider)
    settings.MOTCUA_ZALO_PROVIDER = "carrier-pigeon"
    with pytest.raises(ZaloError):
        zalo_provider()


def test_the_simulator_records_messages_and_fails_when_told(db, settings):
    msg_id = SimulatorZaloProvider().send_template(phone="0912345678", data=DATA, tracking_id="t")
    recorded = SimulatedZaloMessage.objects.get()
    assert (recorded.msg_id, recorded.phone, recorded.data) == (msg_id, "84912345678", DATA)

    settings.MOTCUA_ZALO_SIMULATE_ERROR = -137
    with pytest.raises(ZaloError, match="quota") as error:
        SimulatorZaloProvider().send_template(phone="0912345678", data=DATA, tracking_id="t")
    assert error.value.code == -137
    assert SimulatedZaloMessage.objects.count() == 1


def test_administrators_read_simulated_zalo_messages(client, admin, receptionist):
    SimulatorZaloProvider().send_template(phone="0912345678", data=DATA, tracking_id="H99-0001")
    client.force_login(receptionist)
    assert client.get("/quan-tri/zalo/simulatedzalomessage/").status_code == 403
    client.force_login(admin)
    assert "H99-0001" in client.get("/quan-tri/zalo/simulatedzalomessage/").content.decode()
