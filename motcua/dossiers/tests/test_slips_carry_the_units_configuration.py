"""Slips print what the units are configured with (place name, phone, head), the unit the signer
signs for, the receipt's entry in the unit's yearly dossier register, and an apology headed and
signed by the agency whose step ran late."""

import time_machine

from motcua.accounts.models import Unit
from motcua.accounts.selectors import unit_agency, unit_place_name, unit_signed_for
from motcua.demo import organisation as demo_org
from motcua.dossiers.models import Dossier
from motcua.dossiers.slips import dossiers_for_register, render_register, render_slip
from motcua.dossiers.tests.conftest import vn
from motcua.dossiers.tests.test_official_slips import move, pdf_text, receive


def test_every_accepted_dossier_gets_the_next_entry_of_its_units_yearly_register(demo):
    with time_machine.travel(vn(2026, 10, 5, 9), tick=False):
        first = receive(demo)
        online = receive(demo, channel=2)
        second = receive(demo)
    assert (first.register_book, first.register_number) == (2026, 1)
    assert (second.register_book, second.register_number) == (2026, 2)
    assert online.register_number is None  # not received for handling yet: not in the book
    with time_machine.travel(vn(2026, 10, 6, 9), tick=False):
        online = move(demo, online.code, "tiepnhan", "accept")
    assert (online.register_book, online.register_number) == (2026, 3)
    with time_machine.travel(vn(2027, 1, 4, 9), tick=False):
        next_year = receive(demo)
    assert (next_year.register_book, next_year.register_number) == (2027, 1)

    text = pdf_text(render_slip(Dossier.objects.get(pk=online.pk), "receipt", "pdf").content)
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: 03" in text

    unit = first.receiving_unit
    dossiers = dossiers_for_register(unit, vn(2026, 10, 1).date(), vn(2026, 10, 31).date())
    assert [d.register_number for d in dossiers] == [1, 2, 3]
    with time_machine.travel(vn(2026, 11, 2, 9), tick=False):
        slip = render_register(
            dossiers, vn(2026, 10, 1).date(), vn(2026, 10, 31).date(), unit, "pdf"
        )
    text = pdf_text(slip.content)
    assert f"3 {online.code}" in text and f"1 {first.code}" in text


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_a_late_cooperating_agency_heads_and_signs_the_apology(demo):
    code = receive(demo).code
    move(demo, code, "tiepnhan", "forward", params={"to_user": "chuyenvien"})
    # Sent to the police on Tue 06/10 for 2 working days: due Thu 08/10 17:00, still there Fri.
    with time_machine.travel(vn(2026, 10, 6, 8), tick=False):
        move(
            demo,
            code,
            "chuyenvien",
            "forward_external",
            params={"to_unit": demo_org.POLICE, "days": 2},
        )
    with time_machine.travel(vn(2026, 10, 9, 10), tick=False):
        dossier = move(
            demo,
            code,
            "truongphong",
            "apologize",
            note="Chờ Công an tỉnh xác minh",
            params={"new_due_at": "2026-10-16"},
        )
    assert dossier.apologies.get().at_fault_unit.code == demo_org.POLICE

    text = pdf_text(render_slip(dossier, "apology", "pdf").content)
    for expected in [
        "ỦY BAN NHÂN DÂN TỈNH (MINH HỌA) CÔNG AN TỈNH",
        "Khánh Hòa, ngày 09 tháng 10 năm 2026",  # the province's place name
        "Tuy nhiên đến nay, Công an tỉnh chưa trả kết quả",
        "GIÁM ĐỐC (Ký, ghi rõ họ tên, đóng dấu)",
    ]:
        assert expected in text, expected
    # No one is configured as the police's head: the name is left for the pen, nobody else's.
    for name in ("Phạm Văn Giám", "Lê Thị Trưởng", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"):
        assert name not in text


def test_place_name_and_agency_are_read_up_the_unit_tree(demo):
    department = Unit.objects.get(code=demo_org.DEPARTMENT)
    quality = Unit.objects.get(code=demo_org.QUALITY)
    assert unit_place_name(quality) == "Khánh Hòa"  # from the province, two levels up
    department.place_name = "Nha Trang"
    department.save(update_fields=["place_name"])
    assert unit_place_name(Unit.objects.get(code=demo_org.QUALITY)) == "Nha Trang"
    assert unit_agency(quality) == department
    assert unit_agency(Unit.objects.get(code=demo_org.POLICE)).code == demo_org.POLICE
    # The director signs for the Sở even for a dossier held by one of its phòng.
    assert unit_signed_for(demo["giamdoc"], quality) == department
    assert unit_signed_for(demo["truongphong"], quality) == quality
    assert unit_signed_for(None, quality) is None


def test_an_administrator_sets_place_phone_and_head_in_the_admin(client, demo):
    unit = Unit.objects.get(code=demo_org.QUALITY)
    client.force_login(demo["quantri"])
    page = client.get(f"/quan-tri/accounts/unit/{unit.pk}/change/")
    assert page.status_code == 200
    for label in ("Thông tin in trên biểu mẫu", "Địa danh", "Điện thoại", "Thủ trưởng"):
        assert label in page.content.decode()
    response = client.post(
        f"/quan-tri/accounts/unit/{unit.pk}/change/",
        {
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "parent": unit.parent_id,
            "is_active": "on",
            "place_name": "Cam Ranh",
            "address": "",
            "phone": "0258 3111 222",
            "head": demo["chuyenvien"].pk,
            "head_title": "Phó Trưởng phòng",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.place_name, unit.phone, unit.head, unit.head_title) == (
        "Cam Ranh",
        "0258 3111 222",
        demo["chuyenvien"],
        "Phó Trưởng phòng",
    )
