"""The official slips (biểu mẫu) print what the dossier's history says, in the legal form set in
force, as a PDF with its font embedded and as an editable DOCX."""

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.conf import settings
from docx import Document
from pypdf import PdfReader

from motcua.catalog.models import Field
from motcua.dossiers.exceptions import InvalidInput
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.slips import (
    SlipUnavailable,
    dossiers_for_register,
    render_register,
    render_slip,
)
from motcua.dossiers.slips import content as slip_content
from motcua.dossiers.slips.forms import FORM_SETS
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.workdays.models import DeadlineRules
from motcua.workdays.selectors import rules_in_force

A5_POINTS = (419.5, 595.3)


def move(demo, code, user, action, **kwargs):
    return dossier_transition(code=code, action=action, actor=demo[user], **kwargs)


def receive(demo, channel=1, **applicant):
    return dossier_receive(
        procedure_code=EDIT_DIPLOMA,
        channel=channel,
        applicant={**APPLICANT, **applicant},
        actor=demo["tiepnhan"],
    )


def pdf_pages(content: bytes) -> list:
    assert content.startswith(b"%PDF")
    return list(PdfReader(BytesIO(content)).pages)


def pdf_text(content: bytes) -> str:
    """The PDF's text with line breaks folded into spaces (long lines wrap)."""
    return " ".join(" ".join(page.extract_text() for page in pdf_pages(content)).split())


def embedded_fonts(content: bytes) -> set[str]:
    names = set()
    for page in pdf_pages(content):
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


def docx_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def use_form_set(key: str) -> None:
    DeadlineRules.objects.filter(effective_from=date(2025, 7, 1)).update(form_set=key)


def test_rules_versions_carry_their_legal_form_set(db):
    assert rules_in_force(date(2024, 5, 1)).form_set == "tt01_2018"
    assert rules_in_force(date(2026, 10, 5)).form_set == "tt03_2025"


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_receipt_of_a_counter_dossier_is_one_a5_page_with_diacritics_and_embedded_font(demo):
    dossier = receive(demo)
    slip = render_slip(dossier, "receipt", "pdf")

    assert slip.filename == f"giay-tiep-nhan-{dossier.code}.pdf"
    assert slip.content_type == "application/pdf"
    pages = pdf_pages(slip.content)
    assert len(pages) == 1
    assert (
        round(float(pages[0].mediabox.width), 1),
        round(float(pages[0].mediabox.height), 1),
    ) == A5_POINTS
    text = pdf_text(slip.content)
    for expected in [
        "Mẫu số 01",
        "Thông tư số 03/2025/TT-VPCP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "BỘ PHẬN MỘT CỬA",
        "Khánh Hòa, ngày 05 tháng 10 năm 2026",  # the province's place name, inherited
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {dossier.code}",
        f"Số: {dossier.code}/TNHS",
        "Tiếp nhận hồ sơ của Ông (Bà): Nguyễn Văn An",
        "Số định danh cá nhân: 001090001234",
        "Số 1 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội",
        "0912345678",
        "an@example.vn",
        dossier.procedure.name,
        dossier.components.first().name,
        "Số lượng hồ sơ: 01 bộ",
        "05 ngày làm việc",
        "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 05 tháng 10 năm 2026",
        "17 giờ 00 phút, ngày 12 tháng 10 năm 2026",
        "Tại Bộ phận Một cửa",
        "Số điện thoại liên hệ: 0258 3000 205",  # the desk's own phone
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Nguyễn Thị Tiếp Nhận",
        f"{settings.MOTCUA_PUBLIC_URL}/tra-cuu/{dossier.code}",
    ]:
        assert expected in text
    assert embedded_fonts(slip.content) >= {"Tinos", "Tinos-Bold"}


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_receipt_names_the_authorised_person_and_carries_the_tracking_qr(demo):
    dossier = dossier_receive(
        procedure_code=EDIT_DIPLOMA,
        channel=1,
        applicant=APPLICANT,
        actor=demo["tiepnhan"],
        representative={
            "full_name": "Trần Thị Bình",
            "id_number": "001190005678",
            "document": "Giấy ủy quyền số 12/UQ",
        },
    )
    doc = slip_content.receipt(dossier, FORM_SETS["tt03_2025"])
    assert doc.qr_url == f"{settings.MOTCUA_PUBLIC_URL}/tra-cuu/{dossier.code}"
    slip = render_slip(dossier, "receipt", "pdf")
    text = pdf_text(slip.content)
    assert "Người được ủy quyền nộp hồ sơ: Trần Thị Bình" in text
    assert "Giấy ủy quyền số 12/UQ" in text
    assert len(pdf_pages(slip.content)) == 1


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_receipt_as_docx_reopens_with_a5_page_header_table_and_qr(demo):
    dossier = receive(demo)
    slip = render_slip(dossier, "receipt", "docx")

    assert slip.filename == f"giay-tiep-nhan-{dossier.code}.docx"
    assert slip.content_type.endswith("wordprocessingml.document")
    document = Document(BytesIO(slip.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (148, 210)
    left, right = document.tables[0].rows[0].cells
    assert "BỘ PHẬN MỘT CỬA" in left.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text
    assert len(document.inline_shapes) == 1  # the QR code
    text = docx_text(slip.content)
    assert dossier.code in text and "Nguyễn Văn An" in text
    assert "17 giờ 00 phút, ngày 12 tháng 10 năm 2026" in text


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_supplement_request_lists_each_item_of_the_latest_request(demo):
    code = receive(demo).code
    move(demo, code, "tiepnhan", "forward", params={"to_user": "chuyenvien"})
    with time_machine.travel(vn(2026, 10, 6, 9), tick=False):
        dossier = move(
            demo,
            code,
            "chuyenvien",
            "request_supplement",
            note="Bản sao chưa được chứng thực",
            params={
                "items": [
                    "Bản sao có chứng thực giấy khai sinh",
                    "Bản chính văn bằng cần chỉnh sửa",
                ]
            },
        )

    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        slip = render_slip(dossier, "supplement-request", fmt)
        assert slip.filename == f"phieu-yeu-cau-bo-sung-{code}.{fmt}"
        text = read(slip.content)
        for expected in [
            "Mẫu số 02",
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "PHÒNG QUẢN LÝ CHẤT LƯỢNG",  # the specialist signs for his own unit
            f"{code}/PBS",
            "Khánh Hòa, ngày 06 tháng 10 năm 2026",
            "Hồ sơ của Ông (Bà): Nguyễn Văn An",
            "1. Bản sao có chứng thực giấy khai sinh",
            "2. Bản chính văn bằng cần chỉnh sửa",
            "Lý do: Bản sao chưa được chứng thực",
            "NGƯỜI HƯỚNG DẪN",
            "Trần Văn Chuyên",
            "Phòng Quản lý chất lượng, số điện thoại 0258 3000 230 để được hướng dẫn",
        ]:
            assert expected in text


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_refusal_prints_the_reason_recorded_when_refusing(demo):
    code = receive(demo, channel=2).code
    with pytest.raises(SlipUnavailable, match="không bị từ chối"):
        render_slip(
            move(demo, code, "tiepnhan", "request_supplement", params={"items": ["Đơn đề nghị"]}),
            "refusal",
            "pdf",
        )
    move(demo, code, "tiepnhan", "receive_supplement")
    dossier = move(
        demo, code, "tiepnhan", "refuse", note="Hồ sơ không thuộc thẩm quyền giải quyết của Sở"
    )

    slip = render_slip(dossier, "refusal", "pdf")
    text = pdf_text(slip.content)
    assert slip.filename == f"phieu-tu-choi-{code}.pdf"
    for expected in [
        "Mẫu số 03",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        f"{code}/PTC",
        "thông báo không tiếp nhận, giải quyết hồ sơ này",
        "Hồ sơ không thuộc thẩm quyền giải quyết của Sở",
        "NGƯỜI NỘP HỒ SƠ",
        "Nguyễn Thị Tiếp Nhận",
    ]:
        assert expected in text
    with pytest.raises(SlipUnavailable, match="chưa được tiếp nhận"):
        render_slip(dossier, "receipt", "pdf")


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_apology_gives_the_original_and_the_new_return_date_signed_by_the_head(demo):
    # The phòng's step ran late, so the Sở apologises: headed by the Sở, signed by its director.
    code = receive(demo).code
    move(demo, code, "tiepnhan", "forward")
    with time_machine.travel(vn(2026, 10, 9, 10), tick=False):
        dossier = move(
            demo,
            code,
            "truongphong",
            "apologize",
            note="Chờ xác minh hồ sơ gốc",
            params={"new_due_at": "2026-10-16"},
        )

    text = pdf_text(render_slip(dossier, "apology", "pdf").content)
    for expected in [
        "Mẫu số 04",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        f"{code}/PXL",
        "ỦY BAN NHÂN DÂN TỈNH (MINH HỌA) SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "Khánh Hòa, ngày 09 tháng 10 năm 2026",
        "Kính gửi: Ông (Bà) Nguyễn Văn An",
        f"mã số hồ sơ: {code}",
        "17 giờ 00 phút, ngày 12/10/2026",
        "Lý do: Chờ xác minh hồ sơ gốc",
        "vào 17 giờ 00 phút, ngày 16/10/2026",
        "Sở Giáo dục và Đào tạo xin lỗi Ông (Bà)",
        "GIÁM ĐỐC (Ký, ghi rõ họ tên, đóng dấu) Phạm Văn Giám",
    ]:
        assert expected in text
    assert "PHÒNG QUẢN LÝ CHẤT LƯỢNG" not in text and "Lê Thị Trưởng" not in text
    assert "Phạm Văn Giám" in docx_text(render_slip(dossier, "apology", "docx").content)

    use_form_set("tt01_2018")
    text = pdf_text(render_slip(dossier, "apology", "pdf").content)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Thông tư số 01/2018/TT-VPCP" in text


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_stop_notice_follows_a_withdrawal_and_exists_only_in_the_2025_set(demo):
    code = receive(demo).code
    with time_machine.travel(vn(2026, 10, 6, 14, 30), tick=False):
        dossier = move(
            demo,
            code,
            "tiepnhan",
            "withdraw",
            note="Người nộp đề nghị rút hồ sơ để bổ sung giấy tờ",
        )

    slip = render_slip(dossier, "stop-notice", "pdf")
    text = pdf_text(slip.content)
    assert slip.filename == f"thong-bao-dung-{code}.pdf"
    for expected in [
        "Mẫu số 05",
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Ngày 06/10/2026",
        "Người nộp đề nghị rút hồ sơ để bổ sung giấy tờ",
        "chưa ban hành quyết định giải quyết hoặc văn bản thông báo kết quả",
        "kể từ 14 giờ 30 phút, ngày 06/10/2026",
    ]:
        assert expected in text

    use_form_set("tt01_2018")
    with pytest.raises(
        SlipUnavailable, match="01/2018/TT-VPCP, áp dụng cho hồ sơ này, không có mẫu"
    ):
        render_slip(dossier, "stop-notice", "pdf")


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_control_slip_has_one_row_per_hand_over_with_its_timeliness(demo):
    code = receive(demo).code
    # Step 1 (2,5 working hours) is handed on the same day: on time.
    with time_machine.travel(vn(2026, 10, 5, 10), tick=False):
        move(demo, code, "tiepnhan", "forward", params={"to_user": "chuyenvien"})
    # Step 2 (14 working hours, due Tuesday) is handed on Monday: early.
    with time_machine.travel(vn(2026, 10, 5, 15), tick=False):
        move(demo, code, "chuyenvien", "forward", note="Đủ điều kiện chỉnh sửa")
    # Step 3 (4 working hours, due Tuesday 11:00) is handed on Wednesday: late.
    with time_machine.travel(vn(2026, 10, 7, 9), tick=False):
        dossier = move(demo, code, "truongphong", "forward")
    timeliness = [e.timeliness for e in dossier.events.order_by("at", "id")]
    assert timeliness == ["", "on_time", "early", "late"]

    slip = render_slip(dossier, "control-slip", "pdf")
    text = pdf_text(slip.content)
    assert slip.filename == f"phieu-kiem-soat-{code}.pdf"
    page = pdf_pages(slip.content)[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    for expected in [
        "Mẫu số 06",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"Mã số hồ sơ: {code}",
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO, NHẬN HỒ SƠ",
        "GHI CHÚ",
        "Bộ phận Một cửa Sở Giáo dục và Đào tạo → Phòng Quản lý chất lượng",
        "1. Giao: 10 giờ 00 phút, ngày 05/10/2026",
        "Người giao: Nguyễn Thị Tiếp Nhận",
        "2. Nhận: 10 giờ 00 phút, ngày 05/10/2026",
        "Người nhận: Trần Văn Chuyên",
        "Đúng hạn",
        "Trước hạn",
        "Quá hạn",
        "Đủ điều kiện chỉnh sửa",
    ]:
        assert expected in text
    assert text.count("1. Giao:") == 4

    document = Document(BytesIO(render_slip(dossier, "control-slip", "docx").content))
    assert len(document.tables[1].rows) == 1 + 4
    assert document.sections[0].page_width > document.sections[0].page_height

    use_form_set("tt01_2018")
    text = pdf_text(render_slip(dossier, "control-slip", "pdf").content)
    assert "Mẫu số 05" in text and "Mẫu số 06" not in text


def test_register_lists_the_dossiers_accepted_in_the_period(demo):
    with time_machine.travel(vn(2026, 9, 30, 9), tick=False):
        before = receive(demo, full_name="Lê Thị Hồng")
    with time_machine.travel(vn(2026, 10, 5, 9), tick=False):
        first = receive(demo)
        move(demo, first.code, "tiepnhan", "forward")
    with time_machine.travel(vn(2026, 10, 6, 8, 30), tick=False):
        second = receive(demo, full_name="Phạm Quốc Hưng")
        move(demo, second.code, "tiepnhan", "withdraw", note="Rút hồ sơ")
    unit = first.receiving_unit
    period = (date(2026, 10, 1), date(2026, 10, 31))
    dossiers = dossiers_for_register(unit, *period)
    assert [d.code for d in dossiers] == [first.code, second.code]

    with time_machine.travel(vn(2026, 11, 2, 9), tick=False):
        slip = render_register(dossiers, *period, unit, "pdf")
    assert slip.filename == "so-theo-doi-ho-so-20261001-20261031.pdf"
    text = pdf_text(slip.content)
    for expected in [
        "Mẫu số 07",
        "SỔ THEO DÕI HỒ SƠ",
        "Từ ngày 01/10/2026 đến ngày 31/10/2026",
        "STT",
        "Mã hồ sơ",
        "Tên TTHC",
        "Cơ quan chủ trì giải quyết",
        "Phương thức nhận kết quả",
        "Ký nhận",
        first.code,
        second.code,
        "Nguyễn Văn An",
        "Phạm Quốc Hưng",
        "09:00 05/10/2026",
        "17:00 12/10/2026",
        "Dừng giải quyết",
        "Tại Bộ phận Một cửa",
    ]:
        assert expected in text
    assert before.code not in text and "Lê Thị Hồng" not in text
    assert "Phạm Quốc Hưng" in docx_text(render_register(dossiers, *period, unit, "docx").content)

    field = first.procedure.field
    assert field is not None
    assert list(dossiers_for_register(unit, *period, field=field)) == list(dossiers)
    other = Field.objects.create(name="Lĩnh vực khác")
    empty = render_register(
        dossiers_for_register(unit, *period, field=other), *period, unit, "pdf", field=other
    )
    text = pdf_text(empty.content)
    assert "Lĩnh vực: Lĩnh vực khác" in text and "Không có hồ sơ nào" in text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("supplement-request", "chưa có yêu cầu bổ sung"),
        ("refusal", "không bị từ chối"),
        ("apology", "chưa có văn bản xin lỗi"),
        ("stop-notice", "không dừng giải quyết"),
    ],
)
@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_a_slip_the_dossier_state_does_not_support_is_refused(demo, name, message):
    dossier = receive(demo)
    with pytest.raises(SlipUnavailable, match=message) as error:
        render_slip(dossier, name, "pdf")
    assert error.value.status == 409


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_an_online_dossier_not_yet_accepted_has_no_receipt_or_control_slip(demo):
    dossier = receive(demo, channel=2)
    for name in ("receipt", "control-slip"):
        with pytest.raises(SlipUnavailable, match="chưa được tiếp nhận"):
            render_slip(dossier, name, "pdf")
    with pytest.raises(InvalidInput, match="Không có biểu mẫu"):
        render_slip(dossier, "giay-moi", "pdf")
    with pytest.raises(InvalidInput, match="pdf hoặc docx"):
        render_slip(receive(demo), "receipt", "odt")
