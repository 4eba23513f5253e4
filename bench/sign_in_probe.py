"""Probe a running MotCua the way a password-guessing attacker would, and print what it answered.

    python bench/sign_in_probe.py http://127.0.0.1:8000 [--tries 100] [--users a,b,c]
        [--known-phone 0912345678] [--track CODE:VERIFY]

For each password surface (the API token, /dang-nhap/, the admin login) it sends `--tries` wrong
passwords for one account and counts the answers: refused as wrong (401, or the form again with
200), throttled (429), anything else. Then it tries the right password once, to show whether the
account is locked. It also asks the citizen sign-in and registration pages whether a known and an
unknown phone number have accounts, and reports whether the answers differ. With `--track
CODE:VERIFY` it plays a proxy in front of MotCua (every request from 127.0.0.1, the citizen's
address in X-Forwarded-For): one address fails 20 look-ups, then another citizen asks with the
right pair. Run the server with MOTCUA_TRUSTED_PROXIES=127.0.0.1 for the "after" figures.
"""

import argparse
import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable

WRONG = "not-the-password-{}"


class Client:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self,
        path: str,
        *,
        data: dict[str, str] | None = None,
        body: object = None,
        forwarded_for: str = "",
    ) -> tuple[int, str]:
        headers = {"Referer": self.base + path}
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            payload = urllib.parse.urlencode(data).encode()
        req = urllib.request.Request(self.base + path, data=payload, headers=headers)
        try:
            with self.opener.open(req, timeout=30) as reply:
                return reply.status, reply.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def csrf(self, path: str) -> str:
        self.request(path)
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _form_login(client: Client, path: str, user: str, password: str, address: str) -> int:
    token = client.csrf(path)
    status, _ = client.request(
        path,
        data={"csrfmiddlewaretoken": token, "username": user, "password": password},
        forwarded_for=address,
    )
    return status


def _api_login(client: Client, user: str, password: str, address: str) -> int:
    status, _ = client.request(
        "/api/v1/auth/token",
        body={"username": user, "password": password},
        forwarded_for=address,
    )
    return status


def probe_passwords(base: str, tries: int, users: list[str], password: str) -> None:
    """Each surface gets its own account and (through X-Forwarded-For, believed only when the
    server trusts the probe as a proxy) its own address, so one surface's lock-out does not
    hide another's figures."""
    api_user, form_user, admin_user = (users * 3)[:3]
    surfaces: dict[str, Callable[[Client, str], int]] = {
        f"POST /api/v1/auth/token ({api_user})": lambda c, p: _api_login(
            c, api_user, p, "192.0.2.1"
        ),
        f"POST /dang-nhap/ ({form_user})": lambda c, p: _form_login(
            c, "/dang-nhap/", form_user, p, "192.0.2.2"
        ),
        f"POST /quan-tri/login/ ({admin_user})": lambda c, p: _form_login(
            c, "/quan-tri/login/", admin_user, p, "192.0.2.3"
        ),
    }
    print(f"{tries} wrong passwords, then the right one, per surface:")
    for name, attempt in surfaces.items():
        client = Client(base)
        answers: Counter[int] = Counter()
        started = time.perf_counter()
        for n in range(tries):
            answers[attempt(client, WRONG.format(n))] += 1
        took = time.perf_counter() - started
        right = attempt(Client(base), password)
        # A form that signs in answers 302; the API answers 200 with a token.
        print(
            f"  {name:40} {dict(sorted(answers.items()))}  ({took:.1f} s, "
            f"{took / tries * 1000:.0f} ms each); right password then: {right}"
        )


def probe_enumeration(base: str, known: str, unknown: str) -> None:
    print("Citizen sign-in and registration, known vs unknown phone:")
    for path in ("/tai-khoan/dang-nhap/", "/tai-khoan/dang-ky/"):
        seen = []
        for phone in (known, unknown):
            client = Client(base)
            token = client.csrf(path)
            started = time.perf_counter()
            status, page = client.request(
                path, data={"csrfmiddlewaretoken": token, "destination": phone}
            )
            took = (time.perf_counter() - started) * 1000
            errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>\s*(?:<[^>]+>)*([^<]+)', page)
            seen.append((status, errors[:1]))
            print(f"  {path:24} {phone}: {status} {errors[:1]} ({took:.0f} ms)")
        print(f"    → answers {'DIFFER (reveals accounts)' if seen[0] != seen[1] else 'identical'}")


def probe_tracking(base: str, code: str, verify: str) -> None:
    print("Tracking behind a proxy: 203.0.113.7 fails 20 times, then others ask:")
    client = Client(base)
    wrong = "0000" if verify != "0000" else "1111"
    answers: Counter[int] = Counter()
    for _ in range(20):
        status, _ = client.request(
            f"/api/v1/track/{code}?verify={wrong}", forwarded_for="203.0.113.7"
        )
        answers[status] += 1
    print(f"  attacker's 20 wrong pairs: {dict(sorted(answers.items()))}")
    for label, address, pair in (
        ("another citizen, right pair", "198.51.100.20", verify),
        ("another citizen, wrong pair", "198.51.100.21", wrong),
        ("the attacker, right pair", "203.0.113.7", verify),
    ):
        status, _ = client.request(f"/api/v1/track/{code}?verify={pair}", forwarded_for=address)
        print(f"  {label:30} ({address}): {status}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--tries", type=int, default=100)
    parser.add_argument(
        "--users", default="tiepnhan,chuyenvien,quantri", help="one account per surface"
    )
    parser.add_argument("--password", default="Demo@2026")
    parser.add_argument("--known-phone", default="")
    parser.add_argument("--unknown-phone", default="0399999999")
    parser.add_argument("--track", default="", help="CODE:VERIFY of a dossier")
    parser.add_argument("--skip-passwords", action="store_true")
    args = parser.parse_args()
    if not args.skip_passwords:
        probe_passwords(args.base, args.tries, args.users.split(","), args.password)
    if args.known_phone:
        probe_enumeration(args.base, args.known_phone, args.unknown_phone)
    if args.track:
        code, verify = args.track.split(":")
        probe_tracking(args.base, code, verify)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
