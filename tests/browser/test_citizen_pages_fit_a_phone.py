"""Every citizen page on a 390×844 phone: nothing scrolls sideways, one h1, no heading twice.

The pages are enumerated from the URL configurations the citizen reaches (the portal, the
account, public statistics, notification settings): each route name is either visited here, in
every state worth seeing, or listed in NOT_PAGES with the reason it is not a page (a download, a
POST-only action, a redirect). A new route fails `test_every_citizen_route_is_visited` until it
is added to one or the other.

Set MOTCUA_SCREENSHOTS to a folder to keep a full-page screenshot of every visit.
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = pytest.mark.browser

EDIT_DIPLOMA = "Chỉnh sửa nội dung văn bằng, chứng chỉ"
CITIZEN = {"phone": "0977123456", "full_name": "Lê Thị Bình", "id_number": "001190004321"}
CITIZEN_URLCONFS = (
    "motcua.portal.urls",
    "motcua.portal.account_urls",
    "motcua.portal.stats_urls",
    "motcua.portal.notification_urls",
)
# Routes of those URL configurations that are not pages a citizen reads, and why.
NOT_PAGES = {
    "portal:my_slip": "a PDF download",
    "portal:my_file": "a file download",
    "account:representation_add": "POST only, from the account page",
    "account:representation_remove": "POST only, from the account page",
    "account:sign_out": "POST only",
}
SCREENSHOTS = os.environ.get("MOTCUA_SCREENSHOTS", "")

# What the phone shows of the page: its width against the viewport's, the elements sticking out
# (when something does), the h1s and every heading's text.
MEASURE_JS = """() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className.trim()
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const sticking = [];
    if (doc.scrollWidth > width) {
        for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 0.5 && box.width > 0) {
                sticking.push(`${describe(el)} (right edge ${Math.round(box.right)} px)`);
            }
        }
    }
    const text = el => el.textContent.replace(/\\s+/g, ' ').trim();
    return {
        scrollWidth: doc.scrollWidth,
        clientWidth: width,
        sticking: sticking.slice(0, 6),
        h1: [...document.querySelectorAll('h1')].map(text),
        headings: [...document.querySelectorAll('h1, h2, h3, h4')].map(text),
    };
}"""


def screenshots(page: Any, label: str, folder: Path, screens: int = 4) -> None:
    """The page as the phone shows it, one file per screenful (the first `screens`)."""
    from motcua.core.folding import fold

    name = re.sub(r"[^a-z0-9]+", "-", fold(label)).strip("-")
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.documentElement.scrollHeight")
    for screen in range(min(screens, -(-height // size["height"]))):
        top = screen * size["height"]
        clip = {
            "x": 0,
            "y": top,
            "width": size["width"],
            "height": min(size["height"], height - top),
        }
        page.screenshot(path=str(folder / f"{name}-{screen + 1}.png"), full_page=True, clip=clip)


def problems_on(page: Any, label: str) -> list[str]:
    """What is wrong with the page as the phone shows it now (empty when nothing is)."""
    if SCREENSHOTS:
        screenshots(page, label, Path(SCREENSHOTS))
    seen = page.evaluate(MEASURE_JS)
    found = []
    if seen["scrollWidth"] > seen["clientWidth"]:
        found.append(
            f"{label} ({page.url}): scrolls sideways, {seen['scrollWidth']} px wide in a "
            f"{seen['clientWidth']} px viewport; sticking out: {'; '.join(seen['sticking'])}"
        )
    if len(seen["h1"]) != 1:
        found.append(f"{label} ({page.url}): {len(seen['h1'])} h1 headings {seen['h1']}")
    twice = sorted({h for h in seen["headings"] if seen["headings"].count(h) > 1})
    if twice:
        found.append(f"{label} ({page.url}): the same heading more than once: {twice}")
    return found


# --- the citizen's data ---------------------------------------------------------------------------


def small_pdf() -> bytes:
    from tests.browser.test_citizen_flow_in_browser import small_pdf as pdf

    return pdf("giay-to")


def upload(owner: Any, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.documents.models import FileKind
    from motcua.documents.uploads import store_upload

    content = SimpleUploadedFile(name, small_pdf(), content_type="application/pdf")
    return store_upload(content, kind=FileKind.COMPONENT, owner=owner)


@dataclass
class CitizenData:
    citizen: Any
    procedure: Any
    codes: dict[str, str]  # state → dossier code


def citizen_with_dossiers() -> CitizenData:
    """A citizen with one online dossier in each state a citizen's pages show differently, and
    a draft: waiting to be checked, asked for a supplement, result ready, returned and rated."""
    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import DossierDraft
    from motcua.dossiers.services import dossier_submit_online, dossier_transition
    from motcua.ratings.services import rating_submit

    staff = {u.username: u for u in User.objects.filter(is_staff=True)}
    citizen = User.objects.create_user(
        username=CITIZEN["phone"],
        phone=CITIZEN["phone"],
        full_name=CITIZEN["full_name"],
        id_number=CITIZEN["id_number"],
    )
    procedure = Procedure.objects.get(name__startswith=EDIT_DIPLOMA)
    applicant = {
        **CITIZEN,
        "address": "Số 12 đường Trần Phú, phường Lộc Thọ",
        "province": "Khánh Hòa",
    }

    def submitted() -> str:
        files = {c.pk: upload(citizen, f"{c.pk}.pdf") for c in procedure.components.all()}
        return dossier_submit_online(
            citizen=citizen, procedure_code=procedure.code, applicant=applicant, files=files
        ).code

    def move(code: str, *steps: tuple[str, str, dict[str, Any]]) -> None:
        for username, action, params in steps:
            dossier_transition(code=code, action=action, actor=staff[username], params=params)

    to_specialist = (
        ("tiepnhan", "accept", {}),
        ("tiepnhan", "forward", {"to_user": "chuyenvien"}),
    )
    codes = {"waiting": submitted(), "supplement": submitted(), "ready": submitted()}
    move(codes["supplement"], *to_specialist)
    dossier_transition(
        code=codes["supplement"],
        action="request_supplement",
        actor=staff["chuyenvien"],
        note="Bản chụp văn bằng bị mờ, không đọc được số hiệu",
        params={"items": ["Bản chụp rõ nét văn bằng cần chỉnh sửa"]},
    )
    result = upload(staff["vanthu"], "ket-qua.pdf")
    move(
        codes["ready"],
        *to_specialist,
        ("chuyenvien", "forward", {"to_user": "truongphong"}),
        ("truongphong", "forward", {"to_user": "giamdoc"}),
        ("giamdoc", "approve", {"to_user": "vanthu"}),
        ("vanthu", "finish", {"result_file_id": result.pk}),
    )
    codes["returned"] = submitted()
    move(
        codes["returned"],
        *to_specialist,
        ("chuyenvien", "forward", {"to_user": "truongphong"}),
        ("truongphong", "forward", {"to_user": "giamdoc"}),
        ("giamdoc", "approve", {"to_user": "vanthu"}),
        ("vanthu", "finish", {}),
        ("tiepnhan", "return_result", {}),
    )
    from motcua.dossiers.models import Dossier

    rating_submit(
        dossier=Dossier.objects.get(code=codes["returned"]),
        citizen=citizen,
        satisfaction="satisfied",
        scores={},
        comment="",
    )
    # The public statistics show their tables only from the rollup.
    from django.utils import timezone

    from motcua.metrics.services import rollup_refresh

    rollup_refresh(days=[timezone.localdate()])
    other = Procedure.objects.exclude(pk=procedure.pk).filter(online_level="toan_trinh").first()
    DossierDraft.objects.create(citizen=citizen, procedure=other or procedure, data={})
    return CitizenData(citizen=citizen, procedure=procedure, codes=codes)


def signed_in(page: Any, user: Any) -> None:
    """Give the page's context the session of `user` (signed in as the server knows it)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": page.url or "http://127.0.0.1"}]
    )


def latest_sms_code(phone: str) -> str:
    from tests.browser.test_citizen_flow_in_browser import latest_sms_code as code

    return code(phone)


# --- the visits -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    route: str  # the URL name the visit shows
    label: str
    path: str = ""
    signed_in: bool = False
    then: Callable[[Any], None] | None = None  # what to do on the page before measuring


def fill_and_send(fields: dict[str, str], button: str) -> Callable[[Any], None]:
    def act(page: Any) -> None:
        for label, value in fields.items():
            page.get_by_label(label).fill(value)
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()

    return act


def code_step(phone: str) -> Callable[[Any], None]:
    """Ask for a code to `phone`, to reach the step where the code is typed."""

    def act(page: Any) -> None:
        fill_and_send({"Thư điện tử hoặc số điện thoại di động": phone}, "Gửi mã xác thực")(page)
        expect(page).to_have_url(re.compile(r"/xac-thuc/$"))

    return act


def visits(data: CitizenData) -> list[Visit]:
    from motcua.catalog.selectors import procedures_in_force

    codes = data.codes
    track = f"/tra-cuu/?code={codes['ready']}&verify={CITIZEN['id_number'][-4:]}"
    pages = [
        Visit("portal:home", "trang chủ", "/"),
        Visit("portal:catalog", "danh mục thủ tục", "/thu-tuc/"),
        Visit("portal:catalog", "tìm thủ tục", "/thu-tuc/?q=van+bang"),
        Visit("portal:catalog", "danh mục trang 2", "/thu-tuc/?page=2"),
        Visit("portal:submit", "nộp hồ sơ", f"/nop-ho-so/{data.procedure.code}/", True),
        Visit("portal:track", "tra cứu", "/tra-cuu/"),
        Visit("portal:track", "tra cứu có kết quả", track),
        Visit(
            "portal:track", "tra cứu sai mã", "/tra-cuu/?code=000.00.00.H99-000000-0000&verify=1234"
        ),
        Visit("portal:track_code", "tra cứu từ mã QR", f"/tra-cuu/{codes['waiting']}"),
        Visit("portal:my_dossiers", "hồ sơ của tôi", "/ho-so-cua-toi/", True),
        Visit("account:home", "tài khoản", "/tai-khoan/", True),
        Visit("account:register", "đăng ký", "/tai-khoan/dang-ky/"),
        Visit(
            "account:register",
            "đăng ký, địa chỉ sai",
            "/tai-khoan/dang-ky/",
            then=fill_and_send(
                {"Thư điện tử hoặc số điện thoại di động": "không-phải-địa-chỉ"}, "Gửi mã xác thực"
            ),
        ),
        Visit(
            "account:register_confirm",
            "đăng ký, nhập mã",
            "/tai-khoan/dang-ky/",
            then=code_step("0988765432"),
        ),
        Visit("account:sign_in", "đăng nhập", "/tai-khoan/dang-nhap/"),
        Visit(
            "account:sign_in_confirm",
            "đăng nhập, nhập mã",
            "/tai-khoan/dang-nhap/",
            then=code_step(CITIZEN["phone"]),
        ),
        # VNeID is configured with an issuer nobody answers at: the button shows, and starting
        # or coming back from it shows the sign-in page with its message.
        Visit("account:vneid_start", "vneid không trả lời", "/tai-khoan/vneid/"),
        Visit("account:vneid_callback", "vneid, phiên đã hết", "/tai-khoan/vneid/ve/?state=x"),
        Visit("metrics:public", "thống kê công khai", "/thong-ke/"),
        Visit("notify:preferences", "cài đặt thông báo", "/thong-bao/cai-dat/", True),
        Visit("", "trang không tồn tại", "/thu-tuc/khong-co-thu-tuc-nay/"),
        Visit("", "đăng nhập cán bộ", "/dang-nhap/"),
    ]
    pages += [
        Visit("portal:my_dossier", f"hồ sơ của tôi, {state}", f"/ho-so-cua-toi/{code}/", True)
        for state, code in codes.items()
    ]
    others = procedures_in_force().exclude(code=data.procedure.code).order_by("code")
    pages += [
        Visit("portal:procedure", f"thủ tục {code}", f"/thu-tuc/{code}/")
        for code in [data.procedure.code, *others.values_list("code", flat=True)]
    ]
    return pages


def route_names() -> set[str]:
    from importlib import import_module

    names = set()
    for urlconf in CITIZEN_URLCONFS:
        module = import_module(urlconf)
        names |= {f"{module.app_name}:{p.name}" for p in module.urlpatterns}
    return names


# --- the tests ----------------------------------------------------------------------------------


def test_every_citizen_route_is_visited(db):
    """A page added to the citizen's URL configurations is measured here, or said not to be a
    page; a name listed here that no longer exists is a mistake too."""
    from motcua.catalog.models import Procedure

    data = CitizenData(
        citizen=None, procedure=Procedure(code="x"), codes=dict.fromkeys(("waiting", "ready"), "x")
    )
    visited = {v.route for v in visits(data) if v.route}
    assert visited | set(NOT_PAGES) == route_names(), {
        "neither visited nor excused": route_names() - visited - set(NOT_PAGES),
        "not a route": (visited | set(NOT_PAGES)) - route_names(),
    }


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_no_citizen_page_scrolls_sideways_or_doubles_its_heading(
    viewport, demo_site, open_page, settings
):
    settings.MOTCUA_VNEID_ISSUER = "http://127.0.0.1:9"  # the discard port: refused at once
    settings.MOTCUA_VNEID_CLIENT_ID = "motcua-test"
    data = citizen_with_dossiers()
    anonymous = open_page("phone")
    citizen = open_page("phone")
    citizen.goto(f"{demo_site}/")
    signed_in(citizen, data.citizen)
    found: list[str] = []
    for visit in visits(data):
        page = citizen if visit.signed_in else anonymous
        if visit.then is not None:
            page.context.clear_cookies()  # the two-step flows start from a fresh session
        page.goto(demo_site + visit.path)
        if visit.then is not None:
            visit.then(page)
        found += problems_on(page, visit.label)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_check_sees_a_page_that_scrolls_sideways(page, viewport):
    """The measurement is not vacuous: a wide table, two h1s and a repeated heading all fail."""
    page.set_content(
        '<html lang="vi"><head><meta name="viewport" content="width=device-width">'
        "<title>x</title></head><body><h1>Hồ sơ A</h1><h2>Hồ sơ A</h2><h1>Khác</h1>"
        '<table><tr><td style="white-space:nowrap">000.05.15.H99-261005-0001 '
        "000.05.15.H99-261005-0002 000.05.15.H99-261005-0003</td></tr></table></body></html>"
    )
    found = problems_on(page, "made to fail")
    assert any("scrolls sideways" in f and "td" in f for f in found), found
    assert any("2 h1 headings" in f for f in found), found
    assert any("the same heading more than once: ['Hồ sơ A']" in f for f in found), found


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_new_citizen_who_clicked_submit_lands_on_the_form_after_registering(
    page, viewport, demo_site
):
    """ "Nộp hồ sơ trực tuyến" without an account: sign-in page, "Đăng ký", the code, a wrong
    code first, and then the form, not the account page."""
    from motcua.catalog.models import Procedure

    procedure = Procedure.objects.get(name__startswith=EDIT_DIPLOMA)
    page.goto(f"{demo_site}/thu-tuc/{procedure.code}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    page.get_by_role("main").get_by_role("link", name="Đăng ký").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản")
    code_step("0966555444")(page)
    code = latest_sms_code("0966555444")
    page.get_by_label("Mã xác thực").fill(f"{(int(code) + 1) % 10**6:06d}")
    page.get_by_label("Họ và tên").fill("Phạm Văn Dũng")
    page.get_by_role("button", name="Xác nhận và tạo tài khoản").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Mã xác thực").fill(code)
    page.get_by_label("Họ và tên").fill("Phạm Văn Dũng")
    page.get_by_role("button", name="Xác nhận và tạo tài khoản").click()
    expect(page).to_have_url(f"{demo_site}/nop-ho-so/{procedure.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    expect(page.get_by_label("Họ và tên")).to_have_value("Phạm Văn Dũng")
