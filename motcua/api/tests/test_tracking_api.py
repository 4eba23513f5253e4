import time_machine

from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_tracking_needs_the_second_factor_and_masks_the_name(client, demo):
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    ).code
    dossier_transition(
        code=code, action="forward", actor=demo["tiepnhan"], params={"to_user": "chuyenvien"}
    )
    body = client.get(f"/api/v1/track/{code}", {"verify": "1234"}).json()  # CCCD ends 1234
    assert body["applicant"] == "Nguyễn V*** A***"
    assert "Phòng Quản lý chất lượng thẩm định" in body["summary"]
    assert "hạn bước này" in body["summary"]
    assert body["due_at"] == "2026-10-12T17:00:00+07:00"
    assert all("Chuyên" not in str(event) for event in body["history"])  # no officer names
    by_phone = client.get(f"/api/v1/track/{code}", {"verify": "5678"})
    assert by_phone.status_code == 200


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_wrong_pairs_and_unknown_codes_look_alike_then_are_limited(client, demo):
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    ).code
    wrong = client.get(f"/api/v1/track/{code}", {"verify": "0000"})
    unknown = client.get("/api/v1/track/NOPE-000000-0000", {"verify": "0000"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    for _ in range(8):
        client.get("/api/v1/track/NOPE-000000-0000", {"verify": "0000"})
    assert client.get(f"/api/v1/track/{code}", {"verify": "1234"}).status_code == 429
