"""VNeID sign-in: an OpenID Connect client (authorization code flow with PKCE, state and nonce).

Endpoints come from the issuer's discovery document (`/.well-known/openid-configuration`), so
pointing MotCua at the real VNeID is configuration only: MOTCUA_VNEID_ISSUER, _CLIENT_ID and
_CLIENT_SECRET (issued when the agency registers its redirect URI with the identity provider).

Assumption, to check against the provider's onboarding documents: VNeID's claim names are not
public. We read the standard OIDC claims `sub`, `name`, `phone_number`, `email`, and the CCCD
number from the claim named by MOTCUA_VNEID_CITIZEN_ID_CLAIM (default `citizen_id`), looked up in
the userinfo answer first and the id_token second.

Only RS256 signatures are accepted (no `none`, no HMAC with a public key), checked against the
issuer's JWKS; `iss`, `aud`, `exp`, `iat` and `nonce` are verified, and userinfo's `sub` must match.
"""

import base64
import hashlib
import json
import logging
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import jwt
from django.conf import settings

log = logging.getLogger(__name__)

ALGORITHMS = ["RS256"]
CLOCK_SKEW_SECONDS = 60
DISCOVERY_TTL_SECONDS = 3600
_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}


class VneidError(Exception):
    """Sign-in with VNeID failed; `message` is what the citizen reads."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(detail or message)
        self.message = message
        self.detail = detail


DENIED = "Bạn đã hủy hoặc không cho phép đăng nhập bằng VNeID."
UNREACHABLE = "Không kết nối được với VNeID. Vui lòng thử lại sau ít phút."
REJECTED = "Không xác thực được thông tin đăng nhập từ VNeID. Vui lòng thử lại."
STALE = "Phiên đăng nhập VNeID không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại."


@dataclass(frozen=True)
class VneidConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = "openid profile phone"
    citizen_id_claim: str = "citizen_id"
    timeout: float = 10.0


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the browser, and what to keep in the session until it comes back."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class VneidIdentity:
    """A person as VNeID vouches for them."""

    sub: str
    full_name: str = ""
    citizen_id: str = ""
    phone: str = ""
    email: str = ""
    claims: dict[str, Any] = field(default_factory=dict)


def vneid_config() -> VneidConfig | None:
    """The configured client, or None when VNeID sign-in is not set up (the button is hidden)."""
    issuer = getattr(settings, "MOTCUA_VNEID_ISSUER", "")
    client_id = getattr(settings, "MOTCUA_VNEID_CLIENT_ID", "")
    if not issuer or not client_id:
        return None
    return VneidConfig(
        issuer=issuer.rstrip("/"),
        client_id=client_id,
        client_secret=getattr(settings, "MOTCUA_VNEID_CLIENT_SECRET", ""),
        scopes=getattr(settings, "MOTCUA_VNEID_SCOPES", "openid profile phone"),
        citizen_id_claim=getattr(settings, "MOTCUA_VNEID_CITIZEN_ID_CLAIM", "citizen_id"),
    )


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def pkce_challenge(verifier: str) -> str:
    """S256 code challenge (RFC 7636, 4.2)."""
    return _b64url(hashlib.sha256(verifier.encode()).digest())


class VneidClient:
    def __init__(self, config: VneidConfig) -> None:
        self.config = config

    # -- HTTP ---------------------------------------------------------------------------------

    def _open(self, request: urllib.request.Request) -> dict[str, Any]:
        if not request.full_url.startswith(("https://", "http://")):
            raise VneidError(UNREACHABLE, detail=f"not an http(s) URL: {request.full_url}")
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:500].decode(errors="replace")
            raise VneidError(REJECTED, detail=f"{request.full_url}: {exc.code} {detail}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise VneidError(UNREACHABLE, detail=f"{request.full_url}: {exc}") from exc
        try:
            answer = json.loads(body)
        except ValueError as exc:
            raise VneidError(REJECTED, detail=f"{request.full_url}: not JSON") from exc
        if not isinstance(answer, dict):
            raise VneidError(REJECTED, detail=f"{request.full_url}: not a JSON object")
        return answer

    def _get(self, url: str, *, headers: dict[str, str] | None = None) -> dict[str, Any]:
        headers = {"Accept": "application/json", **(headers or {})}
        return self._open(urllib.request.Request(url, headers=headers))  # noqa: S310

    # -- Discovery ----------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        """The issuer's metadata, cached for an hour per process."""
        issuer = self.config.issuer
        cached = _discovery_cache.get(issuer)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        metadata = self._get(f"{issuer}/.well-known/openid-configuration")
        # OIDC Discovery 4.3: the document must name the issuer we asked, or it is not theirs.
        if metadata.get("issuer", "").rstrip("/") != issuer:
            raise VneidError(REJECTED, detail=f"discovery names issuer {metadata.get('issuer')}")
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not metadata.get(key):
                raise VneidError(REJECTED, detail=f"discovery lacks {key}")
        _discovery_cache[issuer] = (time.monotonic() + DISCOVERY_TTL_SECONDS, metadata)
        return metadata

    # -- The flow -----------------------------------------------------------------------------

    def authorization_request(self, *, redirect_uri: str) -> AuthorizationRequest:
        """Build the authorize URL with fresh state, nonce and PKCE verifier."""
        state = secrets.token_urlsafe(24)
        nonce = secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        query = urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": self.config.client_id,
                "redirect_uri": redirect_uri,
                "scope": self.config.scopes,
                "state": state,
                "nonce": nonce,
                "code_challenge": pkce_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        endpoint = self.discovery()["authorization_endpoint"]
        separator = "&" if "?" in endpoint else "?"
        return AuthorizationRequest(
            url=f"{endpoint}{separator}{query}", state=state, nonce=nonce, code_verifier=verifier
        )

    def exchange_code(self, *, code: str, code_verifier: str, redirect_uri: str) -> dict[str, Any]:
        """Trade the authorization code for tokens at the token endpoint."""
        metadata = self.discovery()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        methods = metadata.get("token_endpoint_auth_methods_supported", ["client_secret_basic"])
        if "client_secret_basic" in methods:
            # RFC 6749, 2.3.1: id and secret are form-encoded before they are joined.
            pair = ":".join(
                urllib.parse.quote(part, safe="")
                for part in (self.config.client_id, self.config.client_secret)
            )
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        else:
            form["client_id"] = self.config.client_id
            form["client_secret"] = self.config.client_secret
        request = urllib.request.Request(  # noqa: S310 - scheme checked in _open
            metadata["token_endpoint"],
            data=urllib.parse.urlencode(form).encode(),
            method="POST",
            headers=headers,
        )
        tokens = self._open(request)
        if not tokens.get("id_token") or not tokens.get("access_token"):
            raise VneidError(REJECTED, detail="token answer lacks id_token or access_token")
        return tokens

    def verify_id_token(self, id_token: str, *, nonce: str) -> dict[str, Any]:
        """Check signature (issuer's JWKS, RS256), iss, aud, exp, iat and nonce; return claims."""
        metadata = self.discovery()
        try:
            header = jwt.get_unverified_header(id_token)
            keys = jwt.PyJWKSet.from_dict(self._get(metadata["jwks_uri"]))
            candidates = [
                key
                for key in keys.keys
                if key.key_id == header.get("kid") or header.get("kid") is None
            ]
            if not candidates:
                raise VneidError(REJECTED, detail=f"no JWKS key with kid {header.get('kid')}")
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key=candidates[0],
                algorithms=ALGORITHMS,
                audience=self.config.client_id,
                issuer=metadata["issuer"],
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise VneidError(REJECTED, detail=f"id_token refused: {exc}") from exc
        if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
            raise VneidError(REJECTED, detail="id_token nonce does not match the session's")
        # OIDC Core 3.1.3.7: with several audiences, azp must be us.
        if isinstance(claims["aud"], list) and claims.get("azp") not in (
            None,
            self.config.client_id,
        ):
            raise VneidError(REJECTED, detail="id_token azp is another client")
        return claims

    def userinfo(self, access_token: str) -> dict[str, Any]:
        endpoint = self.discovery().get("userinfo_endpoint")
        if not endpoint:
            return {}
        return self._get(endpoint, headers={"Authorization": f"Bearer {access_token}"})

    def identity(
        self, *, code: str, code_verifier: str, nonce: str, redirect_uri: str
    ) -> VneidIdentity:
        """Finish the flow: exchange the code, verify the id_token, read userinfo."""
        tokens = self.exchange_code(
            code=code, code_verifier=code_verifier, redirect_uri=redirect_uri
        )
        claims = self.verify_id_token(tokens["id_token"], nonce=nonce)
        info = self.userinfo(tokens["access_token"])
        # OIDC Core 5.3.2: userinfo about someone else must not be used.
        if info and info.get("sub") != claims["sub"]:
            raise VneidError(REJECTED, detail="userinfo sub differs from id_token sub")
        merged = {**claims, **info}
        return VneidIdentity(
            sub=str(claims["sub"]),
            full_name=str(merged.get("name", "")),
            citizen_id=str(merged.get(self.config.citizen_id_claim, "")),
            phone=str(merged.get("phone_number", "")),
            email=str(merged.get("email", "")) if merged.get("email_verified", True) else "",
            claims=merged,
        )
