"""The client address: X-Forwarded-For is believed only through configured proxies, read right
to left, so a client cannot choose the address its limits are counted under."""

import pytest
from django.test import RequestFactory

from motcua.core.addresses import client_address


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # No proxy configured: the connecting address, whatever the header says.
        ([], "203.0.113.7", "1.2.3.4", "203.0.113.7"),
        # From the proxy: the address the proxy received from.
        (["10.0.0.1"], "10.0.0.1", "198.51.100.20", "198.51.100.20"),
        # The client's own header is left of what the proxy appended: ignored.
        (["10.0.0.1"], "10.0.0.1", "1.2.3.4, 198.51.100.20", "198.51.100.20"),
        # Two trusted hops (a load balancer, then nginx), given as a network.
        (["10.0.0.0/8"], "10.0.0.2", "spoofed, 198.51.100.20, 10.0.0.9", "198.51.100.20"),
        # A request not from the proxy cannot pick its address with the header.
        (["10.0.0.1"], "203.0.113.7", "198.51.100.20", "203.0.113.7"),
        # Garbage in the chain stops the walk at the last address that was good.
        (["10.0.0.1"], "10.0.0.1", "198.51.100.20, not-an-ip", "10.0.0.1"),
        # Ports and IPv6 brackets as some proxies write them.
        (["10.0.0.1"], "10.0.0.1", "198.51.100.20:51234", "198.51.100.20"),
        (["::1"], "::1", "[2001:db8::5]:443", "2001:db8::5"),
        # Only trusted hops, no client named: the outermost proxy.
        (["10.0.0.0/8"], "10.0.0.2", "10.0.0.3", "10.0.0.3"),
        (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.MOTCUA_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
