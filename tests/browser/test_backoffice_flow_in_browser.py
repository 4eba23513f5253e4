"""The issue's acceptance scenario, tried as the staff would: one counter dossier from intake to
returned result, clicked through in chromium by each officer in turn.

The live server runs in this process, so time_machine moves its clock too (tick=True: time goes
on from each point the test travels to). The supplement arrives two working days after the
reception, so the restart of the 5 working days (NĐ 61/2018, Điều 19 khoản 4) shows.

Schedule (December 2026 has no holidays; office hours 08:00–12:00, 13:00–17:00):
  Mon 07/12 08:30  tiếp nhận; 08:40 chuyển chuyên viên; 09:00 chuyên viên yêu cầu bổ sung
  Wed 09/12 09:00  nhận đủ bổ sung (hạn tính lại); 10:00 chuyển trưởng phòng (trước hạn);
                   10:30 trưởng phòng gửi văn bản xin lỗi, hẹn lại ngày trả
  Thu 10/12 09:00  trưởng phòng chuyển giám đốc (bước 3 có 4 giờ: quá hạn); 09:30 phê duyệt;
                   10:00 văn thư chuyển Một cửa; 10:30 trả kết quả
"""

import io
import re
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM, sign_in_staff

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
time_machine = pytest.importorskip("time_machine")
pypdf = pytest.importorskip("pypdf")
expect = sync_api.expect

pytestmark = pytest.mark.browser

# 3.000466 "… (tại cấp tỉnh)": 05 ngày làm việc.
PROCEDURE = "Chỉnh sửa nội dung văn bằng, chứng chỉ"
APPLICANT = {
    "Họ và tên / tên tổ chức": "Nguyễn Văn An",
    "Số CCCD / mã số thuế": "001090001234",
    "Số điện thoại": "0912345678",
}
MARKS = ("Trước hạn", "Đúng hạn", "Quá hạn")
SHOTS = Path(tempfile.gettempdir())  # /tmp on Debian: /tmp/motcua-*.png


def vn(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    from motcua.core.localtime import VN_TZ

    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


def shown(moment: datetime) -> str:
    """A time as the officer's screens print it ('17:00 14/12/2026')."""
    from motcua.core.localtime import format_datetime

    return format_datetime(moment)


def due_after(start: datetime, working_days: int = 5) -> datetime:
    """What motcua.workdays says is due `working_days` after something received at `start`."""
    from motcua.workdays.deadlines import Duration, compute_deadline
    from motcua.workdays.selectors import load_calendar

    calendar = load_calendar(start.date())
    return compute_deadline(calendar, start, Duration.of(working_days, "working_days")).due_at


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- what an officer does ----------------------------------------------------------------------


def sign_in(page: Any, base_url: str, username: str) -> None:
    sign_in_staff(page, base_url, username)
    expect(page).to_have_url(re.compile(r"/can-bo/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ cần xử lý")


def sign_out(page: Any, base_url: str) -> None:
    page.get_by_role("button", name=re.compile(r"^Đăng xuất")).click()
    page.wait_for_load_state()
    page.goto(f"{base_url}/can-bo/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))  # really signed out


def open_from_inbox(page: Any, tab: str, code: str) -> None:
    """Find the dossier in one of the officer's lists and open it."""
    page.get_by_role("navigation", name="Danh sách hồ sơ").get_by_role(
        "link", name=re.compile(f"^{re.escape(tab)}")
    ).click()
    page.get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")


def action_form(page: Any, label: str) -> Any:
    """The form of one action on the dossier page, its <details> opened."""
    details = page.locator("details.action").filter(
        has=page.locator("summary", has_text=re.compile(f"^{re.escape(label)}$"))
    )
    expect(details).to_have_count(1)
    if not details.evaluate("el => el.open"):
        details.locator("summary").click()
    return details.locator("form")


def act(page: Any, label: str, fill: Callable[[Any], None] | None = None) -> None:
    """Take one action from the dossier page and check it was done."""
    form = action_form(page, label)
    if fill is not None:
        fill(form)
    with page.expect_navigation():
        form.get_by_role("button", name=label, exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã thực hiện: {label}.")


def forward_to(page: Any, officer: str, label: str = "Chuyển xử lý") -> None:
    act(page, label, lambda form: form.get_by_label("Chuyển cho").select_option(label=officer))


def status_tag(page: Any) -> Any:
    return page.locator(".status-line .tag").first


def due_shown(page: Any) -> Any:
    """The «Hạn trả kết quả» line of the dossier's facts."""
    return page.locator("dl.facts").first.locator("dt:text-is('Hạn trả kết quả') + dd")


def slip_url(page: Any, base_url: str, name: str) -> str:
    link = (
        page.get_by_role("region", name="Biểu mẫu")
        .locator("li", has_text=name)
        .get_by_role("link", name="PDF")
    )
    expect(link).to_have_count(1)
    return base_url + link.get_attribute("href")


def pdf_text(page: Any, url: str) -> str:
    """Fetch a slip with the officer's session; its text with whitespace collapsed, in NFC."""
    response = page.request.get(url)
    assert response.ok, f"{url} → HTTP {response.status}"
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF"), body[:20]
    reader = pypdf.PdfReader(io.BytesIO(body))
    return " ".join(_nfc(" ".join(p.extract_text() for p in reader.pages)).split())


# --- checking the screen ------------------------------------------------------------------------


def overflow(page: Any) -> dict[str, Any]:
    """Horizontal overflow of the page and the widest offenders (empty list: it fits).

    What sticks out inside a scrolling box (the inbox table's .table-wrap) is not counted: the
    box scrolls, the page does not."""
    page.evaluate("document.fonts.ready")
    return page.evaluate(
        """() => {
            const limit = document.documentElement.clientWidth + 1;
            const contained = el => {
                for (let box = el.parentElement; box && box !== document.body;
                     box = box.parentElement) {
                    if (getComputedStyle(box).overflowX !== 'visible') return true;
                }
                return false;
            };
            return {
                scroll: document.documentElement.scrollWidth,
                inner: window.innerWidth,
                offenders: [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > limit && !contained(el))
                    .map(el => el.tagName.toLowerCase()
                        + (el.className && typeof el.className === 'string'
                           ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                        + ' right=' + Math.round(el.getBoundingClientRect().right))
                    .slice(0, 10),
            };
        }"""
    )


def assert_fits(page: Any, what: str) -> None:
    widths = overflow(page)
    assert widths["scroll"] <= widths["inner"] + 1 and not widths["offenders"], (
        f"{what}: horizontal overflow {widths}"
    )


def assert_tappable(page: Any, target: Any, what: str) -> None:
    """`target` is on screen, inside the width, big enough for a thumb and not covered."""
    target.scroll_into_view_if_needed()
    expect(target).to_be_visible()
    expect(target).to_be_enabled()
    box = target.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"{what} sticks out: {box}"
    assert box["height"] >= 32, f"{what} is too small to tap: {box}"  # 2.5.8 asks 24 px
    on_top = target.evaluate(
        """el => {
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return hit !== null && (hit === el || el.contains(hit));
        }"""
    )
    assert on_top, f"{what} is covered by another element"


def timeline(page: Any) -> list[dict[str, str]]:
    """Each history entry: what happened and the on-time mark of the hand-over (if any)."""
    return page.locator("ol.timeline > li").evaluate_all(
        """items => items.map(li => ({
            action: li.querySelector('strong').textContent.trim().normalize('NFC'),
            mark: (li.querySelector('.tag') || {textContent: ''}).textContent.trim()
                .normalize('NFC'),
            text: li.textContent.replace(/\\s+/g, ' ').trim().normalize('NFC'),
        }))"""
    )


# --- the scenario -------------------------------------------------------------------------------


def intake(page: Any, base_url: str) -> str:
    """tiepnhan takes the dossier at the counter; returns its code."""
    page.get_by_role("link", name="+ Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ")
    page.wait_for_function("() => window.htmx !== undefined")  # htmx is loaded with defer
    choose_procedure(page)
    for label, value in APPLICANT.items():
        page.get_by_label(label).fill(value)
    page.screenshot(path=str(SHOTS / "motcua-intake-desktop.png"), full_page=True)
    page.get_by_role("button", name="Ghi kết quả kiểm tra và in phiếu").click()
    message = page.get_by_role("status")
    expect(message).to_contain_text("Đã tiếp nhận hồ sơ")
    found = re.search(r"Đã tiếp nhận hồ sơ (\S+)\.", message.inner_text())
    assert found, message.inner_text()
    return found.group(1)


def choose_procedure(page: Any) -> None:
    select = page.get_by_label("Thủ tục hành chính", exact=True)
    options = select.locator("option").filter(has_text=PROCEDURE)
    expect(options).to_have_count(1)
    with page.expect_response(lambda r: "/can-bo/tiep-nhan/thu-tuc/" in r.url):
        select.select_option(value=options.get_attribute("value"))
    checklist = page.locator("#thu-tuc fieldset.components")
    expect(checklist).to_be_visible()
    expect(checklist.get_by_role("checkbox").first).to_be_checked()
    expect(page.get_by_label("Trường hợp", exact=True)).to_contain_text("05 ngày làm việc")


def phone_check_of_intake(open_page: Callable[[str], Any], base_url: str) -> Any:
    """tiepnhan on a phone: the inboxes and the intake fit; returns the signed-in phone page."""
    phone = open_page("phone")
    sign_in(phone, base_url, "tiepnhan")
    assert_fits(phone, "inboxes on a phone")
    phone.get_by_role("link", name="+ Tiếp nhận hồ sơ").click()
    phone.wait_for_function("() => window.htmx !== undefined")
    choose_procedure(phone)
    phone.screenshot(path=str(SHOTS / "motcua-intake-phone.png"), full_page=True)
    assert_fits(phone, "intake on a phone")
    assert_tappable(
        phone, phone.get_by_role("button", name="Ghi kết quả kiểm tra và in phiếu"), "submit"
    )
    return phone


def phone_check_of_dossier(open_page: Callable[[str], Any], base_url: str, code: str) -> None:
    """chuyenvien opens the dossier on a phone: it fits and every action can be opened."""
    phone = open_page("phone")
    sign_in(phone, base_url, "chuyenvien")
    phone.goto(f"{base_url}/can-bo/ho-so/{code}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
    assert_fits(phone, "dossier page on a phone")
    summaries = phone.locator("details.action > summary")
    assert summaries.count() >= 3, summaries.all_inner_texts()
    for summary in summaries.all():
        assert_tappable(phone, summary, f"action «{summary.inner_text()}»")
    primary = phone.locator("details.action[open] form button[type=submit]")
    assert_tappable(phone, primary, "primary action button")
    supplement = phone.locator("details.action").filter(
        has=phone.locator("summary", has_text="Yêu cầu bổ sung, hoàn thiện")
    )
    supplement.locator("summary").tap()
    expect(supplement).to_have_attribute("open", "")
    assert_tappable(phone, supplement.get_by_label("Nội dung cần bổ sung"), "items box")
    assert_tappable(phone, supplement.get_by_role("button"), "supplement button")
    assert_fits(phone, "dossier page on a phone with an action open")
    phone.screenshot(path=str(SHOTS / "motcua-dossier-phone.png"), full_page=True)


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_counter_dossier_from_intake_to_returned_result(page, viewport, demo_site, open_page):
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.timeliness import judge

    base = demo_site
    received_at = vn(2026, 12, 7, 8, 30)
    supplied_at = vn(2026, 12, 9, 9, 0)
    with time_machine.travel(received_at, tick=True) as clock:
        # 1. Intake at the counter, receipt printed.
        sign_in(page, base, "tiepnhan")
        code = intake(page, base)
        expect(page).to_have_url(re.compile(f"/can-bo/ho-so/{re.escape(code)}/\\?in=receipt$"))
        first_due = due_after(received_at)
        assert first_due == vn(2026, 12, 14, 17)  # Mon + 5 working days: Mon 14/12
        expect(due_shown(page)).to_have_text(shown(first_due))
        expect(status_tag(page)).to_have_text("Được tiếp nhận")
        receipt = pdf_text(page, slip_url(page, base, "Giấy tiếp nhận và hẹn trả kết quả"))
        assert code in receipt
        assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".upper() in receipt.upper()
        assert APPLICANT["Họ và tên / tên tổ chức"] in receipt
        assert f"ngày {first_due:%d} tháng {first_due:%m} năm {first_due:%Y}" in receipt
        reception_phone = phone_check_of_intake(open_page, base)

        # 2. To the specialist, who finds a document missing.
        clock.move_to(vn(2026, 12, 7, 8, 40))
        forward_to(page, "Trần Văn Chuyên")
        expect(status_tag(page)).to_have_text("Đang xử lý")
        sign_out(page, base)
        clock.move_to(vn(2026, 12, 7, 9, 0))
        sign_in(page, base, "chuyenvien")
        open_from_inbox(page, "Hồ sơ tôi đang xử lý", code)

        def missing(form: Any) -> None:
            form.get_by_label("Nội dung cần bổ sung").fill(
                "Bản sao giấy khai sinh\nBản chính văn bằng cần chỉnh sửa"
            )
            form.get_by_label("Ghi chú").fill("Thiếu giấy tờ chứng minh nội dung chỉnh sửa")

        act(page, "Yêu cầu bổ sung, hoàn thiện", missing)
        expect(status_tag(page)).to_have_text("Yêu cầu bổ sung giấy tờ")
        expect(page.locator("ol.timeline")).to_contain_text("Bản sao giấy khai sinh")
        sign_out(page, base)

        # The applicant brings everything two working days later: the 5 days start again.
        clock.move_to(supplied_at)
        sign_in(page, base, "tiepnhan")
        open_from_inbox(page, "Chờ bổ sung", code)
        act(page, "Nhận hồ sơ bổ sung")
        new_due = due_after(supplied_at)
        assert new_due == vn(2026, 12, 16, 17) and new_due != first_due
        expect(status_tag(page)).to_have_text("Đang xử lý")
        recomputed = page.locator("ol.timeline li").filter(has_text="Hạn giải quyết tính lại")
        expect(recomputed).to_have_count(1)
        expect(recomputed).to_contain_text(shown(new_due))
        expect(due_shown(page)).to_contain_text(shown(new_due))
        sign_out(page, base)

        # 3. Specialist → unit head, who apologises for a later date, then → director.
        clock.move_to(vn(2026, 12, 9, 10, 0))
        sign_in(page, base, "chuyenvien")
        open_from_inbox(page, "Hồ sơ tôi đang xử lý", code)
        phone_check_of_dossier(open_page, base, code)
        forward_to(page, "Lê Thị Trưởng")
        sign_out(page, base)

        clock.move_to(vn(2026, 12, 9, 10, 30))
        sign_in(page, base, "truongphong")
        open_from_inbox(page, "Hồ sơ tôi đang xử lý", code)
        apology_due = vn(2026, 12, 17, 17)  # one working day after Wed 16/12

        def apology(form: Any) -> None:
            form.get_by_label("Ngày hẹn trả mới").fill("17/12/2026")
            form.get_by_label("Lý do").fill("Chờ xác minh hồ sơ gốc tại trường")

        act(page, "Gửi văn bản xin lỗi, hẹn lại ngày trả", apology)
        expect(page.get_by_role("status")).to_contain_text("Hãy in văn bản xin lỗi")
        expect(due_shown(page).locator("strong")).to_have_text(shown(apology_due))
        expect(due_shown(page)).to_contain_text(f"hạn ghi trên giấy tiếp nhận: {shown(first_due)}")
        apology_pdf = pdf_text(page, slip_url(page, base, "Văn bản xin lỗi và hẹn lại ngày trả"))
        assert code in apology_pdf and "17/12/2026" in apology_pdf

        clock.move_to(vn(2026, 12, 10, 9, 0))  # the head's 4 working hours ran out on Wed
        page.reload()
        forward_to(page, "Phạm Văn Giám")
        sign_out(page, base)

        # Director signs, the clerks send the result to the counter, the counter returns it.
        clock.move_to(vn(2026, 12, 10, 9, 30))
        sign_in(page, base, "giamdoc")
        open_from_inbox(page, "Hồ sơ tôi đang xử lý", code)
        forward_to(page, "Hoàng Thị Văn", label="Phê duyệt, ký kết quả")
        sign_out(page, base)

        clock.move_to(vn(2026, 12, 10, 10, 0))
        sign_in(page, base, "vanthu")
        open_from_inbox(page, "Hồ sơ tôi đang xử lý", code)
        act(page, "Có kết quả (chuyển Bộ phận Một cửa)")
        expect(status_tag(page)).to_have_text("Đã xử lý xong")
        sign_out(page, base)

        clock.move_to(vn(2026, 12, 10, 10, 30))
        sign_in(page, base, "tiepnhan")
        open_from_inbox(page, "Chờ trả kết quả", code)
        act(page, "Trả kết quả")
        expect(status_tag(page)).to_have_text("Đã trả kết quả")
        expect(page.get_by_role("heading", name="Thao tác")).to_have_count(0)

        # 4. The history: every hand-over with its on-time mark, on screen and on the slip.
        entries = timeline(page)
        assert [e["action"] for e in entries] == [
            "Tiếp nhận hồ sơ",
            "Chuyển xử lý",
            "Yêu cầu bổ sung, hoàn thiện",
            "Nhận hồ sơ bổ sung",
            "Chuyển xử lý",
            "Gửi văn bản xin lỗi, hẹn lại ngày trả",
            "Chuyển xử lý",
            "Phê duyệt, ký kết quả",
            "Có kết quả (chuyển Bộ phận Một cửa)",
            "Trả kết quả",
        ], entries
        hand_overs = [
            e["mark"]
            for e in entries
            if e["action"]
            in ("Chuyển xử lý", "Phê duyệt, ký kết quả", "Có kết quả (chuyển Bộ phận Một cửa)")
        ]
        # Reception step same morning; appraisal a day early; the head a day late; the
        # director and the clerks within their hours on the day.
        assert hand_overs == ["Đúng hạn", "Trước hạn", "Quá hạn", "Đúng hạn", "Đúng hạn"]
        dossier = Dossier.objects.get(code=code)
        assert dossier.due_at == apology_due and dossier.original_due_at == first_due
        page.screenshot(path=str(SHOTS / "motcua-dossier-desktop.png"), full_page=True)

        control = pdf_text(page, slip_url(page, base, "Phiếu kiểm soát quá trình giải quyết"))
        assert code in control
        for unit in (
            "Bộ phận Một cửa Sở Giáo dục và Đào tạo",
            "Phòng Quản lý chất lượng",
            "Văn thư Sở",
        ):
            assert unit in control, (unit, control)
        # The overall verdict above the rows is the one module's judgement (dossiers/timeliness).
        overall = re.search(r"so với hạn:\s*(Trước hạn|Đúng hạn|Quá hạn)", control)
        assert overall is not None, control
        assert overall.group(1) == judge(dossier).label, control
        # The marks in the rows, in order (the column heading names all three: left out).
        rows = re.sub(r"\(Trước hạn/ ?Đúng hạn/ ?Quá hạn\)", "", control[overall.end() :])
        assert re.findall("|".join(MARKS), rows) == hand_overs, control

        # The returned dossier, with its whole history, still fits the counter's phone.
        reception_phone.goto(f"{base}/can-bo/ho-so/{code}/")
        expect(status_tag(reception_phone)).to_have_text("Đã trả kết quả")
        assert_fits(reception_phone, "returned dossier on a phone")
        reception_phone.screenshot(
            path=str(SHOTS / "motcua-dossier-phone-returned.png"), full_page=True
        )
