"""A citizen submits online, answers a supplement, gets the result and rates it; another citizen
can never see any of it."""

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog.models import Procedure
from motcua.documents.tests.samples import pdf_bytes
from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier, DossierDraft
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.conftest import EDIT_DIPLOMA, vn
from motcua.ratings.models import Rating

PDF = pdf_bytes()
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
NOW = vn(2026, 10, 5, 9)


def pdf(name="giay-to.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submit(client, citizen, intent="submit", skip_last=False, **extra):
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    data = {
        "intent": intent,
        "full_name": "Nguyễn Văn An",
        "id_number": "001090001234",
        "phone": "0912345678",
        "email": "an@example.vn",
        "result_channel": "online",
        **extra,
    }
    components = list(procedure.components.all())
    for c in components[:-1] if skip_last else components:
        data[f"file_{c.pk}"] = pdf()
    client.force_login(citizen)
    return client.post(f"/nop-ho-so/{EDIT_DIPLOMA}/", data)


def take_to_result(code, demo):
    """The desk accepts an online dossier and each officer hands it on by name until the result
    is ready."""
    for username, action, to_user in (
        ("tiepnhan", "accept", None),
        ("tiepnhan", "forward", "chuyenvien"),
        ("chuyenvien", "forward", "truongphong"),
        ("truongphong", "forward", "giamdoc"),
        ("giamdoc", "approve", "vanthu"),
        ("vanthu", "finish", None),
    ):
        params = {"to_user": to_user} if to_user else {}
        dossier_transition(code=code, action=action, actor=demo[username], params=params)


@time_machine.travel(NOW, tick=False)
def test_missing_uploads_keep_the_draft_and_say_what_is_missing(client, demo, citizen):
    response = submit(client, citizen, skip_last=True)
    assert response.status_code == 400
    assert "Còn thiếu tệp" in response.content.decode()
    draft = DossierDraft.objects.get()
    assert len(draft.files) == 4  # nothing already uploaded is lost
    assert not Dossier.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_renamed_image_is_refused_by_content(client, demo, citizen):
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    client.force_login(citizen)
    first = procedure.components.first()
    response = client.post(
        f"/nop-ho-so/{EDIT_DIPLOMA}/",
        {"intent": "draft", f"file_{first.pk}": pdf("van-bang.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 400
    assert "không dựa vào đuôi tên tệp" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_online_dossier_from_submission_to_rating(client, demo, citizen, other_citizen):
    response = submit(client, citizen)
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/ho-so-cua-toi/{dossier.code}/"
    assert dossier.status == Status.NEW and dossier.channel == 2
    # The two conditional papers were uploaded but their case not ticked: not sent.
    assert dossier.components.filter(file__isnull=False).count() == 3
    assert not DossierDraft.objects.exists()

    dossier_transition(code=dossier.code, action="accept", actor=demo["tiepnhan"])
    dossier_transition(
        code=dossier.code,
        action="forward",
        actor=demo["tiepnhan"],
        params={"to_user": "chuyenvien"},
    )
    dossier_transition(
        code=dossier.code,
        action="request_supplement",
        actor=demo["chuyenvien"],
        note="Văn bằng bị mờ",
        params={"items": ["Bản chụp rõ nét văn bằng"]},
    )
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Bản chụp rõ nét văn bằng" in page and "Nộp bổ sung" in page

    with time_machine.travel(vn(2026, 10, 7, 10), tick=False):
        client.post(
            f"/ho-so-cua-toi/{dossier.code}/",
            {"intent": "supplement", "item_0": pdf("van-bang-ro.pdf")},
        )
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert dossier.due_at == vn(2026, 10, 14, 17)  # 5 working days from the full supplement

    # The other citizen sees nothing of it, by page, file or tracking without the factor.
    client.force_login(other_citizen)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/").status_code == 404
    file_id = dossier.components.exclude(file=None).first().file_id
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/tep/{file_id}/").status_code == 404
    assert (
        client.post(
            f"/ho-so-cua-toi/{dossier.code}/", {"intent": "rate", "satisfaction": "unsatisfied"}
        ).status_code
        == 404
    )
    assert dossier.code not in client.get("/ho-so-cua-toi/").content.decode()

    for user, action in (
        ("chuyenvien", "forward"),
        ("truongphong", "forward"),
        ("giamdoc", "approve"),
    ):
        dossier_transition(code=dossier.code, action=action, actor=demo[user])
    client.force_login(demo["vanthu"])
    client.post(
        f"/can-bo/ho-so/{dossier.code}/",
        {
            "action": "finish",
            "version": Dossier.objects.get().version,
            "result_file": pdf("quyet-dinh-chinh-sua.pdf"),
        },
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.FINISHED and dossier.result_file is not None

    client.force_login(citizen)
    download = client.get(f"/ho-so-cua-toi/{dossier.code}/tep/{dossier.result_file_id}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    client.post(
        f"/ho-so-cua-toi/{dossier.code}/",
        {
            "intent": "rate",
            "satisfaction": "very_satisfied",
            "score_i3": "2",
            "comment": "Nhanh",
        },
    )
    rating = Rating.objects.get()
    assert rating.satisfaction == "very_satisfied" and rating.scores == {"i3": 2}
    again = client.post(
        f"/ho-so-cua-toi/{dossier.code}/",
        {"intent": "rate", "satisfaction": "satisfied"},
        follow=True,
    )
    assert "đã được đánh giá" in again.content.decode() or Rating.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_citizen_requests_withdrawal_and_the_desk_stops_it(client, demo, citizen):
    submit(client, citizen)
    dossier = Dossier.objects.get()
    client.post(f"/ho-so-cua-toi/{dossier.code}/", {"intent": "withdraw", "note": "Nộp nhầm"})
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWAL_REQUESTED
    dossier_transition(
        code=dossier.code,
        action="withdraw",
        actor=demo["tiepnhan"],
        note="Theo đề nghị của công dân",
    )
    assert Dossier.objects.get().status == Status.STOPPED


@time_machine.travel(NOW, tick=False)
def test_tracking_page_by_code_and_last_digits(client, demo, citizen):
    submit(client, citizen)
    code = Dossier.objects.get().code
    client.logout()
    page = client.get("/tra-cuu/", {"code": code, "verify": "1234"}).content.decode()
    assert "Nguyễn V*** A***" in page and "đang chờ" in page
    wrong = client.get("/tra-cuu/", {"code": code, "verify": "9999"})
    assert wrong.status_code == 404
    assert "Không tìm thấy hồ sơ" in wrong.content.decode()


def test_procedures_not_offered_online_cannot_be_submitted(client, demo, citizen):
    Procedure.objects.filter(code=EDIT_DIPLOMA).update(online_level="khong")
    client.force_login(citizen)
    response = client.get(f"/nop-ho-so/{EDIT_DIPLOMA}/")
    assert response.status_code == 302


def test_submission_needs_a_signed_in_citizen(client, demo):
    response = client.get(f"/nop-ho-so/{EDIT_DIPLOMA}/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@time_machine.travel(NOW, tick=False)
def test_a_citizen_submits_for_the_organisation_they_represent(client, demo, citizen):
    from datetime import date

    from motcua.accounts.models import Representation

    rep = Representation.objects.create(
        representative=citizen,
        kind="organisation",
        principal_name="Trường THPT Minh Khai",
        principal_id_number="0101234567",
        document_reference="Giấy ủy quyền số 12/UQ",
        valid_until=date(2027, 1, 1),
    )
    response = submit(client, citizen, acting_for=str(rep.pk))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == "Trường THPT Minh Khai"
    assert dossier.applicant_kind == "organisation"
    assert dossier.representative_name == "Nguyễn Văn An"
    assert dossier.representative_document == "Giấy ủy quyền số 12/UQ"


@time_machine.travel(NOW, tick=False)
def test_the_back_office_sees_ratings_per_dossier_unit_and_officer(client, demo, citizen):
    submit(client, citizen)
    dossier = Dossier.objects.get()
    for user, action in (
        ("tiepnhan", "accept"),
        ("tiepnhan", "forward"),
        ("chuyenvien", "forward"),
        ("truongphong", "forward"),
        ("giamdoc", "approve"),
        ("vanthu", "finish"),
    ):
        dossier_transition(code=dossier.code, action=action, actor=demo[user])
    client.post(
        f"/ho-so-cua-toi/{dossier.code}/",
        {"intent": "rate", "satisfaction": "satisfied", "score_i7": "2"},
    )
    client.force_login(demo["giamdoc"])
    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Hài lòng" in page and "giải quyết hồ sơ: 2/2" in page
    summary = client.get("/can-bo/danh-gia/").content.decode()
    assert "Bộ phận Một cửa Sở Giáo dục và Đào tạo" in summary
    assert "Trần Văn Chuyên" in summary and "100,0%" in summary
