"""The SMS client speaks the documented JSON contract; the simulator records instead of sending."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from motcua.integrations.channels import OutgoingMessage
from motcua.integrations.sms.client import HttpSmsProvider, SmsError, sms_provider
from motcua.integrations.sms.models import SimulatedSms
from motcua.integrations.sms.simulator import SimulatorSmsProvider, simulated_messages_to


@pytest.fixture
def gateway():
    """A one-endpoint gateway on 127.0.0.1 that records requests and answers `status`."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        status = 200

        def log_message(self, format, *args):
            pass

        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(
                {
                    "path": self.path,
                    "type": self.headers["Content-Type"],
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            self.send_response(Handler.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms", received, Handler
    server.shutdown()
    server.server_close()


def test_http_provider_posts_key_number_and_text_as_json(gateway):
    url, received, _ = gateway
    HttpSmsProvider(url=url, api_key="key-1").send(
        OutgoingMessage("+84912345678", "Mã xác thực: 123456")
    )
    assert received == [
        {
            "path": "/sms",
            "type": "application/json",
            "body": {"api_key": "key-1", "to": "+84912345678", "text": "Mã xác thực: 123456"},
        }
    ]


def test_a_refusal_or_no_answer_raises(gateway):
    url, _, handler = gateway
    handler.status = 401
    with pytest.raises(SmsError, match="401"):
        HttpSmsProvider(url=url, api_key="wrong").send(OutgoingMessage("+84912345678", "x"))
    with pytest.raises(SmsError, match="unreachable"):
        HttpSmsProvider(url="http://127.0.0.1:9/", api_key="k").send(
            OutgoingMessage("+84912345678", "x")
        )


def test_only_http_urls_are_accepted():
    with pytest.raises(SmsError):
        HttpSmsProvider(url="file:///etc/passwd", api_key="k")


def test_settings_choose_the_provider(settings):
    settings.MOTCUA_SMS_PROVIDER = "simulator"
    assert isinstance(sms_provider(), SimulatorSmsProvider)
    settings.MOTCUA_SMS_PROVIDER = "http"
    settings.MOTCUA_SMS_URL = "https://sms.example.invalid/send"
    settings.MOTCUA_SMS_API_KEY = "k"
    assert isinstance(sms_provider(), HttpSmsProvider)
    settings.MOTCUA_SMS_PROVIDER = "pigeon"
    with pytest.raises(SmsError):
        sms_provider()


def test_the_simulator_keeps_messages_for_developers(db):
    SimulatorSmsProvider().send(OutgoingMessage("+84912345678", "Mã xác thực Một cửa: 111111"))
    SimulatorSmsProvider().send(OutgoingMessage("+84912345678", "Mã xác thực Một cửa: 222222"))
    assert simulated_messages_to("+84912345678") == [
        "Mã xác thực Một cửa: 222222",
        "Mã xác thực Một cửa: 111111",
    ]
    assert SimulatedSms.objects.count() == 2


def test_administrators_read_simulated_messages_in_the_admin(client, admin, receptionist):
    SimulatorSmsProvider().send(OutgoingMessage("+84912345678", "Mã xác thực Một cửa: 333333"))
    client.force_login(receptionist)
    assert client.get("/quan-tri/sms/simulatedsms/").status_code == 403
    client.force_login(admin)
    assert "333333" in client.get("/quan-tri/sms/simulatedsms/").content.decode()
