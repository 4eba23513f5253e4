"""What a citizen reads about their dossier: an online submission nobody has checked yet says it
is waiting to be checked (page, API, message), and the history names the unit that acted."""

import time_machine

from motcua.dossiers.constants import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.notifications import citizen_message
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.dossiers.tracking import public_view
from motcua.portal.tests.test_citizen_online_flow import submit, take_to_result

NOW = vn(2026, 10, 5, 9)
WAITING = "Đã nộp, đang chờ cán bộ kiểm tra"


@time_machine.travel(NOW, tick=False)
def test_an_online_submission_at_status_1_is_waiting_to_be_checked(client, demo, citizen):
    submit(client, citizen)
    dossier = Dossier.objects.get()
    assert dossier.status == 1

    own = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    listed = client.get("/ho-so-cua-toi/").content.decode()
    api_list = client.get("/api/v1/me/dossiers").json()
    for text in (own, listed):
        assert WAITING in text
        assert "Mới đăng ký" not in text and "đã được tiếp nhận" not in text
    assert "chưa được tiếp nhận" in own
    assert api_list["items"][0]["status_label"] == WAITING
    client.logout()
    tracked = client.get("/tra-cuu/", {"code": dossier.code, "verify": "1234"}).content.decode()
    assert WAITING in tracked and "Nộp hồ sơ trực tuyến" in tracked

    submitted = dossier.events.get(action=Action.RECEIVE)
    message = citizen_message(dossier, submitted)
    assert "đang chờ cán bộ kiểm tra" in message and "đã được tiếp nhận" not in message

    # Once the desk accepts it, it is received, and the citizen is told so.
    dossier_transition(code=dossier.code, action="accept", actor=demo["tiepnhan"])
    dossier.refresh_from_db()
    accepted = dossier.events.get(action=Action.ACCEPT)
    assert "đã được tiếp nhận" in citizen_message(dossier, accepted)
    assert public_view(dossier, masked=True)["status_label"] == "Được tiếp nhận"


@time_machine.travel(NOW, tick=False)
def test_the_history_names_the_unit_that_acted_not_the_one_it_went_to(client, demo, citizen):
    submit(client, citizen)
    code = Dossier.objects.get().code
    take_to_result(code, demo)
    history = public_view(Dossier.objects.get(), masked=False)["history"]
    units = [(event["label"], event["unit"]) for event in history]
    desk = demo["tiepnhan"].memberships.get().unit.name
    quality = demo["chuyenvien"].memberships.get().unit.name
    director = demo["giamdoc"].memberships.get().unit.name
    clerks = demo["vanthu"].memberships.get().unit.name
    assert units == [
        ("Nộp hồ sơ trực tuyến", ""),  # the citizen did it
        ("Tiếp nhận hồ sơ", desk),
        ("Chuyển xử lý", desk),
        ("Chuyển xử lý", quality),
        ("Chuyển xử lý", quality),
        ("Phê duyệt, ký kết quả", director),
        ("Có kết quả (chuyển Bộ phận Một cửa)", clerks),
    ]


@time_machine.travel(NOW, tick=False)
def test_a_supplement_asked_at_the_desk_names_the_desk(client, demo, citizen):
    submit(client, citizen)
    code = Dossier.objects.get().code
    dossier_transition(
        code=code,
        action="request_supplement",
        actor=demo["tiepnhan"],
        note="Thiếu bản chụp",
        params={"items": ["Bản chụp văn bằng"]},
    )
    last = public_view(Dossier.objects.get(), masked=False)["history"][-1]
    assert last["label"] == "Yêu cầu bổ sung, hoàn thiện"
    assert last["unit"] == demo["tiepnhan"].memberships.get().unit.name


@time_machine.travel(NOW, tick=False)
def test_a_counter_dossier_is_received_by_the_desk_and_says_so(demo):
    dossier = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    )
    first = public_view(dossier, masked=True)["history"][0]
    assert first["label"] == "Tiếp nhận hồ sơ"
    assert first["unit"] == demo["tiepnhan"].memberships.get().unit.name
