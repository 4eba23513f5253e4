"""The OIDC client refuses tokens and answers that do not prove who the person is."""

import time
import urllib.parse

import jwt
import pytest

from motcua.integrations.vneid import client as vneid_client
from motcua.integrations.vneid.client import VneidClient, VneidConfig, VneidError
from motcua.integrations.vneid.simulator import KEY_ID, VneidSimulator


@pytest.fixture
def provider():
    with VneidSimulator(client_id="c1", client_secret="s1") as simulator:
        yield simulator


@pytest.fixture
def oidc(provider):
    return VneidClient(VneidConfig(issuer=provider.issuer, client_id="c1", client_secret="s1"))


def authorize(provider, oidc, redirect_uri="http://rp.test/cb"):
    flow = oidc.authorization_request(redirect_uri=redirect_uri)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(flow.url).query))
    status, location = provider.authorize(query)
    assert status == 302
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))["code"]
    return flow, code


def test_a_good_flow_yields_the_identity(provider, oidc):
    flow, code = authorize(provider, oidc)
    identity = oidc.identity(
        code=code,
        code_verifier=flow.code_verifier,
        nonce=flow.nonce,
        redirect_uri="http://rp.test/cb",
    )
    assert (identity.sub, identity.citizen_id, identity.phone) == (
        "vneid-sim-0001",
        "001099012345",
        "+84912345678",
    )


def test_a_wrong_pkce_verifier_is_refused(provider, oidc):
    _, code = authorize(provider, oidc)
    with pytest.raises(VneidError):
        oidc.exchange_code(code=code, code_verifier="not-it", redirect_uri="http://rp.test/cb")


def test_a_wrong_client_secret_is_refused(provider):
    oidc = VneidClient(VneidConfig(issuer=provider.issuer, client_id="c1", client_secret="no"))
    flow, code = authorize(provider, oidc)
    with pytest.raises(VneidError):
        oidc.exchange_code(
            code=code, code_verifier=flow.code_verifier, redirect_uri="http://rp.test/cb"
        )


def _token(provider, **claims):
    now = int(time.time())
    body = {"iss": provider.issuer, "sub": "s", "aud": "c1", "iat": now, "exp": now + 60}
    body = {**body, "nonce": "n", **claims}
    return jwt.encode(body, provider.key, algorithm="RS256", headers={"kid": KEY_ID})


def test_id_token_checks(provider, oidc):
    assert oidc.verify_id_token(_token(provider), nonce="n")["sub"] == "s"
    for bad in (
        _token(provider, aud="another-client"),
        _token(provider, iss="http://evil.example"),
        _token(provider, nonce="other"),
        _token(provider, exp=int(time.time()) - 120),
        jwt.encode({"sub": "s", "aud": "c1", "iss": provider.issuer, "nonce": "n"}, None, "none"),
        jwt.encode(
            {"sub": "s", "aud": "c1", "iss": provider.issuer, "nonce": "n", "exp": 2**31},
            "a-guessed-secret-that-is-long-enough-for-hs256",
            algorithm="HS256",
        ),
    ):
        with pytest.raises(VneidError):
            oidc.verify_id_token(bad, nonce="n")


def test_discovery_must_name_the_configured_issuer(provider):
    vneid_client._discovery_cache.clear()
    oidc = VneidClient(
        VneidConfig(
            issuer=provider.issuer.replace("127.0.0.1", "localhost"),
            client_id="c1",
            client_secret="s1",
        )
    )
    with pytest.raises(VneidError):
        oidc.discovery()
