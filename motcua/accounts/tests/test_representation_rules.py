"""A citizen declares whom they act for; staff verify the power of attorney before it counts."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from motcua.accounts.citizens import AccountError, representation_add
from motcua.accounts.models import PrincipalKind, Representation

NEXT_YEAR = timezone.localdate() + timedelta(days=365)


def add(user, **overrides):
    fields = {
        "kind": PrincipalKind.INDIVIDUAL,
        "principal_name": "Trần Thị Bình",
        "principal_id_number": "001199000123",
        "document_reference": "Giấy ủy quyền số 12/GUQ ngày 05/01/2026",
        "valid_until": NEXT_YEAR,
        **overrides,
    }
    return representation_add(representative=user, **fields)


def test_a_new_representation_waits_for_staff_to_verify_it(citizen):
    representation = add(citizen)
    assert not representation.verified
    assert not representation.is_usable_on(timezone.localdate())
    representation.verified = True
    assert representation.is_usable_on(timezone.localdate())
    assert not representation.is_usable_on(NEXT_YEAR + timedelta(days=1))


@pytest.mark.parametrize(
    ("kind", "number", "stored"),
    [
        (PrincipalKind.INDIVIDUAL, "001 199 000 123", "001199000123"),
        (PrincipalKind.ORGANISATION, "0101234567", "0101234567"),
        (PrincipalKind.ORGANISATION, "0101234567-001", "0101234567001"),
    ],
)
def test_identifiers_accepted(citizen, kind, number, stored):
    assert add(citizen, kind=kind, principal_id_number=number).principal_id_number == stored


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"principal_id_number": "00119900012"}, "12 chữ số"),
        ({"kind": PrincipalKind.ORGANISATION, "principal_id_number": "010123456"}, "Mã số thuế"),
        ({"kind": PrincipalKind.ORGANISATION, "principal_id_number": "001199000123"}, "Mã số thuế"),
        ({"principal_name": "  "}, "tên người ủy quyền"),
        ({"document_reference": ""}, "giấy ủy quyền"),
        ({"valid_until": date(2020, 1, 1)}, "hết hiệu lực"),
        ({"kind": "robot"}, "cá nhân hay tổ chức"),
    ],
)
def test_invalid_declarations_are_refused_in_vietnamese(citizen, overrides, message):
    with pytest.raises(AccountError, match=message):
        add(citizen, **overrides)
    assert not Representation.objects.exists()


def test_nobody_represents_themselves(citizen):
    citizen.id_number = "001199000123"
    citizen.save()
    with pytest.raises(AccountError, match="chính mình"):
        add(citizen)


def test_the_same_principal_is_declared_once(citizen, other_citizen):
    add(citizen)
    with pytest.raises(AccountError, match="đã khai báo"):
        add(citizen)
    assert add(other_citizen).representative == other_citizen


def test_staff_accounts_do_not_declare_representations(receptionist):
    with pytest.raises(AccountError, match="công dân"):
        add(receptionist)


def test_the_account_page_form_adds_and_explains(client, citizen):
    client.force_login(citizen)
    response = client.post(
        "/tai-khoan/uy-quyen/",
        {
            "kind": "organisation",
            "principal_name": "Trường THPT Minh Họa",
            "principal_id_number": "0101234567",
            "document_reference": "Giấy ủy quyền số 3/GUQ",
            "valid_until": NEXT_YEAR.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    page = client.get("/tai-khoan/").content.decode()
    assert "Trường THPT Minh Họa" in page and "Chờ cán bộ kiểm tra" in page

    page = client.post(
        "/tai-khoan/uy-quyen/",
        {
            "kind": "individual",
            "principal_name": "Trần Thị Bình",
            "principal_id_number": "123",
            "document_reference": "Giấy ủy quyền số 4/GUQ",
            "valid_until": NEXT_YEAR.strftime("%d/%m/%Y"),
        },
    ).content.decode()
    assert "phải gồm đúng 12 chữ số" in page


def test_a_citizen_sees_and_removes_only_their_own(client, citizen, other_citizen):
    theirs = add(other_citizen, principal_name="Phạm Văn Riêng")
    add(citizen, principal_name="Trần Thị Bình", principal_id_number="001199000999")
    client.force_login(citizen)
    page = client.get("/tai-khoan/").content.decode()
    assert "Trần Thị Bình" in page and "Phạm Văn Riêng" not in page
    assert "Other_Citizen" not in page

    response = client.post(f"/tai-khoan/uy-quyen/{theirs.pk}/xoa/")
    assert response.status_code == 404
    assert Representation.objects.filter(pk=theirs.pk).exists()


def test_the_account_page_asks_a_visitor_to_sign_in(client, db):
    response = client.get("/tai-khoan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=")
