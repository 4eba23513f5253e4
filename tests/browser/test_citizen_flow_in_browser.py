"""The issue's acceptance scenario, as a citizen on a phone (390×844) would live it: register with a
one-time code, find the procedure by typing without diacritics, submit it online (draft first),
answer the supplement request, download the electronic result and rate it. The officers' steps
that matter to the citizen (accept, forward, request a supplement, finish with a result PDF) are
clicked in their own desktop contexts; the appraisal → head → director hand-overs go through the
service functions, which the back-office test already clicks through.

axe-core checks each citizen page on the way (no serious or critical violation), and a context
with JavaScript disabled saves a draft and tracks the dossier by code.

The live server runs in this process, so time_machine moves its clock too (tick=True). Mon
07/12/2026 is an ordinary working day (December 2026 has no holidays).
"""

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import CHROMIUM, check_accessibility

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
time_machine = pytest.importorskip("time_machine")
expect = sync_api.expect

pytestmark = pytest.mark.browser

PROCEDURE = "Chỉnh sửa nội dung văn bằng, chứng chỉ"
QUERY = "chinh sua noi dung van bang"  # typed without diacritics, as on a phone keyboard
CITIZEN = {"phone": "0977123456", "name": "Lê Thị Bình", "id_number": "001190004321"}
MISSING = "Bản chụp rõ nét văn bằng cần chỉnh sửa"


def vn(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    from motcua.core.localtime import VN_TZ

    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


def small_pdf(title: str) -> bytes:
    """A real one-page PDF (with a correct cross-reference table) naming `title`."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def write_pdf(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(small_pdf(name))
    return path


def status_message(page: Any) -> Any:
    return page.locator("main .messages[role=status]")


# --- the citizen ----------------------------------------------------------------------------------


def latest_sms_code(phone: str) -> str:
    """The one-time code in the newest message the SMS simulator recorded for `phone`."""
    from motcua.accounts.citizens import phone_e164
    from motcua.integrations.sms.simulator import simulated_messages_to

    texts = simulated_messages_to(phone_e164(phone))
    assert texts, f"the SMS simulator recorded nothing for {phone}"
    found = re.search(r"\b(\d{6})\b", texts[0])
    assert found, texts[0]
    return found.group(1)


def register_by_phone(page: Any, base: str) -> None:
    page.goto(f"{base}/tai-khoan/dang-ky/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản")
    page.get_by_label("Thư điện tử hoặc số điện thoại di động").fill(CITIZEN["phone"])
    page.get_by_role("button", name="Gửi mã xác thực").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/dang-ky/xac-thuc/$"))
    check_accessibility(page, "registration, code step")
    page.get_by_label("Mã xác thực").fill(latest_sms_code(CITIZEN["phone"]))
    page.get_by_label("Họ và tên").fill(CITIZEN["name"])
    page.get_by_label("Số căn cước công dân").fill(CITIZEN["id_number"])
    page.get_by_role("button", name="Xác nhận và tạo tài khoản").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/$"))
    expect(status_message(page)).to_contain_text("Bạn đã đăng nhập")


def sign_in_by_phone(page: Any, base: str) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Thư điện tử hoặc số điện thoại di động").fill(CITIZEN["phone"])
    page.get_by_role("button", name="Gửi mã xác thực").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/dang-nhap/xac-thuc/$"))
    page.get_by_label("Mã xác thực").fill(latest_sms_code(CITIZEN["phone"]))
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(status_message(page)).to_contain_text("Bạn đã đăng nhập")


def find_procedure(page: Any, base: str) -> None:
    """Type the name without diacritics, wait for HTMX's results, open the procedure."""
    page.goto(f"{base}/thu-tuc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tra cứu thủ tục hành chính")
    page.wait_for_function("() => window.htmx !== undefined")  # htmx is loaded with defer
    page.get_by_label("Tên hoặc mã thủ tục").press_sequentially(QUERY, delay=10)
    page.wait_for_function(
        """query => {
            const count = document.querySelector('#ket-qua .count');
            return count !== null && count.textContent.includes('«' + query + '»')
                && document.querySelector('.htmx-request, .htmx-settling') === null;
        }""",
        arg=QUERY,
    )
    # hx-push-url: the search is in the address bar, to bookmark or share.
    assert parse_qs(urlsplit(page.url).query)["q"] == [QUERY]
    result = page.locator("#ket-qua li.result").first
    expect(result).to_contain_text(PROCEDURE)
    check_accessibility(page, "catalog with search results")
    result.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROCEDURE)


def fill_submission(page: Any, folder: Path) -> int:
    """The applicant's address and one PDF per component; returns the number of components."""
    page.get_by_label("Địa chỉ", exact=True).fill("12 Trần Phú")
    page.get_by_label("Xã, phường").fill("Phường Ba Đình")
    page.get_by_label("Tỉnh, thành phố").fill("Hà Nội")
    slots = page.locator(".upload-slot input[type=file]")
    count = slots.count()
    assert count >= 2, f"{PROCEDURE} should ask for several papers, found {count}"
    for index in range(count):
        slots.nth(index).set_input_files(write_pdf(folder, f"giay-to-{index + 1}.pdf"))
    expect(page.get_by_label("Trực tuyến", exact=True)).to_be_checked()  # the draft's default
    return count


def submit_online(page: Any, folder: Path) -> str:
    """From the procedure page: open the form, save a draft, submit; returns the dossier code."""
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    # Filled in from the account.
    expect(page.get_by_label("Họ và tên")).to_have_value(CITIZEN["name"])
    expect(page.get_by_label("Số định danh cá nhân (CCCD)")).to_have_value(CITIZEN["id_number"])
    expect(page.get_by_label("Số điện thoại")).to_have_value(CITIZEN["phone"])
    check_accessibility(page, "submission form")
    count = fill_submission(page, folder)

    page.get_by_role("button", name="Lưu nháp").click()
    expect(status_message(page)).to_contain_text("Đã lưu nháp")
    expect(page.locator(".upload-slot").filter(has_text="Đã tải lên: giay-to-")).to_have_count(
        count
    )
    expect(page.get_by_label("Địa chỉ", exact=True)).to_have_value("12 Trần Phú")

    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ho-so-cua-toi/[^/]+/$"))
    found = re.search(r"Đã nộp hồ sơ (\S+)\.", status_message(page).inner_text())
    assert found, status_message(page).inner_text()
    return found.group(1)


def plain_status(page: Any) -> Any:
    return page.locator(".dossier-status .status-summary")


# --- the officers ---------------------------------------------------------------------------------


def officer_page(
    open_page: Callable[..., Any], base: str, username: str, *, check: bool = False
) -> Any:
    """A desktop context of its own with `username` signed in (`check`: axe on the sign-in)."""
    from motcua.demo.organisation import DEMO_PASSWORD

    page = open_page("desktop")
    page.goto(f"{base}/dang-nhap/")
    if check:
        check_accessibility(page, "staff sign-in page")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/can-bo/$"))
    return page


def open_from_inbox(page: Any, tab: str, code: str) -> None:
    page.get_by_role("navigation", name="Danh sách hồ sơ").get_by_role(
        "link", name=re.compile(f"^{re.escape(tab)}")
    ).click()
    page.get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")


def act(page: Any, label: str, fill: Callable[[Any], None] | None = None) -> None:
    """Take one action from the back-office dossier page and check it was done."""
    details = page.locator("details.action").filter(
        has=page.locator("summary", has_text=re.compile(f"^{re.escape(label)}$"))
    )
    expect(details).to_have_count(1)
    if not details.evaluate("el => el.open"):
        details.locator("summary").click()
    form = details.locator("form")
    if fill is not None:
        fill(form)
    with page.expect_navigation():
        form.get_by_role("button", name=label, exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã thực hiện: {label}.")


def status_tag(page: Any) -> Any:
    return page.locator(".status-line .tag").first


def move_on_by_services(code: str) -> None:
    """Appraisal → head → director → clerks, as the officers' own test clicks it."""
    from motcua.accounts.models import User
    from motcua.dossiers.services import dossier_transition

    for username, action, to_user in (
        ("chuyenvien", "forward", "truongphong"),
        ("truongphong", "forward", "giamdoc"),
        ("giamdoc", "approve", "vanthu"),
    ):
        dossier_transition(
            code=code,
            action=action,
            actor=User.objects.get(username=username),
            params={"to_user": to_user},
        )


# --- notifications --------------------------------------------------------------------------------


def assert_notified(code: str) -> None:
    """After the outbox runs, the applicant was told of reception, the supplement request and
    the result, by SMS to the phone they registered with."""
    from django.apps import apps

    if not apps.is_installed("motcua.notify"):
        pytest.skip("motcua.notify is not installed: applicant notifications not checked")
    from motcua.accounts.citizens import phone_e164
    from motcua.integrations.sms.models import SimulatedSms
    from motcua.notify.models import Notification
    from motcua.outbox.services import outbox_dispatch

    outbox_dispatch()
    sent = list(Notification.objects.filter(dossier_code=code).values_list("channel", "text"))
    texts = [text for _, text in sent]
    for expected in ("đã được tiếp nhận", "cần bổ sung", "đã có kết quả"):
        assert any(expected in text for text in texts), (expected, sent)
    sms = list(
        SimulatedSms.objects.filter(to=phone_e164(CITIZEN["phone"]), text__contains=code)
        .order_by("sent_at", "id")
        .values_list("text", flat=True)
    )
    assert any("cần bổ sung" in text and MISSING in text for text in sms), sms
    assert any("đã có kết quả" in text for text in sms), sms


# --- the scenario ---------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_citizen_submits_online_supplements_downloads_and_rates(
    page, viewport, demo_site, open_page, tmp_path
):
    from motcua.dossiers.models import Dossier

    base = demo_site
    with time_machine.travel(vn(2026, 12, 7, 8, 30), tick=True):
        # 1. Sign-in page, then registration with the code the SMS simulator received.
        page.goto(f"{base}/tai-khoan/dang-nhap/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
        check_accessibility(page, "citizen sign-in page")
        register_by_phone(page, base)

        # 2. The catalog, the procedure, the form: a draft, then the submission.
        find_procedure(page, base)
        check_accessibility(page, "procedure detail")
        code = submit_online(page, tmp_path)
        expect(page.get_by_role("heading", name=f"Hồ sơ {code}").first).to_be_visible()
        expect(plain_status(page)).to_contain_text("Đã nộp, đang chờ cán bộ kiểm tra.")
        expect(plain_status(page)).to_contain_text("đang chờ")
        expect(plain_status(page)).to_contain_text("chưa được tiếp nhận")
        check_accessibility(page, "my dossier page (just submitted)")

        # 3. The counter accepts it and forwards it; the specialist asks for one more paper.
        reception = officer_page(open_page, base, "tiepnhan", check=True)
        reception.goto(f"{base}/can-bo/?hop=reception")
        reception.get_by_role("link", name=code).click()
        expect(status_tag(reception)).to_have_text("Mới đăng ký")
        act(reception, "Tiếp nhận hồ sơ trực tuyến/bưu chính")
        act(
            reception,
            "Chuyển xử lý",
            lambda form: form.get_by_label("Chuyển cho").select_option(label="Trần Văn Chuyên"),
        )
        specialist = officer_page(open_page, base, "chuyenvien")
        open_from_inbox(specialist, "Hồ sơ tôi đang xử lý", code)

        def missing(form: Any) -> None:
            form.get_by_label("Nội dung cần bổ sung").fill(MISSING)
            form.get_by_label("Ghi chú").fill("Bản chụp văn bằng bị mờ, không đọc được số hiệu")

        act(specialist, "Yêu cầu bổ sung, hoàn thiện", missing)
        expect(status_tag(specialist)).to_have_text("Yêu cầu bổ sung giấy tờ")

        # 4. The citizen sees the request and sends the missing paper.
        page.reload()
        expect(plain_status(page)).to_contain_text(f"Cơ quan yêu cầu bổ sung: {MISSING}")
        supplement = page.get_by_role("region", name="Nộp bổ sung")
        expect(supplement).to_contain_text("Bản chụp văn bằng bị mờ")
        check_accessibility(page, "my dossier page with the supplement form")
        supplement.get_by_label(MISSING).set_input_files(write_pdf(tmp_path, "van-bang-ro.pdf"))
        supplement.get_by_role("button", name="Nộp bổ sung").click()
        expect(status_message(page)).to_contain_text("Đã nộp hồ sơ bổ sung")
        expect(page.get_by_role("region", name="Nộp bổ sung")).to_have_count(0)
        expect(page.get_by_role("region", name="Tệp đã nộp")).to_contain_text("bổ sung lần 1")

        # 5. Head and director by the services; the clerks finish with the signed result PDF.
        move_on_by_services(code)
        clerks = officer_page(open_page, base, "vanthu")
        open_from_inbox(clerks, "Hồ sơ tôi đang xử lý", code)
        result_pdf = write_pdf(tmp_path, "quyet-dinh-chinh-sua.pdf")
        act(
            clerks,
            "Có kết quả (chuyển Bộ phận Một cửa)",
            lambda form: form.get_by_label("Kết quả điện tử").set_input_files(result_pdf),
        )
        expect(status_tag(clerks)).to_have_text("Đã xử lý xong")

        # 6. The citizen downloads the electronic result and rates the service.
        page.reload()
        expect(plain_status(page)).to_contain_text("Đã xử lý xong.")
        expect(plain_status(page)).to_contain_text("ông/bà có thể tải kết quả điện tử")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Tải kết quả điện tử").click()
        download = download_info.value
        assert Path(download.path()).read_bytes() == result_pdf.read_bytes()
        assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
        rating = page.get_by_role("region", name="Đánh giá mức độ hài lòng")
        rating.get_by_label("Rất hài lòng").check()
        rating.get_by_role("button", name="Gửi đánh giá").click()
        expect(status_message(page)).to_contain_text("Cảm ơn ông/bà đã đánh giá")
        expect(page.locator("main .notice")).to_contain_text("Ông/bà đã đánh giá: Rất hài lòng")
        check_accessibility(page, "my dossier page with the result and the rating")
        dossier = Dossier.objects.get(code=code)
        assert dossier.rating.satisfaction == "very_satisfied"

        # 7. Public tracking: a wrong code is refused in words a person understands.
        tracker = open_page("phone")
        tracker.goto(f"{base}/tra-cuu/")
        tracker.get_by_label("Mã hồ sơ").fill(code[:-1] + ("1" if code[-1] != "1" else "2"))
        tracker.get_by_label("4 số cuối").fill(CITIZEN["id_number"][-4:])
        tracker.get_by_role("button", name="Tra cứu").click()
        expect(tracker.get_by_role("alert")).to_contain_text("Không tìm thấy hồ sơ")
        check_accessibility(tracker, "tracking page with a wrong code")

        # 8. The same with JavaScript disabled: sign in, save a draft, track by code.
        no_js = open_page("phone", java_script_enabled=False)
        sign_in_by_phone(no_js, base)
        no_js.goto(f"{base}/nop-ho-so/{dossier.procedure.code}/")
        expect(no_js.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
        count = fill_submission(no_js, tmp_path)
        no_js.get_by_role("button", name="Lưu nháp").click()
        expect(status_message(no_js)).to_contain_text("Đã lưu nháp")
        expect(no_js.locator(".upload-slot").filter(has_text="Đã tải lên")).to_have_count(count)
        expect(no_js.get_by_label("Tỉnh, thành phố")).to_have_value("Hà Nội")
        no_js.goto(f"{base}/tra-cuu/")
        no_js.get_by_label("Mã hồ sơ").fill(code)
        no_js.get_by_label("4 số cuối").fill(CITIZEN["phone"][-4:])
        no_js.get_by_role("button", name="Tra cứu").click()
        expect(no_js.get_by_role("heading", name=f"Hồ sơ {code}").first).to_be_visible()
        expect(plain_status(no_js)).to_contain_text("Đã xử lý xong.")
        expect(no_js.locator(".dossier-status")).to_contain_text("Lê T*** B***")

        # 9. What the applicant was told along the way.
        assert_notified(code)


# --- the checks themselves, and a bug pinned down ---------------------------------------------


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_check_accessibility_fails_on_serious_violations(page, viewport):
    """The helper is not vacuous: an unlabelled field and an image without text fail it."""
    page.set_content(
        '<html lang="vi"><head><title>x</title></head><body><main><h1>x</h1>'
        '<img src="data:,"><input type="text" name="q"></main></body></html>'
    )
    with pytest.raises(pytest.fail.Exception) as failed:
        check_accessibility(page, "a page made to fail")
    assert "[critical] image-alt" in str(failed.value)
    assert "[critical] label" in str(failed.value)


def online_dossier_awaiting_reception() -> str:
    """A citizen's online submission, made by the services (status 1, no unit holds it yet)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure
    from motcua.documents.models import FileKind
    from motcua.documents.uploads import store_upload
    from motcua.dossiers.services import dossier_submit_online

    citizen = User.objects.create_user(username="0977000111", full_name="Trần Văn Cường")
    procedure = Procedure.objects.get(name__startswith=PROCEDURE)
    files = {
        c.pk: store_upload(
            SimpleUploadedFile(f"{c.pk}.pdf", small_pdf(c.name), content_type="application/pdf"),
            kind=FileKind.COMPONENT,
            owner=citizen,
        )
        for c in procedure.components.all()
    }
    applicant = {"full_name": "Trần Văn Cường", "id_number": "001090005555", "phone": ""}
    dossier = dossier_submit_online(
        citizen=citizen, procedure_code=procedure.code, applicant=applicant, files=files
    )
    return dossier.code


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_reception_inbox_lists_an_online_dossier_awaiting_reception(
    page, viewport, demo_site, open_page
):
    code = online_dossier_awaiting_reception()
    reception = officer_page(open_page, demo_site, "tiepnhan")
    response = reception.goto(f"{demo_site}/can-bo/?hop=reception")
    assert response.status == 200, f"the reception inbox answers HTTP {response.status}"
    reception.get_by_role("link", name=code, exact=True).click()
    expect(reception.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
    expect(status_tag(reception)).to_have_text("Mới đăng ký")
