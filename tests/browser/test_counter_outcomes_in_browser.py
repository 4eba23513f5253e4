"""At the counter a receptionist refuses a dossier in chromium: the screen offers the three
outcomes in Vietnamese, prints only the Phiếu từ chối (Mẫu 03), and the public tracking page
shows that slip and no receipt. The checklist asks which conditional papers apply."""

import re
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM
from tests.browser.test_backoffice_flow_in_browser import (
    APPLICANT,
    choose_procedure,
    pdf_text,
    sign_in,
    status_tag,
)

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = pytest.mark.browser
REASON = "Hồ sơ không thuộc thẩm quyền giải quyết của Sở"


def open_counter_intake(page: Any, base: str) -> None:
    """The receptionist opens a new counter intake of the procedure and types the applicant."""
    sign_in(page, base, "tiepnhan")
    page.get_by_role("link", name="+ Tiếp nhận hồ sơ").click()
    page.wait_for_function("() => window.htmx !== undefined")
    choose_procedure(page)
    for label, value in APPLICANT.items():
        page.get_by_label(label).fill(value)


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_refusal_at_the_counter_prints_only_the_refusal(page, viewport, demo_site):
    base = demo_site
    open_counter_intake(page, base)
    outcomes = page.get_by_role("group", name="Kết quả kiểm tra hồ sơ (chọn một)")
    expect(outcomes.get_by_role("radio")).to_have_count(3)
    expect(outcomes.get_by_label(re.compile("^Tiếp nhận, lập giấy tiếp nhận"))).to_be_checked()
    outcomes.get_by_label("Từ chối tiếp nhận (Mẫu 03)").check()
    # Without a reason: a clear message, and what was typed is kept.
    page.get_by_role("button", name="Ghi kết quả kiểm tra và in phiếu").click()
    expect(page.get_by_role("alert")).to_contain_text("Cần nhập lý do từ chối tiếp nhận.")
    expect(page.get_by_label("Họ và tên / tên tổ chức")).to_have_value("Nguyễn Văn An")
    page.get_by_label("Lý do (bắt buộc khi từ chối tiếp nhận)").fill(REASON)
    page.get_by_role("group", name="Kết quả kiểm tra hồ sơ (chọn một)").get_by_label(
        "Từ chối tiếp nhận (Mẫu 03)"
    ).check()
    page.get_by_role("button", name="Ghi kết quả kiểm tra và in phiếu").click()

    message = page.get_by_role("status")
    expect(message).to_contain_text("Đã từ chối tiếp nhận hồ sơ")
    code = re.search(r"hồ sơ (\S+)\.", message.inner_text()).group(1)
    expect(status_tag(page)).to_have_text("Không được tiếp nhận")
    slips = page.get_by_role("region", name="Biểu mẫu")
    expect(slips.locator("li")).to_have_count(1)
    expect(slips.locator("li")).to_contain_text("Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    printed = slips.locator(".print-now").get_by_role("link")
    expect(printed).to_contain_text("(Mẫu 03)")
    text = pdf_text(page, base + printed.get_attribute("href"))
    assert "TỪ CHỐI TIẾP NHẬN" in text.upper() and REASON in text
    assert "HẸN TRẢ" not in text.upper()

    # The applicant tracks the dossier by its code: refused, only the Mẫu 03.
    page.goto(f"{base}/tra-cuu/?code={code}&verify=1234")
    status = page.locator(".dossier-status")
    expect(status).to_contain_text("Không được tiếp nhận")
    expect(status).to_contain_text("Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)")
    expect(status).not_to_contain_text("Giấy tiếp nhận")
    expect(status).not_to_contain_text("Hẹn trả kết quả")
    expect(status).to_contain_text(REASON)


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_counter_checklist_requires_only_the_papers_that_apply(page, viewport, demo_site):
    base = demo_site
    open_counter_intake(page, base)
    checklist = page.locator("#thu-tuc fieldset.components")
    case = checklist.get_by_label(re.compile("^Người nộp thuộc trường hợp chỉnh sửa do bổ sung"))
    expect(case).not_to_be_checked()
    birth = checklist.get_by_label(re.compile("^Giấy khai sinh"))
    expect(birth).not_to_be_checked()
    case.check()
    page.get_by_role("button", name="Ghi kết quả kiểm tra và in phiếu").click()
    expect(page.get_by_role("alert")).to_contain_text("Còn thiếu giấy tờ: Giấy khai sinh")
    checklist = page.locator("#thu-tuc fieldset.components")
    expect(
        checklist.get_by_label(re.compile("^Người nộp thuộc trường hợp chỉnh sửa do bổ sung"))
    ).to_be_checked()
    checklist.get_by_label(re.compile("^Giấy khai sinh")).check()
    page.get_by_role("button", name="Ghi kết quả kiểm tra và in phiếu").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tiếp nhận hồ sơ")
