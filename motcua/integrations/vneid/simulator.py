"""A local OpenID Connect provider standing in for VNeID in tests and on a developer's machine.

It serves discovery, JWKS, authorize, token and userinfo on 127.0.0.1 (random port unless told),
auto-approves one configured test identity, and can be switched to fail the way a real provider
or an attacker would: `failure` = "access_denied", "wrong_nonce", "expired_token" or
"bad_signature".

    with VneidSimulator(client_id="motcua", client_secret="s3cret") as provider:
        settings.MOTCUA_VNEID_ISSUER = provider.issuer
"""

import base64
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from motcua.integrations.vneid.client import pkce_challenge

FAILURES = ("access_denied", "wrong_nonce", "expired_token", "bad_signature")
KEY_ID = "sim-1"


@dataclass
class SimulatedIdentity:
    sub: str = "vneid-sim-0001"
    name: str = "Nguyễn Văn Thử"
    citizen_id: str = "001099012345"
    phone_number: str = "+84912345678"
    email: str = ""


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    nonce: str
    challenge: str
    created: float = field(default_factory=time.time)


class VneidSimulator:
    """Start with `start()` (or `with`), stop with `stop()`; `issuer` is its base URL."""

    def __init__(
        self,
        *,
        client_id: str = "motcua-local",
        client_secret: str = "motcua-local-secret",  # noqa: S107 - simulator credential
        identity: SimulatedIdentity | None = None,
        citizen_id_claim: str = "citizen_id",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.identity = identity or SimulatedIdentity()
        self.citizen_id_claim = citizen_id_claim
        self.failure: str | None = None
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._grants: dict[str, _Grant] = {}
        self._tokens: dict[str, SimulatedIdentity] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def issuer(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> "VneidSimulator":
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "VneidSimulator":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- What the endpoints answer --------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "phone", "email"],
        }

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict[str, str]) -> tuple[int, str]:
        """(status, redirect location or error text) for an authorization request."""
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return 400, "unknown client or missing redirect_uri"
        state = query.get("state", "")
        if self.failure == "access_denied":
            return 302, _with_query(redirect_uri, {"error": "access_denied", "state": state})
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            return 302, _with_query(redirect_uri, {"error": "invalid_request", "state": state})
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._grants[code] = _Grant(
                client_id=self.client_id,
                redirect_uri=redirect_uri,
                nonce=query.get("nonce", ""),
                challenge=query.get("code_challenge", ""),
            )
        return 302, _with_query(redirect_uri, {"code": code, "state": state})

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.startswith("Basic "):
            pair = base64.b64decode(authorization[6:]).decode()
            client_id, _, client_secret = (urllib.parse.unquote(p) for p in pair.partition(":"))
        if client_id != self.client_id or client_secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        with self._lock:
            grant = self._grants.pop(form.get("code", ""), None)  # codes are single-use
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or grant.redirect_uri != form.get("redirect_uri")
            or time.time() - grant.created > 600
        ):
            return 400, {"error": "invalid_grant"}
        if pkce_challenge(form.get("code_verifier", "")) != grant.challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier mismatch"}
        access_token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[access_token] = self.identity
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self._id_token(grant),
        }

    def _id_token(self, grant: _Grant) -> str:
        now = int(time.time())
        issued = now - 3600 if self.failure == "expired_token" else now
        claims = {
            "iss": self.issuer,
            "sub": self.identity.sub,
            "aud": grant.client_id,
            "iat": issued,
            "exp": issued + 300,
            "nonce": "not-the-nonce-you-sent" if self.failure == "wrong_nonce" else grant.nonce,
            "name": self.identity.name,
        }
        key = self.key
        if self.failure == "bad_signature":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        token = authorization.removeprefix("Bearer ").strip()
        with self._lock:
            identity = self._tokens.get(token)
        if identity is None:
            return 401, {"error": "invalid_token"}
        info: dict[str, Any] = {
            "sub": identity.sub,
            "name": identity.name,
            "phone_number": identity.phone_number,
            "phone_number_verified": bool(identity.phone_number),
            self.citizen_id_claim: identity.citizen_id,
        }
        if identity.email:
            info.update(email=identity.email, email_verified=True)
        return 200, info

    # -- HTTP plumbing --------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass  # tests stay quiet; the management command prints its own lines

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, simulator.discovery())
                elif url.path == "/jwks":
                    self._json(200, simulator.jwks())
                elif url.path == "/authorize":
                    status, target = simulator.authorize(query)
                    if status == 302:
                        self.send_response(302)
                        self.send_header("Location", target)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    else:
                        self._json(status, {"error": "invalid_request", "detail": target})
                elif url.path == "/userinfo":
                    self._json(*simulator.userinfo(self.headers.get("Authorization", "")))
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0") or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if urllib.parse.urlsplit(self.path).path == "/token":
                    self._json(*simulator.token(form, self.headers.get("Authorization", "")))
                else:
                    self._json(404, {"error": "not_found"})

        return Handler


def _with_query(url: str, params: dict[str, str]) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urllib.parse.urlencode(params)}"
