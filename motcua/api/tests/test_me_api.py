"""Two citizens: each reaches only their own dossiers through /api/v1/me."""

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog.models import Procedure
from motcua.documents.models import FileKind
from motcua.documents.tests.samples import pdf_bytes
from motcua.documents.uploads import store_upload
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_submit_online, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn

PDF = pdf_bytes()


def online_dossier(citizen) -> Dossier:
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    files = {
        c.pk: store_upload(SimpleUploadedFile("a.pdf", PDF), kind=FileKind.COMPONENT, owner=citizen)
        for c in procedure.components.all()
    }
    return dossier_submit_online(
        citizen=citizen, procedure_code=EDIT_DIPLOMA, applicant=APPLICANT, files=files
    )


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_each_citizen_sees_only_their_own(client, demo, citizen, other_citizen):
    mine = online_dossier(citizen)
    client.force_login(citizen)
    assert client.get("/api/v1/me/dossiers").json()["count"] == 1
    detail = client.get(f"/api/v1/me/dossiers/{mine.code}").json()
    assert detail["applicant"] == "Nguyễn Văn An"  # own dossier: not masked
    assert "request_withdrawal" in detail["allowed_actions"]

    client.force_login(other_citizen)
    assert client.get("/api/v1/me/dossiers").json()["count"] == 0
    for method, path, body in (
        ("get", f"/api/v1/me/dossiers/{mine.code}", None),
        ("post", f"/api/v1/me/dossiers/{mine.code}/withdrawal", {"reason": "x"}),
        ("post", f"/api/v1/me/dossiers/{mine.code}/rating", {"satisfaction": "satisfied"}),
        ("get", f"/api/v1/me/dossiers/{mine.code}/result", None),
    ):
        call = getattr(client, method)
        response = call(path, body, content_type="application/json") if body else call(path)
        assert response.status_code == 404, path
    # Staff endpoints are closed to citizens too.
    assert client.get("/api/v1/dossiers").status_code == 403
    assert client.get(f"/api/v1/dossiers/{mine.code}").status_code == 404


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_withdrawal_and_rating_through_the_api(client, demo, citizen):
    dossier = online_dossier(citizen)
    client.force_login(citizen)
    early = client.post(
        f"/api/v1/me/dossiers/{dossier.code}/rating",
        {"satisfaction": "satisfied"},
        content_type="application/json",
    )
    assert early.status_code == 409
    body = client.post(
        f"/api/v1/me/dossiers/{dossier.code}/withdrawal",
        {"reason": "Nộp nhầm"},
        content_type="application/json",
    ).json()
    assert body["status"] == 7
    dossier_transition(
        code=dossier.code, action="withdraw", actor=demo["tiepnhan"], note="Theo đề nghị"
    )
    assert client.get(f"/api/v1/me/dossiers/{dossier.code}").json()["status"] == 8
